package portal_test

import (
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"kabinet/server/config"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

func TestLockoutAnswersAlikeForKnownAndUnknownLogins(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	p := person(e, c, "+79120000003", "locked@example.ru")
	try := func(login, pw string) shared.Code {
		t.Helper()
		_, err := e.Client().Do("POST", "/login", shared.LoginRequest{Login: login, Password: pw}, nil)
		if err == nil {
			return ""
		}
		return err.Code
	}
	for i := 1; i <= 5; i++ {
		known, unknown := try(p.Email, "Wrong-Password-1"), try("ghost@example.ru", "Wrong-Password-1")
		want := shared.CodeInvalidCredentials
		if i == 5 {
			want = shared.CodePasswordLocked
		}
		if known != want || unknown != want {
			t.Fatalf("attempt %d: known=%s unknown=%s, want %s", i, known, unknown, want)
		}
	}
	// Locked: even the right password gets the same answer.
	if got := try(p.Email, goodPassword); got != shared.CodePasswordLocked {
		t.Fatalf("right password while locked: %s", got)
	}
	// The owner was told, with the way out.
	msgs := e.MessagesTo(p.Email)
	if len(msgs) == 0 || !contains(msgs[0].Body, "/recover") || !contains(msgs[0].Body, "5 раз подряд") {
		t.Fatalf("no lockout notice by e-mail: %+v", msgs)
	}
	// Recovery lifts the lock.
	var ch shared.Challenge
	c.MustOK("POST", "/recover/start", shared.RecoverStartRequest{Login: p.Email, Channel: shared.ChannelEmail}, &ch)
	c.MustOK("POST", "/recover/finish", shared.RecoverFinishRequest{ChallengeID: ch.ID, Code: e.LastCode(p.Email), Password: "Novyi-Parol-2026!"}, nil)
	if got := try(p.Email, "Novyi-Parol-2026!"); got != "" {
		t.Fatalf("sign-in after recovery: %s", got)
	}
}

func TestLockoutExpires(t *testing.T) {
	e := start(t, func(c *config.Config) { c.LockoutThreshold = 2; c.LockoutDuration = time.Second })
	c := e.Client()
	p := person(e, c, "+79120000004", "expires@example.ru")
	for range 2 {
		c.Do("POST", "/login", shared.LoginRequest{Login: p.Phone, Password: "Wrong-Password-1"}, nil)
	}
	if _, err := c.Do("POST", "/login", shared.LoginRequest{Login: p.Phone, Password: goodPassword}, nil); err == nil || err.Code != shared.CodePasswordLocked {
		t.Fatalf("not locked: %+v", err)
	}
	time.Sleep(1100 * time.Millisecond)
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Phone, Password: goodPassword}, nil)
}

