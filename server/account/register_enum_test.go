package account_test

import (
	"strings"
	"testing"
	"time"

	"kabinet/server/config"
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

// Resending a registration's phone code ends in rate_limited after the
// same number of codes whether the phone is taken (a decoy that sends
// nothing) or free.
func TestResendingATakenContactsCodeIsLimitedAlike(t *testing.T) {
	e := portaltest.StartAPI(t, func(c *config.Config) { c.CodeResend, c.CodeDailyCap = time.Millisecond, 3 })
	e.Person(e.Client(), "+79120000001", "owner@example.ru")
	resends := func(phone, email string) (n int) {
		c := e.Client()
		var reg shared.RegisterResponse
		c.MustOK("POST", "/register", shared.RegisterRequest{LastName: "Проба", FirstName: "Проба", Phone: phone, Email: email,
			Password: portaltest.GoodPassword, Consent: true}, &reg)
		for n = 0; n < 10; n++ {
			time.Sleep(5 * time.Millisecond)
			if _, err := c.Do("POST", "/verify/resend", shared.ResendRequest{ChallengeID: reg.Phone.ID}, nil); err != nil {
				if err.Code != shared.CodeRateLimited {
					t.Fatalf("resend %d of %s: %+v", n+1, phone, err)
				}
				return n
			}
		}
		return n
	}
	// The owner's phone spent one code on signing up (portaltest.Person).
	taken, free := resends("+79120000001", "a@example.ru"), resends("+79120000002", "b@example.ru")
	if taken != free-1 || free == 10 {
		t.Fatalf("resends before rate_limited: taken phone %d, free phone %d", taken, free)
	}
}

// A contact held only by an unfinished registration does not block a
// new one: the new registration replaces the pending account, whose
// codes no longer confirm anything, and finishes as any other.
func TestARegistrationReplacesAPendingOne(t *testing.T) {
	e := portaltest.StartAPI(t, func(c *config.Config) { c.CodeResend = time.Millisecond })
	first, second := e.Client(), e.Client()
	var old, reg shared.RegisterResponse
	first.MustOK("POST", "/register", shared.RegisterRequest{LastName: "Захватов", FirstName: "Пётр", Phone: "+79120000005",
		Email: "squat@example.ru", Password: portaltest.GoodPassword, Consent: true}, &old)
	oldCode := e.LastCode("+79120000005")
	time.Sleep(5 * time.Millisecond)
	second.MustOK("POST", "/register", shared.RegisterRequest{LastName: "Хозяйкина", FirstName: "Анна", Phone: "+79120000005",
		Email: "anna@example.ru", Password: portaltest.GoodPassword, Consent: true}, &reg)
	if msgs := e.MessagesTo("+79120000005"); len(msgs) != 2 || strings.Contains(msgs[1].Body, "пытался зарегистрироваться") {
		t.Fatalf("the phone got %+v, want a second code", msgs)
	}
	if _, err := first.Do("POST", "/verify", shared.VerifyRequest{ChallengeID: old.Phone.ID, Code: oldCode}, nil); err == nil {
		t.Fatal("the replaced registration's code still confirms")
	}
	second.MustOK("POST", "/verify", shared.VerifyRequest{ChallengeID: reg.Phone.ID, Code: e.LastCode("+79120000005")}, nil)
	var v shared.VerifyResponse
	second.MustOK("POST", "/verify", shared.VerifyRequest{ChallengeID: reg.Email.ID, Code: e.LastCode("anna@example.ru")}, &v)
	if v.Status != shared.StatusActive || !v.SignedIn {
		t.Fatalf("the new registration: %+v", v)
	}
	var me shared.Account
	second.MustOK("GET", "/me", nil, &me)
	if me.LastName != "Хозяйкина" || me.Email != "anna@example.ru" {
		t.Fatalf("the account: %+v", me)
	}
	var n int
	if err := e.DB.NewRaw("SELECT count(*) FROM accounts WHERE phone = '+79120000005' OR email = 'squat@example.ru'").Scan(t.Context(), &n); err != nil || n != 1 {
		t.Fatalf("accounts: %d (%v), want 1", n, err)
	}
}
