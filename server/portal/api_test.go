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

func TestRegisterConfirmSignInSignOut(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	var reg shared.RegisterResponse
	req := shared.RegisterRequest{LastName: "Смирнова", FirstName: "Ольга", Phone: "8 (912) 345-67-89",
		Email: "Olga@Example.RU", Password: goodPassword, Consent: true}
	c.MustOK("POST", "/register", req, &reg)
	if reg.Phone.Destination != "+7 912 ***-**-89" || reg.Email.Channel != shared.ChannelEmail {
		t.Fatalf("challenges = %+v / %+v", reg.Phone, reg.Email)
	}

	// Before confirmation the account is pending: it can sign in, but sees why.
	var info shared.SessionInfo
	c.MustOK("POST", "/login", shared.LoginRequest{Login: "+79123456789", Password: goodPassword}, &info)
	if info.Account.Status != shared.StatusPending {
		t.Fatalf("status before confirmation = %s, want pending", info.Account.Status)
	}

	var v shared.VerifyResponse
	c.MustOK("POST", "/verify", shared.VerifyRequest{ChallengeID: reg.Phone.ID, Code: e.LastCode("+79123456789")}, &v)
	if v.Status != shared.StatusPending {
		t.Fatalf("after the phone only: %s, want pending", v.Status)
	}
	c.MustOK("POST", "/verify", shared.VerifyRequest{ChallengeID: reg.Email.ID, Code: e.LastCode("olga@example.ru")}, &v)
	if v.Status != shared.StatusActive {
		t.Fatalf("after both: %s, want active", v.Status)
	}
	// A used code is spent.
	if status, err := c.Do("POST", "/verify", shared.VerifyRequest{ChallengeID: reg.Email.ID, Code: e.LastCode("olga@example.ru")}, nil); err == nil || err.Code != shared.CodeCodeExpired {
		t.Fatalf("reused code: %d %+v", status, err)
	}

	for _, login := range []string{"olga@example.ru", "+7 912 345-67-89", "89123456789"} {
		c2 := e.Client()
		c2.MustOK("POST", "/login", shared.LoginRequest{Login: login, Password: goodPassword}, &info)
		if info.Account.Status != shared.StatusActive || info.Account.Level != shared.LevelSimplified {
			t.Fatalf("login %q: %+v", login, info.Account)
		}
		c2.MustOK("GET", "/session", nil, &info)
		c2.MustOK("POST", "/logout", nil, nil)
		if status, err := c2.Do("GET", "/session", nil, nil); status != http.StatusUnauthorized || err.Code != shared.CodeUnauthenticated {
			t.Fatalf("after logout: %d %+v", status, err)
		}
	}
}

func TestRegistrationRejectsBadInputWithFieldCodes(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	status, err := c.Do("POST", "/register", shared.RegisterRequest{LastName: "", FirstName: "Ольга", Phone: "+1 202 555 0100",
		Email: "nobody", Password: "password"}, nil)
	if status != http.StatusUnprocessableEntity || err.Code != shared.CodeInvalidInput {
		t.Fatalf("got %d %+v", status, err)
	}
	want := map[string]shared.Code{"lastName": shared.CodeRequired, "phone": shared.CodePhoneNotRU, "email": shared.CodeEmailFormat}
	for field, code := range want {
		if got := err.Fields[field]; got.Code != code || got.Message == "" {
			t.Errorf("field %s: %+v, want %s with a message", field, got, code)
		}
	}
	if _, ok := err.Fields["password"]; !ok {
		t.Errorf("a weak password was not rejected: %+v", err.Fields)
	}

	person(e, c, "+79120000001", "first@example.ru")
	status, err = c.Do("POST", "/register", shared.RegisterRequest{LastName: "Другой", FirstName: "Человек",
		Phone: "+7 912 000-00-01", Email: "second@example.ru", Password: goodPassword, Consent: true}, nil)
	if status != http.StatusConflict || err.Code != shared.CodePhoneTaken || err.Fields["phone"].Code != shared.CodePhoneTaken {
		t.Fatalf("taken phone: %d %+v", status, err)
	}
}

