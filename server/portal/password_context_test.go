package portal_test

import (
	"testing"

	"kabinet/shared"
)

// A change and a recovery check the password against the one context
// list with all the account holds — here the demo Иванов's ИНН and birth
// date, which registration never saw — and the portal's names
// (ASVS 6.2.11).
func TestPasswordContextOnChangeAndRecovery(t *testing.T) {
	e := start(t, nil)
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

// A password seen in breaches that passes the policy and the browser's
// short list is refused by the API with the same field code, at
// registration, change and recovery (ASVS 6.2.12).
func TestBreachedPasswordRefused(t *testing.T) {
	const breachedPw = "Jhon@ta2011" // on the SecLists-derived list only
	if err := shared.CheckPassword(breachedPw); err != nil {
		t.Fatalf("the browser's check already refuses it: %v", err)
	}
	e := start(t, nil)
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
