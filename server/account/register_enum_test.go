package account_test

import (
	"testing"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

// A registration with a taken phone should not be told from a new one
// by signing in with its (fresh) e-mail and the password just chosen: a
// new registration's pending account signs in, a decoy has no account
// (invalid_credentials). So a pending account signs in to nothing.
func TestRegisterThenSignInTellsATakenPhone(t *testing.T) {
	e := portaltest.StartAPI(t, nil)
	e.Person(e.Client(), "+79120000001", "owner@example.ru")
	try := func(phone, email string) *shared.Error {
		c := e.Client()
		c.MustOK("POST", "/register", shared.RegisterRequest{LastName: "Проба", FirstName: "Проба", Phone: phone, Email: email,
			Password: portaltest.GoodPassword, Consent: true}, nil)
		_, err := c.Do("POST", "/login", shared.LoginRequest{Login: email, Password: portaltest.GoodPassword}, nil)
		return err
	}
	taken, free := try("+79120000001", "a@example.ru"), try("+79120000002", "b@example.ru")
	if (taken == nil) != (free == nil) {
		t.Fatalf("taken phone: %v; free phone: %v", taken, free)
	}
}