func TestWrongCodesAreCountedAndResendWaits(t *testing.T) {
	e := start(t, func(c *config.Config) { c.CodeTries = 3 })
	c := e.Client()
	var reg shared.RegisterResponse
	c.MustOK("POST", "/register", shared.RegisterRequest{LastName: "Кодов", FirstName: "Пётр", Phone: "+79120000002",
		Email: "codes@example.ru", Password: goodPassword, Consent: true}, &reg)
	right := e.LastCode("+79120000002")
	wrong := "000000"
	if wrong == right {
		wrong = "111111"
	}
	_, err := c.Do("POST", "/verify", shared.VerifyRequest{ChallengeID: reg.Phone.ID, Code: wrong}, nil)
	if err == nil || err.Code != shared.CodeCodeInvalid || !contains(err.Fields["code"].Message, "2") {
		t.Fatalf("first wrong code: %+v", err)
	}
	// Resend is refused during the cooldown, with the seconds to wait.
	status, err := c.Do("POST", "/verify/resend", shared.ResendRequest{ChallengeID: reg.Phone.ID}, nil)
	if status != http.StatusTooManyRequests || err.Code != shared.CodeResendTooSoon || err.RetryAfter < 1 {
		t.Fatalf("early resend: %d %+v", status, err)
	}
	c.Do("POST", "/verify", shared.VerifyRequest{ChallengeID: reg.Phone.ID, Code: wrong}, nil)
	_, err = c.Do("POST", "/verify", shared.VerifyRequest{ChallengeID: reg.Phone.ID, Code: wrong}, nil)
	if err == nil || err.Code != shared.CodeCodeExhausted {
		t.Fatalf("third wrong code: %+v", err)
	}
	// Now even the right code does not open it.
	_, err = c.Do("POST", "/verify", shared.VerifyRequest{ChallengeID: reg.Phone.ID, Code: right}, nil)
	if err == nil || err.Code != shared.CodeCodeExhausted {
		t.Fatalf("right code after exhaustion: %+v", err)
	}
	// Codes are stored hashed: the table never holds the code itself.
	var n int
	if err := e.DB.NewRaw("SELECT count(*) FROM challenges WHERE encode(code_hash, 'escape') LIKE '%' || ? || '%'", right).Scan(t.Context(), &n); err != nil || n != 0 {
		t.Fatalf("code found in clear: %d %v", n, err)
	}
}

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

func TestProfileValidationAndLevel(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	p := person(e, c, "+79120000006", "profile@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)

	bad := shared.ProfileRequest{LastName: p.LastName, FirstName: p.FirstName, INN: "7707083894", SNILS: "112-233-445 96"}
	status, err := c.Do("PUT", "/me/profile", bad, nil)
	if status != http.StatusUnprocessableEntity || err.Fields["inn"].Code == "" || err.Fields["snils"].Code != shared.CodeSNILSChecksum {
		t.Fatalf("invalid identifiers: %d %+v", status, err)
	}
	good := shared.ProfileRequest{LastName: p.LastName, FirstName: p.FirstName, BirthDate: "1990-05-17",
		INN: "561100409545", SNILS: "112-233-445 95",
		Passport: shared.Passport{Series: "4510", Number: "654321", IssuedOn: "2010-06-01", IssuedBy: "ОВД района Арбат", DivisionCode: "770-001"}}
	var acc shared.Account
	c.MustOK("PUT", "/me/profile", good, &acc)
	if acc.Level != shared.LevelStandard || acc.SNILS != "11223344595" || acc.Passport == nil {
		t.Fatalf("after passport and СНИЛС: %+v", acc)
	}
	var page shared.JournalPage
	c.MustOK("GET", "/me/journal", nil, &page)
	kinds := map[string]bool{}
	for _, it := range page.Items {
		kinds[it.Kind] = true
		if strings.Contains(it.Details["fields"], "654321") {
			t.Fatalf("journal copied passport data: %+v", it)
		}
	}
	for _, k := range []string{shared.JournalRegistered, shared.JournalLogin, shared.JournalProfileChanged, shared.JournalLevelChanged} {
		if !kinds[k] {
			t.Errorf("journal lacks %s: %+v", k, page.Items)
		}
	}
}

func TestOfficeChecksPermissionsAndConfirmsAndBlocks(t *testing.T) {
	e := start(t, nil)
	if _, err := e.P.Accounts.SeedDemo(t.Context()); err != nil {
		t.Fatal(err)
	}
	pc := e.Client()
	p := person(e, pc, "+79120000007", "office@example.ru")
	var info shared.SessionInfo
	pc.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, &info)
	id := info.Account.ID

	// A pc is not staff.
	if status, err := pc.Do("GET", "/office/people?q="+p.Email, nil, nil); status != http.StatusForbidden || err.Code != shared.CodeForbidden {
		t.Fatalf("pc in office: %d %+v", status, err)
	}
	op := e.Client()
	info = op.SignInDemo("operator@example.ru")
	if !info.Account.Can(shared.PermPeopleConfirm) {
		t.Fatalf("operator permissions: %v", info.Account.Permissions)
	}
	var found shared.PeopleSearch
	op.MustOK("GET", "/office/people?q=%2B7%20912%20000-00-07", nil, &found)
	if len(found.Items) != 1 || found.Items[0].ID != id {
		t.Fatalf("search by phone: %+v", found)
	}
	// Confirmation needs the passport and СНИЛС on file.
	if _, err := op.Do("POST", "/office/people/"+id+"/confirm", shared.ConfirmIdentityRequest{Document: "паспорт 4510 654321"}, nil); err == nil || err.Code != shared.CodeIdentityIncomplete {
		t.Fatalf("confirm without documents: %+v", err)
	}
	pc.MustOK("PUT", "/me/profile", shared.ProfileRequest{LastName: p.LastName, FirstName: p.FirstName, BirthDate: "1990-05-17",
		SNILS: "010-242-368 77", Passport: shared.Passport{Series: "4510", Number: "654321", IssuedOn: "2010-06-01", IssuedBy: "ОВД", DivisionCode: "770-001"}}, nil)
	var acc shared.Account
	op.MustOK("POST", "/office/people/"+id+"/confirm", shared.ConfirmIdentityRequest{Document: "паспорт 4510 654321"}, &acc)
	if acc.Level != shared.LevelConfirmed {
		t.Fatalf("after confirmation: %s", acc.Level)
	}

	op.MustOK("POST", "/office/people/"+id+"/block", shared.StatusChangeRequest{Reason: "Заявление владельца об утере телефона"}, &acc)
	if acc.Status != shared.StatusBlocked {
		t.Fatalf("after block: %s", acc.Status)
	}
	// Blocking ends the person's sessions at once, and sign-in says why.
	if status, _ := pc.Do("GET", "/session", nil, nil); status != http.StatusUnauthorized {
		t.Fatalf("blocked person's session still works: %d", status)
	}
	if _, err := pc.Do("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil); err == nil || err.Code != shared.CodeAccountBlocked {
		t.Fatalf("blocked sign-in: %+v", err)
	}
	op.MustOK("POST", "/office/people/"+id+"/unblock", shared.StatusChangeRequest{Reason: "Личность проверена, телефон восстановлен"}, &acc)
	pc.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)

	var page shared.JournalPage
	op.MustOK("GET", "/office/people/"+id+"/journal", nil, &page)
	if len(page.Items) == 0 || page.Items[0].Kind != shared.JournalLogin {
		t.Fatalf("office journal view: %+v", page.Items)
	}
	if status, _ := op.Do("GET", "/office/people/not-a-uuid", nil, nil); status != http.StatusNotFound {
		t.Fatalf("malformed id: %d", status)
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
	for {
		time.Sleep(300 * time.Millisecond)
		if time.Now().Add(1200 * time.Millisecond).After(end) {
			break
		}
		c.MustOK("POST", "/session/extend", nil, nil) // busy all the time
		extended++
	}
	if extended < 3 {
		t.Fatalf("extended %d times before the end; the test proves nothing", extended)
	}
	// After the end the token is sent all the same (the jar has dropped
	// it): the server itself must refuse it.
	u, _ := url.Parse(e.URL)
	var cookies []string
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		cookies = append(cookies, ck.Name+"="+ck.Value)
	}
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

