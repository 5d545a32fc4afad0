package portal_test

import (
	"io"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

// sessionCookie is c's session cookie as the browser holds it.
func sessionCookie(t *testing.T, e *portaltest.Env, c *portaltest.Client) *http.Cookie {
	t.Helper()
	u, _ := url.Parse(e.URL + "/")
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == e.P.Auth.CookieName() {
			return ck
		}
	}
	t.Fatalf("no session cookie in the jar")
	return nil
}

// replay sends GET /session with the cookie set by hand, as someone who
// copied it would, and returns the status.
func replay(t *testing.T, e *portaltest.Env, ck *http.Cookie) int {
	t.Helper()
	req, _ := http.NewRequest("GET", e.URL+shared.APIPrefix+"/session", nil)
	req.Header.Set(shared.AppHeader, shared.AppHeaderValue)
	req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// After signing out the server forgets the session: the old cookie, sent
// by hand rather than by a jar that dropped it, gets 401 (ASVS 7.4.1).
func TestLogoutEndsTheSessionOnTheServer(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	p := person(e, c, "+79120000041", "logout@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	ck := sessionCookie(t, e, c)
	if got := replay(t, e, ck); got != http.StatusOK {
		t.Fatalf("the live cookie by hand: %d, want 200", got)
	}
	c.MustOK("POST", "/logout", nil, nil)
	if got := replay(t, e, ck); got != http.StatusUnauthorized {
		t.Fatalf("the cookie replayed after logout: %d, want 401", got)
	}
}

// The password is compared exactly as typed: no case folding, trimming or
// truncation (ASVS 6.2.8). Four near misses stay under the lockout.
func TestPasswordIsCheckedExactlyAsTyped(t *testing.T) {
	e := start(t, nil)
	p := person(e, e.Client(), "+79120000043", "exact@example.ru")
	for _, tc := range []struct {
		name, password string
		want           shared.Code
	}{
		{"case flipped", "mOY-kABINET-2026!", shared.CodeInvalidCredentials},
		{"trailing space", goodPassword + " ", shared.CodeInvalidCredentials},
		{"leading space", " " + goodPassword, shared.CodeInvalidCredentials},
		{"last character cut", goodPassword[:len(goodPassword)-1], shared.CodeInvalidCredentials},
		{"as typed", goodPassword, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.Client().Do("POST", "/login", shared.LoginRequest{Login: p.Email, Password: tc.password}, nil)
			if got := codeOf(err); got != tc.want {
				t.Errorf("sign-in with %q: %q, want %q", tc.password, got, tc.want)
			}
		})
	}
}

// Recovering the password of an account with an authenticator app opens
// no session and leaves the app in place: the next sign-in asks for it;
// the sessions open before the recovery end (ASVS 6.4.3, 7.4.3).
func TestRecoveryKeepsTheSecondFactorAndEndsSessions(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	p := person(e, c, "+79120000044", "recover2fa@example.ru")
	enrol(t, e, c, p.Email) // c is signed in, with the app proven
	const fresh = "Novyi-Parol-2026!"

	r := e.Client()
	var ch shared.Challenge
	r.MustOK("POST", "/recover/start", shared.RecoverStartRequest{Login: p.Email, Channel: shared.ChannelEmail}, &ch)
	r.MustOK("POST", "/recover/finish", shared.RecoverFinishRequest{ChallengeID: ch.ID, Code: e.LastCode(p.Email), Password: fresh}, nil)

	for _, tc := range []struct {
		name string
		c    *portaltest.Client
	}{{"the recovering browser", r}, {"the browser signed in before", c}} {
		t.Run(tc.name, func(t *testing.T) {
			if status, err := tc.c.Do("GET", "/session", nil, nil); status != http.StatusUnauthorized {
				t.Errorf("GET /session after recovery: %d %+v, want 401", status, err)
			}
		})
	}
	var step shared.SecondFactorStep
	status, err := e.Client().Do("POST", "/login", shared.LoginRequest{Login: p.Email, Password: fresh}, &step)
	if status != http.StatusAccepted || err != nil || !slices.Contains(step.Methods, shared.FactorTOTP) {
		t.Fatalf("sign-in with the new password: %d %+v %+v, want 202 asking for the app", status, err, step)
	}
}
