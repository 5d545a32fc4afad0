package account_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"kabinet/server/config"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

func TestRegisterConfirmSignInSignOut(t *testing.T) {
	e := portaltest.StartAPI(t, nil)
	c := e.Client()
	var reg shared.RegisterResponse
	req := shared.RegisterRequest{LastName: "Смирнова", FirstName: "Ольга", Phone: "8 (912) 345-67-89",
		Email: "Olga@Example.RU", Password: portaltest.GoodPassword, Consent: true}
	c.MustOK("POST", "/register", req, &reg)
	if reg.Phone.Destination != "+7 912 ***-**-89" || reg.Email.Channel != shared.ChannelEmail {
		t.Fatalf("challenges = %+v / %+v", reg.Phone, reg.Email)
	}

	// Before confirmation the account signs in to nothing, as an unknown
	// login (a registration with a taken contact makes no account).
	var info shared.SessionInfo
	if status, err := c.Do("POST", "/login", shared.LoginRequest{Login: "+79123456789", Password: portaltest.GoodPassword}, &info); err == nil || err.Code != shared.CodeInvalidCredentials {
		t.Fatalf("sign-in before confirmation: %d %+v, want invalid_credentials", status, err)
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
		c2.MustOK("POST", "/login", shared.LoginRequest{Login: login, Password: portaltest.GoodPassword}, &info)
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
	e := portaltest.StartAPI(t, nil)
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
}

// A registration with a phone or an e-mail that already has an account
// answers as a new one (no phone_taken / email_taken to enumerate
// accounts with). The taken contact's owner is told instead of sent a
// code, and the attempt is in the owner's journal; a free contact gets a
// code that verifies; no account is created, and the taken contact's
// challenge accepts no code.
func TestRegistrationWithATakenContactAnswersAlike(t *testing.T) {
	e := portaltest.StartAPI(t, func(c *config.Config) { c.CodeResend = time.Millisecond })
	owner := e.Client()
	e.Person(owner, "+79120000001", "first@example.ru")
	accounts := func() (n int) {
		if err := e.DB.NewRaw("SELECT count(*) FROM accounts").Scan(t.Context(), &n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := accounts()

	c := e.Client()
	var reg shared.RegisterResponse
	status, err := c.Do("POST", "/register", shared.RegisterRequest{LastName: "Другой", FirstName: "Человек",
		Phone: "+7 912 000-00-01", Email: "second@example.ru", Password: portaltest.GoodPassword, Consent: true}, &reg)
	if status != http.StatusCreated || err != nil { // a new registration's status
		t.Fatalf("taken phone: %d %+v", status, err)
	}
	if reg.AccountID == "" || reg.Phone.Destination != "+7 912 ***-**-01" || reg.Email.Channel != shared.ChannelEmail ||
		reg.Phone.AttemptsLeft != 5 || reg.Email.AttemptsLeft != 5 {
		t.Fatalf("the answer is not shaped like a new registration's: %+v", reg)
	}
	if n := accounts(); n != before {
		t.Fatalf("accounts: %d, want %d", n, before)
	}

	// The owner's phone got a notice, not a code.
	msgs := e.MessagesTo("+79120000001")
	if len(msgs) == 0 || !strings.Contains(msgs[0].Body, "пытался зарегистрироваться") {
		t.Fatalf("the owner's phone got %+v", msgs)
	}
	var page shared.JournalPage
	owner.MustOK("GET", "/me/journal", nil, &page)
	if len(page.Items) == 0 || page.Items[0].Kind != shared.JournalRegisterAttempt || page.Items[0].Details["channel"] != shared.ChannelSMS {
		t.Fatalf("the owner's journal: %+v", page.Items)
	}

	// The taken contact's challenge takes no code, as a wrong one.
	_, err = c.Do("POST", "/verify", shared.VerifyRequest{ChallengeID: reg.Phone.ID, Code: "123456"}, nil)
	if err == nil || err.Code != shared.CodeCodeInvalid || !strings.Contains(err.Fields["code"].Message, "4") {
		t.Fatalf("a code for the taken phone: %+v", err)
	}
	// The free e-mail's code verifies, and the registration stays pending;
	// a resend sends it a new one, as for a real registration.
	time.Sleep(5 * time.Millisecond)
	c.MustOK("POST", "/verify/resend", shared.ResendRequest{ChallengeID: reg.Email.ID}, nil)
	if n := len(e.MessagesTo("second@example.ru")); n != 2 {
		t.Fatalf("codes sent to the free e-mail: %d, want 2", n)
	}
	var v shared.VerifyResponse
	c.MustOK("POST", "/verify", shared.VerifyRequest{ChallengeID: reg.Email.ID, Code: e.LastCode("second@example.ru")}, &v)
	if v.Status != shared.StatusPending || v.SignedIn || v.Channel != shared.ChannelEmail {
		t.Fatalf("the free e-mail verified: %+v", v)
	}
	if status, _ := c.Do("GET", "/session", nil, nil); status != http.StatusUnauthorized {
		t.Fatalf("a session: %d", status)
	}

	// Both taken: both owners' contacts are told, none gets a code.
	c.MustOK("POST", "/register", shared.RegisterRequest{LastName: "Третий", FirstName: "Человек",
		Phone: "+79120000001", Email: "First@Example.ru", Password: portaltest.GoodPassword, Consent: true}, &reg)
	mail := e.MessagesTo("first@example.ru")
	if len(mail) == 0 || mail[0].Subject != "Попытка регистрации с вашей почтой" || !strings.Contains(mail[0].Body, "/recover") {
		t.Fatalf("the owner's e-mail got %+v", mail)
	}
	if n := accounts(); n != before {
		t.Fatalf("accounts: %d, want %d", n, before)
	}
}

func TestWrongCodesAreCountedAndResendWaits(t *testing.T) {
	e := portaltest.StartAPI(t, func(c *config.Config) { c.CodeTries = 3 })
	c := e.Client()
	var reg shared.RegisterResponse
	c.MustOK("POST", "/register", shared.RegisterRequest{LastName: "Кодов", FirstName: "Пётр", Phone: "+79120000002",
		Email: "codes@example.ru", Password: portaltest.GoodPassword, Consent: true}, &reg)
	right := e.LastCode("+79120000002")
	wrong := "000000"
	if wrong == right {
		wrong = "111111"
	}
	_, err := c.Do("POST", "/verify", shared.VerifyRequest{ChallengeID: reg.Phone.ID, Code: wrong}, nil)
	if err == nil || err.Code != shared.CodeCodeInvalid || !strings.Contains(err.Fields["code"].Message, "2") {
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

// The code that confirms the second contact ends the registration signed
// in: a new session (its cookie in the answer) and the journal's sign-in
// entry, so a newcomer is not asked for the password just chosen.
func TestRegistrationEndsSignedIn(t *testing.T) {
	e := portaltest.StartAPI(t, nil)
	c := e.Client()
	var reg shared.RegisterResponse
	c.MustOK("POST", "/register", shared.RegisterRequest{LastName: "Новиков", FirstName: "Пётр", Phone: "+79120000077",
		Email: "petr@example.ru", Password: portaltest.GoodPassword, Consent: true}, &reg)

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

// Registrations of one phone at once each answer as a new one, and one
// account is made: a registration that loses the race for the phone at
// its insert takes the decoy path too.
func TestConcurrentRegistrationsOfOnePhone(t *testing.T) {
	e := portaltest.StartAPI(t, nil)
	var wg sync.WaitGroup
	statuses := make([]int, 6)
	for i := range statuses {
		wg.Go(func() {
			statuses[i], _ = e.Client().Do("POST", "/register", shared.RegisterRequest{LastName: "Гонкин", FirstName: "Пётр",
				Phone: "+79120000090", Email: fmt.Sprintf("race%d@example.ru", i), Password: portaltest.GoodPassword, Consent: true}, nil)
		})
	}
	wg.Wait()
	for i, st := range statuses {
		if st != http.StatusCreated {
			t.Errorf("registration %d: %d", i, st)
		}
	}
	var n int
	if err := e.DB.NewRaw("SELECT count(*) FROM accounts WHERE phone = '+79120000090'").Scan(t.Context(), &n); err != nil || n != 1 {
		t.Fatalf("accounts with the phone: %d (%v), want 1", n, err)
	}
}

// A registration answers alike while its free contact's code waits for
// the destination's pause: with a phone known to be taken (the prober's
// own), a second registration right after the first answered
// resend_too_soon for a free e-mail and 201 for a taken one (a notice
// does not wait), which told them apart.
func TestRegistrationAnswersAlikeWhileACodeWaits(t *testing.T) {
	e := portaltest.StartAPI(t, nil)
	e.Person(e.Client(), "+79120000001", "mine@example.ru")
	e.Person(e.Client(), "+79120000003", "victim@example.ru")
	try := func(email string) *shared.Error {
		var last *shared.Error
		for range 2 {
			_, last = e.Client().Do("POST", "/register", shared.RegisterRequest{LastName: "Проба", FirstName: "Проба",
				Phone: "+79120000001", Email: email, Password: portaltest.GoodPassword, Consent: true}, nil)
		}
		return last
	}
	taken, free := try("victim@example.ru"), try("nobody@example.ru")
	if (taken == nil) != (free == nil) {
		t.Fatalf("second registration, taken e-mail: %v; free e-mail: %v", taken, free)
	}
}
