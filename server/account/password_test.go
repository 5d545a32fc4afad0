package account_test

import (
	"net/http"
	"testing"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

// A change and a recovery check the password against the one context
// list with all the account holds — here the demo Иванов's ИНН and birth
// date, which registration never saw — and the portal's names
// (ASVS 6.2.11).
func TestPasswordContextOnChangeAndRecovery(t *testing.T) {
	e := portaltest.StartAPI(t, nil)
	e.SeedDemo()
	c := e.Client()
	c.SignInDemo("+7 900 000-00-01")
	refused := map[string]shared.Code{
		"Rozhd-14.03.1985!":  shared.CodePasswordLogin,   // birth date
		"Inn-123456789047!a": shared.CodePasswordLogin,   // ИНН
		"Ivanov-Kabinet-26!": shared.CodePasswordService, // the portal's name
	}
	for pw, want := range refused {
		_, err := c.Do("POST", "/me/password", shared.PasswordChangeRequest{Current: "Kabinet-Demo-2026", Password: pw}, nil)
		if err == nil || err.Fields["password"].Code != want {
			t.Errorf("change to %q: %+v, want %s", pw, err, want)
		}
	}
	for pw, want := range refused {
		var ch shared.Challenge
		e.PassCodePause("ivan@example.ru")
		c.MustOK("POST", "/recover/start", shared.RecoverStartRequest{Login: "ivan@example.ru", Channel: shared.ChannelEmail}, &ch)
		_, err := c.Do("POST", "/recover/finish", shared.RecoverFinishRequest{ChallengeID: ch.ID, Code: e.LastCode("ivan@example.ru"), Password: pw}, nil)
		if err == nil || err.Fields["password"].Code != want {
			t.Errorf("recovery to %q: %+v, want %s", pw, err, want)
		}
	}
}

// The person's names in Latin letters are refused by the API at
// registration, change and recovery (ASVS 6.2.11), though the browser's
// check lets them by: Кузнецов as kuznecov, Смирнова Ольга Павловна as
// smirnova, olga, pavlovna (the e-mail name here holds none of them).
func TestLatinNamesRefusedOnEveryChange(t *testing.T) {
	e := portaltest.StartAPI(t, nil)
	_, err := e.Client().Do("POST", "/register", shared.RegisterRequest{LastName: "Кузнецов", FirstName: "Павел", Phone: "+79120000032",
		Email: "latin@example.ru", Password: "Kuznecov-Parol-2026!", Consent: true}, nil)
	if err == nil || err.Fields["password"].Code != shared.CodePasswordLogin {
		t.Errorf("registration with the surname in Latin letters: %+v", err)
	}
	c := e.Client()
	p := e.Person(c, "+79120000033", "latin2@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: p.Password}, nil)
	for _, pw := range []string{"Smirnova-Portal-26!", "Olga-Portal-2026!x", "Pavlovna-Portal-26!"} {
		if _, err := c.Do("POST", "/me/password", shared.PasswordChangeRequest{Current: p.Password, Password: pw}, nil); err == nil || err.Fields["password"].Code != shared.CodePasswordLogin {
			t.Errorf("change to %q: %+v", pw, err)
		}
	}
	var ch shared.Challenge
	c.MustOK("POST", "/recover/start", shared.RecoverStartRequest{Login: p.Email, Channel: shared.ChannelEmail}, &ch)
	if _, err := c.Do("POST", "/recover/finish", shared.RecoverFinishRequest{ChallengeID: ch.ID, Code: e.LastCode(p.Email), Password: "Smirnova-Portal-26!"}, nil); err == nil || err.Fields["password"].Code != shared.CodePasswordLogin {
		t.Errorf("recovery: %+v", err)
	}
}

// A password seen in breaches that passes the policy and the browser's
// short list is refused by the API with the same field code, at
// registration, change and recovery (ASVS 6.2.12).
func TestBreachedPasswordRefused(t *testing.T) {
	const breachedPw = "Jhon@ta2011" // on the SecLists-derived list only
	if err := shared.CheckPassword(breachedPw); err != nil {
		t.Fatalf("the browser's check already refuses it: %v", err)
	}
	e := portaltest.StartAPI(t, nil)
	e.SeedDemo()
	c := e.Client()
	_, err := c.Do("POST", "/register", shared.RegisterRequest{LastName: "Смирнова", FirstName: "Ольга", Phone: "+79120000031",
		Email: "breach@example.ru", Password: breachedPw, Consent: true}, nil)
	if err == nil || err.Fields["password"].Code != shared.CodePasswordCommon {
		t.Errorf("registration: %+v", err)
	}
	c.SignInDemo("+7 900 000-00-01")
	if _, err := c.Do("POST", "/me/password", shared.PasswordChangeRequest{Current: "Kabinet-Demo-2026", Password: breachedPw}, nil); err == nil || err.Fields["password"].Code != shared.CodePasswordCommon {
		t.Errorf("change: %+v", err)
	}
	var ch shared.Challenge
	c.MustOK("POST", "/recover/start", shared.RecoverStartRequest{Login: "ivan@example.ru", Channel: shared.ChannelEmail}, &ch)
	if _, err := c.Do("POST", "/recover/finish", shared.RecoverFinishRequest{ChallengeID: ch.ID, Code: e.LastCode("ivan@example.ru"), Password: breachedPw}, nil); err == nil || err.Fields["password"].Code != shared.CodePasswordCommon {
		t.Errorf("recovery: %+v", err)
	}
}

// A password change needs the current password; afterwards the old one
// no longer signs in, the new one does, and every other browser is
// signed out while the one that made the change stays (ASVS 6.2.2, 6.2.3,
// 7.4.3).
func TestPasswordChangeNeedsTheCurrentOneAndEndsOtherSessions(t *testing.T) {
	e := portaltest.StartAPI(t, nil)
	c := e.Client()
	p := e.Person(c, "+79120000042", "change@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: portaltest.GoodPassword}, nil)
	other := e.Client()
	other.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: portaltest.GoodPassword}, nil)
	const fresh = "Novyi-Parol-2026!"

	status, err := c.Do("POST", "/me/password", shared.PasswordChangeRequest{Current: "Ne-Tot-Parol-2026!", Password: fresh}, nil)
	if err == nil || err.Code != shared.CodeWrongPassword || err.Fields["current"].Code != shared.CodeWrongPassword {
		t.Fatalf("a wrong current password: %d %+v, want %s on the field current", status, err, shared.CodeWrongPassword)
	}
	if status, _ := other.Do("GET", "/session", nil, nil); status != http.StatusOK {
		t.Fatalf("a refused change signed the other browser out: %d", status)
	}

	c.MustOK("POST", "/me/password", shared.PasswordChangeRequest{Current: portaltest.GoodPassword, Password: fresh}, nil)
	for _, tc := range []struct {
		name string
		c    *portaltest.Client
		want int
	}{{"the browser that changed it", c, http.StatusOK}, {"another browser", other, http.StatusUnauthorized}} {
		t.Run(tc.name, func(t *testing.T) {
			if status, err := tc.c.Do("GET", "/session", nil, nil); status != tc.want {
				t.Errorf("GET /session: %d %+v, want %d", status, err, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		name, password string
		want           shared.Code
	}{{"old password", portaltest.GoodPassword, shared.CodeInvalidCredentials}, {"new password", fresh, ""}} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.Client().Do("POST", "/login", shared.LoginRequest{Login: p.Email, Password: tc.password}, nil)
			if got := portaltest.CodeOf(err); got != tc.want {
				t.Errorf("sign-in: %q, want %q", got, tc.want)
			}
		})
	}
}
