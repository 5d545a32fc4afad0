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