func TestPerIPThrottle(t *testing.T) {
	e := start(t, func(c *config.Config) { c.IPLimit = 3; c.IPWindow = time.Hour })
	c := e.Client()
	for i := 1; i <= 3; i++ {
		if status, _ := c.Do("POST", "/login", shared.LoginRequest{Login: "x@example.ru", Password: "y"}, nil); status == http.StatusTooManyRequests {
			t.Fatalf("attempt %d throttled", i)
		}
	}
	req, _ := http.NewRequest("POST", e.URL+shared.APIPrefix+"/login", strings.NewReader(`{"login":"x@example.ru","password":"y"}`))
	req.Header.Set("Origin", e.URL)
	req.Header.Set(shared.AppHeader, shared.AppHeaderValue)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	wait, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
	if resp.StatusCode != http.StatusTooManyRequests || wait < 1 || wait > 3600 {
		t.Fatalf("4th attempt: %d Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

// Eleven digits read as a phone and as a СНИЛС: the login signs in the
// one account it names, and none when it names two (each reading another
// account), answered as an unknown login.
func TestLoginThatNamesTwoAccounts(t *testing.T) {
	e := start(t, nil)
	phone := person(e, e.Client(), "+79123456726", "phone@example.ru")
	other := person(e, e.Client(), "+79120000026", "snils@example.ru")
	try := func() shared.Code {
		t.Helper()
		_, err := e.Client().Do("POST", "/login", shared.LoginRequest{Login: "89123456726", Password: goodPassword}, nil)
		if err == nil {
			return ""
		}
		return err.Code
	}
	if got := try(); got != "" {
		t.Fatalf("the phone's owner: %s", got)
	}
	if _, err := e.DB.NewRaw("UPDATE accounts SET snils = '89123456726' WHERE email = ?", other.Email).Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := try(); got != shared.CodeInvalidCredentials {
		t.Fatalf("a login of two accounts: %s, want %s", got, shared.CodeInvalidCredentials)
	}
	if _, err := e.DB.NewRaw("UPDATE accounts SET phone = '+79120000027' WHERE email = ?", phone.Email).Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	var info shared.SessionInfo
	e.Client().MustOK("POST", "/login", shared.LoginRequest{Login: "89123456726", Password: goodPassword}, &info)
	if info.Account.Email != other.Email {
		t.Fatalf("the СНИЛС signed in %q, want %q", info.Account.Email, other.Email)
	}
}

func TestCSRFNeedsOriginAndAppHeader(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	login := shared.LoginRequest{Login: "a@example.ru", Password: "b"}
	cases := []struct {
		name string
		hdr  []string
	}{
		{"no app header", []string{shared.AppHeader, ""}},
		{"foreign origin", []string{"Origin", "http://evil.example"}},
		{"no origin", []string{"Origin", ""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, err := c.Do("POST", "/login", login, nil, tc.hdr...)
			if status != http.StatusForbidden || err.Code != shared.CodeCSRF {
				t.Fatalf("got %d %+v", status, err)
			}
		})
	}
}

func TestSessionCookieAndIdleTimeout(t *testing.T) {
	e := start(t, func(c *config.Config) { c.SessionIdle = 2 * time.Second; c.SessionWarn = time.Second })
	c := e.Client()
	p := person(e, c, "+79120000005", "idle@example.ru")

	req, _ := http.NewRequest("POST", e.URL+shared.APIPrefix+"/login", strings.NewReader(`{"login":"`+p.Email+`","password":"`+goodPassword+`"}`))
	req.Header.Set("Origin", e.URL)
	req.Header.Set(shared.AppHeader, shared.AppHeaderValue)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	cookie := resp.Header.Get("Set-Cookie")
	for _, want := range []string{"kabinet_session=", "httponly", "samesite=strict", "path=/"} {
		if !strings.Contains(strings.ToLower(cookie), strings.ToLower(want)) {
			t.Errorf("cookie %q lacks %s", cookie, want)
		}
	}
	if strings.Contains(strings.ToLower(cookie), "domain=") {
		t.Errorf("cookie %q is not host-only", cookie)
	}
	// A second sign-in gets a different token.
	req2, _ := http.NewRequest("POST", req.URL.String(), strings.NewReader(`{"login":"`+p.Email+`","password":"`+goodPassword+`"}`))
	req2.Header = req.Header.Clone()
	resp2, err := c.HTTP.Do(req2)
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if second := resp2.Header.Get("Set-Cookie"); second == "" || strings.Split(second, ";")[0] == strings.Split(cookie, ";")[0] {
		t.Fatalf("second sign-in reused the token: %q", second)
	}

	var info shared.SessionInfo
	c.MustOK("GET", "/session", nil, &info)
	if info.WarnSeconds != 1 || info.IdleExpiresAt.Sub(info.ServerTime) > 2*time.Second {
		t.Fatalf("session info %+v", info)
	}
	time.Sleep(1200 * time.Millisecond)
	c.MustOK("POST", "/session/extend", nil, &info) // activity: the person pressed "continue"
	time.Sleep(1200 * time.Millisecond)
	c.MustOK("GET", "/session?passive=1", nil, &info) // still alive thanks to the extension
	time.Sleep(2100 * time.Millisecond)
	if status, err := c.Do("GET", "/session", nil, nil); status != http.StatusUnauthorized || err.Code != shared.CodeUnauthenticated {
		t.Fatalf("after idle timeout: %d %+v", status, err)
	}
}

func TestPeopleCannotReachEachOther(t *testing.T) {
	e := start(t, nil)
	a, b := e.Client(), e.Client()
	pa := person(e, a, "+79120000010", "a@example.ru")
	pb := person(e, b, "+79120000011", "b@example.ru")
	a.MustOK("POST", "/login", shared.LoginRequest{Login: pa.Email, Password: goodPassword}, nil)
	b.MustOK("POST", "/login", shared.LoginRequest{Login: pb.Email, Password: goodPassword}, nil)
	var me shared.Account
	a.MustOK("GET", "/me", nil, &me)
	if me.Email != pa.Email {
		t.Fatalf("a sees %s", me.Email)
	}
	// The only per-person routes are /me; office routes need a permission.
	var info shared.SessionInfo
	b.MustOK("GET", "/session", nil, &info)
	if status, _ := a.Do("GET", "/office/people/"+info.Account.ID, nil, nil); status != http.StatusForbidden {
		t.Fatalf("a read b through the office API: %d", status)
	}
}

func TestHealthAndWasmServing(t *testing.T) {
	e := start(t, nil)
	var h shared.Health
	e.Client().MustOK("GET", "/health", nil, &h)
	if h.Status != "ok" || h.Database != "ok" {
		t.Fatalf("health %+v", h)
	}
	for _, tc := range []struct{ accept, encoding, body string }{
		{"gzip, deflate, br", "br", "brotli body"},
		{"gzip", "gzip", "gzip body"},
		{"", "", "\x00asm raw"},
	} {
		req, _ := http.NewRequest("GET", e.URL+"/web/app.wasm", nil)
		req.Header.Set("Accept-Encoding", tc.accept)
		tr := &http.Transport{DisableCompression: true}
		resp, err := (&http.Client{Transport: tr}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.Header.Get("Content-Encoding") != tc.encoding || string(body) != tc.body ||
			resp.Header.Get("Content-Type") != "application/wasm" || resp.Header.Get("ETag") == "" {
			t.Errorf("Accept-Encoding %q: %s %q %q", tc.accept, resp.Header.Get("Content-Encoding"), body, resp.Header.Get("Content-Type"))
		}
	}
	for path, want := range map[string]int{"/": 200, "/login": 200, "/office/people/x": 200, "/no-such-page": 404, "/manifest.webmanifest": 200} {
		resp, err := http.Get(e.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
		}
	}
	resp, err := http.Get(e.URL + "/api/v1/nope")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown API path: %d", resp.StatusCode)
	}
}

func TestSignInWithEveryIdentifier(t *testing.T) {
	e := start(t, nil)
	if _, err := e.P.Accounts.SeedDemo(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, login := range []string{"+7 900 000-00-01", "89000000001", "IVAN@example.ru", "123456789047", "112-233-445 95", "11223344595"} {
		t.Run(login, func(t *testing.T) {
			var info shared.SessionInfo
			e.Client().MustOK("POST", "/login", shared.LoginRequest{Login: login, Password: "Kabinet-Demo-2026"}, &info)
			if info.Account.LastName != "Иванов" || info.Account.Level != shared.LevelConfirmed {
				t.Fatalf("signed in as %+v", info.Account)
			}
		})
	}
}

func TestAbsoluteLifetimeEndsAnActiveSession(t *testing.T) {
	e := start(t, func(c *config.Config) {
		c.SessionIdle, c.SessionAbsolute, c.SessionWarn = 1500*time.Millisecond, 3500*time.Millisecond, 500*time.Millisecond
	})
	c := e.Client()
	p := person(e, c, "+79120000012", "absolute@example.ru")
	var info shared.SessionInfo
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, &info)
	// The session's own end, as the server set it (the same clock): a slow
	// sign-in on a loaded machine does not move it. The cookie's Expires is
	// written in whole seconds, so the client drops it up to a second
	// early: the last request goes more than a second before the end.
	end := info.ExpiresAt
	extended := 0
	// The cookies as they were after the last extension: on a loaded
	// machine a sleep can overshoot past the moment the jar drops them.
	u, _ := url.Parse(e.URL)
	var cookies []string
	for {
		time.Sleep(300 * time.Millisecond)
		if time.Now().Add(1200 * time.Millisecond).After(end) {
			break
		}
		c.MustOK("POST", "/session/extend", nil, nil) // busy all the time
		extended++
		cookies = cookies[:0]
		for _, ck := range c.HTTP.Jar.Cookies(u) {
			cookies = append(cookies, ck.Name+"="+ck.Value)
		}
	}
	if extended < 3 {
		t.Fatalf("extended %d times before the end; the test proves nothing", extended)
	}
	// After the end the token is sent all the same (the jar has dropped
	// it): the server itself must refuse it.
	if len(cookies) == 0 {
		t.Fatal("no session cookie before the end")
	}
	time.Sleep(time.Until(end) + 300*time.Millisecond)
	c.Header = http.Header{"Cookie": {strings.Join(cookies, "; ")}}
	if status, err := c.Do("GET", "/session", nil, nil); status != http.StatusUnauthorized || err.Code != shared.CodeUnauthenticated {
		t.Fatalf("after the absolute lifetime: %d %+v", status, err)
	}
}

func TestSessionsAndDevices(t *testing.T) {
	e := start(t, nil)
	phone, laptop, stranger := e.Client(), e.Client(), e.Client()
	const androidUA = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/156.0 Mobile Safari/537.36"
	// The registration ends signed in, on the phone: its first session.
	phone.Header = http.Header{"User-Agent": {androidUA}}
	p := person(e, phone, "+79120000013", "devices@example.ru")
	login := func(c *portaltest.Client, ua string) {
		t.Helper()
		if status, err := c.Do("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil, "User-Agent", ua); err != nil {
			t.Fatalf("login from %s: %d %+v", ua, status, err)
		}
	}
	const linuxUA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36"
	// The registration's session on the phone was the first sign-in.
	if n := len(e.MessagesTo(p.Email)); n != 1 { // only the confirmation code so far
		t.Fatalf("the first sign-in sent %d messages", n)
	}
	login(laptop, linuxUA)
	msgs := e.MessagesTo(p.Email)
	if len(msgs) != 2 || !contains(msgs[0].Body, "Chrome 156, Linux") || !contains(msgs[0].Body, "/sessions") || !contains(msgs[0].Body, "/not-me#") {
		t.Fatalf("no new-device notice: %+v", msgs)
	}
	login(laptop, linuxUA) // a known device is not news
	if n := len(e.MessagesTo(p.Email)); n != 2 {
		t.Fatalf("a known device was announced again (%d messages)", n)
	}

	var list shared.SessionList
	laptop.MustOK("GET", "/me/sessions", nil, &list)
	if len(list.Items) != 2 { // the laptop's second sign-in ended its first session
		t.Fatalf("sessions: %+v", list.Items)
	}
	var current, android string
	for _, s := range list.Items {
		if s.Current {
			current = s.ID
		}
		if s.Device == "Chrome 156, Android" {
			android = s.ID
		}
	}
	if current == "" || android == "" || !slices.Equal(list.Items[0].Methods, []string{"password"}) {
		t.Fatalf("sessions: %+v", list.Items)
	}
	// Someone else cannot end these sessions.
	q := person(e, stranger, "+79120000014", "stranger@example.ru")
	stranger.MustOK("POST", "/login", shared.LoginRequest{Login: q.Email, Password: goodPassword}, nil)
	if status, _ := stranger.Do("DELETE", "/me/sessions/"+android, nil, nil); status != http.StatusNotFound {
		t.Fatalf("a stranger ended someone's session: %d", status)
	}
	phone.MustOK("GET", "/session", nil, nil)

	laptop.MustOK("DELETE", "/me/sessions/"+android, nil, nil)
	if status, _ := phone.Do("GET", "/session", nil, nil); status != http.StatusUnauthorized {
		t.Fatalf("the signed-out phone still works: %d", status)
	}
	laptop.MustOK("POST", "/me/sessions/revoke-others", nil, nil)
	laptop.MustOK("GET", "/me/sessions", nil, &list)
	if len(list.Items) != 1 || !list.Items[0].Current {
		t.Fatalf("after signing out the others: %+v", list.Items)
	}
	var page shared.JournalPage
	laptop.MustOK("GET", "/me/journal", nil, &page)
	kinds := map[string]int{}
	for _, it := range page.Items {
		kinds[it.Kind]++
	}
	if kinds[shared.JournalNewDevice] != 1 || kinds[shared.JournalSessionRevoked] != 2 {
		t.Fatalf("journal kinds %v", kinds)
	}
}
