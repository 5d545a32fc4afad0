package portal_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"kabinet/server/config"
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

// replayToken sends GET /session with the cookie value alone, as someone who
// copied it would.
func replayToken(t *testing.T, e *portaltest.Env, value string) int {
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
	if status := replayToken(t, e, first); status != http.StatusUnauthorized {
		t.Fatalf("the session before the new sign-in: %d", status)
	}
	secret := c.AddApp() // the first factor proven in the session: a step-up
	third := cookie(t, e, c)
	if status := replayToken(t, e, second); third == second || status != http.StatusUnauthorized {
		t.Fatalf("the token before the factor was set up: %d", status)
	}
	c.MustOK("POST", "/me/step-up", shared.SecondFactorRequest{Method: shared.FactorTOTP, Code: e.TOTPCode(p.Email, secret)}, nil)
	fourth := cookie(t, e, c)
	if status := replayToken(t, e, third); fourth == third || status != http.StatusUnauthorized {
		t.Fatalf("the token before the step-up: %d", status)
	}
	var info shared.SessionInfo
	c.MustOK("GET", "/session", nil, &info)
	if info.StepUpUntil.IsZero() {
		t.Fatalf("the rotated session lost its step-up: %+v", info)
	}
}

// age moves the sign-in and every re-authentication of the account's
// sessions back past the step-up window.
func age(t *testing.T, e *portaltest.Env, email string) {
	t.Helper()
	_, err := e.DB.ExecContext(t.Context(), `UPDATE sessions SET created_at = created_at - interval '6 minutes',
		step_up_at = step_up_at - interval '6 minutes', reauth_at = reauth_at - interval '6 minutes'
		WHERE account_id = (SELECT id FROM accounts WHERE email = ?)`, email)
	if err != nil {
		t.Fatal(err)
	}
}