// The code that confirms the second contact ends the registration signed
// in: a new session (its cookie in the answer) and the journal's sign-in
// entry, so a newcomer is not asked for the password just chosen.
func TestRegistrationEndsSignedIn(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	var reg shared.RegisterResponse
	c.MustOK("POST", "/register", shared.RegisterRequest{LastName: "Новиков", FirstName: "Пётр", Phone: "+79120000077",
		Email: "petr@example.ru", Password: goodPassword, Consent: true}, &reg)

	var v shared.VerifyResponse
	c.MustOK("POST", "/verify", shared.VerifyRequest{ChallengeID: reg.Phone.ID, Code: e.LastCode("+79120000077")}, &v)
	if v.SignedIn {
		t.Fatal("signed in after the phone alone")
	}
	if status, _ := c.Do("GET", "/session", nil, nil); status != http.StatusUnauthorized {
		t.Fatalf("a session after the phone alone: %d", status)
	}
	c.MustOK("POST", "/verify", shared.VerifyRequest{ChallengeID: reg.Email.ID, Code: e.LastCode("petr@example.ru")}, &v)
	if !v.SignedIn || v.Status != shared.StatusActive {
		t.Fatalf("after both codes: %+v", v)
	}
	var info shared.SessionInfo
	c.MustOK("GET", "/session", nil, &info)
	if info.Account.FirstName != "Пётр" || info.SecondFactor || !slices.Equal(info.Methods, []string{"registration"}) {
		t.Fatalf("session: %+v", info)
	}
	var page shared.JournalPage
	c.MustOK("GET", "/me/journal", nil, &page)
	if len(page.Items) == 0 || page.Items[0].Kind != shared.JournalLogin || page.Items[0].Details["methods"] != "registration" {
		t.Fatalf("the journal's newest entry: %+v", page.Items)
	}
}
