package portal_test

import (
	"net/http"
	"net/url"
	"testing"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

// cookie is c's session cookie as the browser holds it now.
func cookie(t *testing.T, e *portaltest.Env, c *portaltest.Client) string {
	t.Helper()
	u, _ := url.Parse(e.URL)
	for _, k := range c.HTTP.Jar.Cookies(u) {
		if k.Name == "kabinet_session" {
			return k.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}

// replay sends GET /session with the cookie value alone, as someone who
// copied it would.
func replay(t *testing.T, e *portaltest.Env, value string) int {
	t.Helper()
	status, _ := e.Client().Do("GET", "/session", nil, nil, "Cookie", "kabinet_session="+value)
	return status
}

// A browser that signs in again ends its previous session, and a step-up
// gives the session a new token: the old cookie, replayed by hand, opens
// nothing, while the browser (which got the new cookie) goes on.
func TestSessionTokenRotatesOnPrivilegeChange(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	p := person(e, c, "+79120000071", "rotate@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	first := cookie(t, e, c)
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	second := cookie(t, e, c)
	if first == second {
		t.Fatal("a new sign-in kept the token")
	}
	if status := replay(t, e, first); status != http.StatusUnauthorized {
		t.Fatalf("the session before the new sign-in: %d", status)
	}
	secret := c.AddApp() // the first factor proven in the session: a step-up
	third := cookie(t, e, c)
	if status := replay(t, e, second); third == second || status != http.StatusUnauthorized {
		t.Fatalf("the token before the factor was set up: %d", status)
	}
	c.MustOK("POST", "/me/step-up", shared.SecondFactorRequest{Method: shared.FactorTOTP, Code: e.TOTPCode(p.Email, secret)}, nil)
	fourth := cookie(t, e, c)
	if status := replay(t, e, third); fourth == third || status != http.StatusUnauthorized {
		t.Fatalf("the token before the step-up: %d", status)
	}
	var info shared.SessionInfo
	c.MustOK("GET", "/session", nil, &info)
	if info.StepUpUntil.IsZero() {
		t.Fatalf("the rotated session lost its step-up: %+v", info)
	}
}