// Adding the first factor (app, SMS or passkey), changing ИНН or СНИЛС
// (sign-in identifiers) and ending another session or all others ask for
// the password again in an account without a factor, and for a factor in
// one with it (ASVS 7.5.1, 7.5.2).
func TestSensitiveChangesAskToAuthenticateAgain(t *testing.T) {
	e := start(t, nil)
	c, other := e.Client(), e.Client()
	p := person(e, c, "+79120000072", "reauth@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	other.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	var list shared.SessionList
	c.MustOK("GET", "/me/sessions", nil, &list)
	otherID := ""
	for _, it := range list.Items {
		if !it.Current {
			otherID = it.ID
		}
	}
	age(t, e, p.Email)
	profile := shared.ProfileRequest{LastName: p.LastName, FirstName: p.FirstName, MiddleName: p.MiddleName}
	withSNILS, withINN := profile, profile
	withSNILS.SNILS, withINN.INN = "112-233-445 95", "561100409545"
	sensitive := []struct {
		method, path string
		body         any
	}{
		{"POST", "/me/totp", nil},
		{"POST", "/me/sms-factor", nil},
		{"POST", "/me/passkeys/options", shared.PasskeyBeginRequest{Name: "Телефон"}},
		{"DELETE", "/me/sessions/" + otherID, nil},
		{"POST", "/me/sessions/revoke-others", nil},
		{"PUT", "/me/profile", withSNILS},
		{"PUT", "/me/profile", withINN},
	}
	for _, r := range sensitive {
		if status, err := c.Do(r.method, r.path, r.body, nil); status != http.StatusForbidden || err.Code != shared.CodeReauthRequired {
			t.Fatalf("%s %s long after the password: %d %+v", r.method, r.path, status, err)
		}
	}
	if _, err := c.Do("POST", "/me/reauth", shared.ReauthRequest{Password: "wrong-password-1"}, nil); err == nil || err.Fields["password"].Code != shared.CodeWrongPassword {
		t.Fatalf("a wrong password: %+v", err)
	}
	before := cookie(t, e, c)
	c.MustOK("POST", "/me/reauth", shared.ReauthRequest{Password: goodPassword}, nil)
	if status := replayToken(t, e, before); status != http.StatusUnauthorized {
		t.Fatalf("the token before the password was given again: %d", status)
	}
	for _, r := range sensitive {
		c.MustOK(r.method, r.path, r.body, nil)
	}
	if status, _ := other.Do("GET", "/session", nil, nil); status != http.StatusUnauthorized {
		t.Fatalf("the other session, ended after the password: %d", status)
	}
	// With a factor the password is not enough: the factor is asked.
	c.AddApp()
	age(t, e, p.Email)
	if status, err := c.Do("POST", "/me/sessions/revoke-others", nil, nil); status != http.StatusForbidden || err.Code != shared.CodeStepUpRequired {
		t.Fatalf("ending other sessions without a fresh factor: %d %+v", status, err)
	}
	if _, err := c.Do("POST", "/me/reauth", shared.ReauthRequest{Password: goodPassword}, nil); err == nil || err.Code != shared.CodeStepUpRequired {
		t.Fatalf("a password in place of the factor: %+v", err)
	}
}

// Beyond SESSION_MAX open sessions a sign-in ends the one unused the
// longest, journals it and tells the person.
func TestSessionLimitEndsTheLeastRecentlyUsed(t *testing.T) {
	// Use is recorded once a touch step (SESSION_TOUCH_STEP): with a step
	// of a millisecond every request here counts as use.
	e := start(t, func(c *config.Config) { c.SessionMax, c.SessionTouchStep = 2, time.Millisecond })
	phone, laptop, tablet := e.Client(), e.Client(), e.Client()
	p := person(e, phone, "+79120000073", "limit@example.ru")
	phone.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	laptop.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	time.Sleep(5 * time.Millisecond)
	phone.MustOK("GET", "/session", nil, nil) // the phone is used after the laptop
	tablet.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	if status, _ := laptop.Do("GET", "/session", nil, nil); status != http.StatusUnauthorized {
		t.Fatalf("the least recently used session survived the limit: %d", status)
	}
	phone.MustOK("GET", "/session", nil, nil)
	tablet.MustOK("GET", "/session", nil, nil)
	for _, to := range []string{p.Email, p.Phone} {
		msgs := e.MessagesTo(to)
		if len(msgs) == 0 || !contains(msgs[0].Body, "2 сеанс") {
			t.Fatalf("%s was not told: %+v", to, msgs[0])
		}
	}
	var page shared.JournalPage
	tablet.MustOK("GET", "/me/journal", nil, &page)
	n := 0
	for _, it := range page.Items {
		if it.Kind == shared.JournalSessionLimit {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d session-limit entries in the journal", n)
	}
}

// journalActors lists the staff actors of the account's journal entries of kind.
func journalActors(t *testing.T, e *portaltest.Env, email, kind string) []string {
	t.Helper()
	var out []string
	err := e.DB.NewRaw(`SELECT coalesce(j.actor_id::text, '') FROM journal j JOIN accounts a ON a.id = j.account_id
		WHERE a.email = ? AND j.kind = ? ORDER BY j.id`, email, kind).Scan(t.Context(), &out)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Staff with the permission to block end one or all of a person's
// sessions without blocking the account; the journal names the staff
// member and the person is told.
func TestStaffEndAPersonsSessions(t *testing.T) {
	e := start(t, nil)
	e.SeedDemo()
	phone, laptop := e.Client(), e.Client()
	p := person(e, phone, "+79120000074", "ended@example.ru")
	phone.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	laptop.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	var me shared.Account
	phone.MustOK("GET", "/me", nil, &me)

	anna := e.Client()
	anna.SignInDemo("anna@example.ru")
	if status, _ := anna.Do("POST", "/office/people/"+me.ID+"/sessions/end", nil, nil); status != http.StatusForbidden {
		t.Fatalf("a person without the permission ended sessions: %d", status)
	}
	op := e.Client()
	info := op.SignInDemo("operator@example.ru")
	var list shared.SessionList
	op.MustOK("GET", "/office/people/"+me.ID+"/sessions", nil, &list)
	if len(list.Items) != 2 || list.Items[0].Device == "" || list.Items[0].IP == "" || list.Items[0].LastSeenAt.IsZero() {
		t.Fatalf("the person's sessions as staff see them: %+v", list.Items)
	}
	op.MustOK("POST", "/office/people/"+me.ID+"/sessions/"+list.Items[0].ID+"/end", nil, nil)
	alive := 0
	for _, c := range []*portaltest.Client{phone, laptop} {
		if status, _ := c.Do("GET", "/session", nil, nil); status == http.StatusOK {
			alive++
		}
	}
	if alive != 1 {
		t.Fatalf("%d sessions alive after staff ended one of two", alive)
	}
	op.MustOK("POST", "/office/people/"+me.ID+"/sessions/end", nil, nil)
	for _, c := range []*portaltest.Client{phone, laptop} {
		if status, _ := c.Do("GET", "/session", nil, nil); status != http.StatusUnauthorized {
			t.Fatalf("a session survived «end all»: %d", status)
		}
	}
	if status, err := op.Do("POST", "/office/people/"+me.ID+"/sessions/end", nil, nil); status != http.StatusNotFound {
		t.Fatalf("ending sessions when none is open: %d %+v", status, err)
	}
	phone.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil) // not blocked
	if got := journalActors(t, e, p.Email, shared.JournalSessionRevoked); len(got) != 2 || got[0] != info.Account.ID || got[1] != info.Account.ID {
		t.Fatalf("journal actors %v, want the operator %s twice", got, info.Account.ID)
	}
	for _, to := range []string{p.Email, p.Phone} {
		if msgs := e.MessagesTo(to); len(msgs) < 2 || !contains(msgs[0].Body, "сотрудник") || !contains(msgs[1].Body, "сотрудник") {
			t.Fatalf("%s was not told: %+v", to, msgs[:2])
		}
	}
}
