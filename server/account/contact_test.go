package account_test

import (
	"context"
	"strings"
	"testing"

	"github.com/descope/virtualwebauthn"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

// Changing the phone or the e-mail: the code goes to the new one, the old
// one is told; without a second factor the password proves the owner, with
// one a fresh step-up does.
func TestContactChange(t *testing.T) {
	e := portaltest.StartAPI(t, nil)
	c := e.Client()
	p := e.Person(c, "+79120000061", "contact@example.ru")
	e.Person(e.Client(), "+79120000062", "taken@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: portaltest.GoodPassword}, nil)

	contactChangeRefusals(t, c)
	contactChangeToATakenOne(t, e, c)

	var ch shared.Challenge
	c.MustOK("POST", "/me/contact", shared.ContactChangeRequest{Channel: shared.ChannelSMS, Value: "+7 912 000-00-63", Password: portaltest.GoodPassword}, &ch)
	if ch.Destination != shared.MaskPhone("+79120000063") {
		t.Fatalf("code sent to %q", ch.Destination)
	}
	var acc shared.Account
	c.MustOK("POST", "/me/contact/confirm", shared.VerifyRequest{ChallengeID: ch.ID, Code: e.LastCode("+79120000063")}, &acc)
	if acc.Phone != "+79120000063" || !acc.PhoneConfirmed {
		t.Fatalf("account %+v", acc)
	}
	if msgs := e.MessagesTo(p.Phone); len(msgs) == 0 || !strings.Contains(msgs[0].Body, "заменён") {
		t.Fatalf("the old phone was not told: %+v", msgs)
	}
	// The new phone signs in; the old one does not.
	e.Client().MustOK("POST", "/login", shared.LoginRequest{Login: "+79120000063", Password: portaltest.GoodPassword}, nil)
	if _, err := e.Client().Do("POST", "/login", shared.LoginRequest{Login: p.Phone, Password: portaltest.GoodPassword}, nil); err == nil || err.Code != shared.CodeInvalidCredentials {
		t.Fatalf("old phone: %+v", err)
	}
	contactChangeWithAFactor(t, e, c, p)
}

// contactChangeRefusals: a change to the same contact, to something that
// is no contact, to another account's, or with a wrong password is
// refused with its field's code.
func contactChangeRefusals(t *testing.T, c *portaltest.Client) {
	t.Helper()
	for _, tc := range []struct {
		name string
		req  shared.ContactChangeRequest
		want shared.Code
	}{
		{"same phone", shared.ContactChangeRequest{Channel: shared.ChannelSMS, Value: "8 912 000-00-61", Password: portaltest.GoodPassword}, shared.CodeContactSame},
		{"not a phone", shared.ContactChangeRequest{Channel: shared.ChannelSMS, Value: "12345", Password: portaltest.GoodPassword}, shared.CodePhoneFormat},
		{"wrong password", shared.ContactChangeRequest{Channel: shared.ChannelSMS, Value: "+79120000063", Password: "Wrong-Password-1"}, shared.CodeWrongPassword},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.Do("POST", "/me/contact", tc.req, nil)
			if err == nil || err.Code != shared.CodeInvalidInput {
				t.Fatalf("%+v", err)
			}
			got := err.Fields["value"].Code
			if tc.want == shared.CodeWrongPassword {
				got = err.Fields["password"].Code
			}
			if got != tc.want {
				t.Fatalf("field code %s, want %s (%+v)", got, tc.want, err)
			}
		})
	}
}

// contactChangeToATakenOne: a change to another account's e-mail answers
// as a change to a free one (no email_taken to enumerate accounts with):
// a challenge whose code never confirms, and the holder is told and has
// the attempt in the journal.
func contactChangeToATakenOne(t *testing.T, e *portaltest.Env, c *portaltest.Client) {
	t.Helper()
	var ch shared.Challenge
	c.MustOK("POST", "/me/contact", shared.ContactChangeRequest{Channel: shared.ChannelEmail, Value: "Taken@Example.ru", Password: portaltest.GoodPassword}, &ch)
	if ch.Destination != shared.MaskEmail("taken@example.ru") || ch.AttemptsLeft != 5 {
		t.Fatalf("the answer is not shaped like a change's: %+v", ch)
	}
	msgs := e.MessagesTo("taken@example.ru") // newest first
	if len(msgs) == 0 || !strings.Contains(msgs[0].Body, "привязать этот адрес") {
		t.Fatalf("the holder got %+v", msgs)
	}
	if _, err := c.Do("POST", "/me/contact/confirm", shared.VerifyRequest{ChallengeID: ch.ID, Code: "123456"}, nil); err == nil || err.Code != shared.CodeCodeInvalid {
		t.Fatalf("a code for the taken e-mail: %+v", err)
	}
	var n int
	if err := e.DB.NewRaw(`SELECT count(*) FROM journal j JOIN accounts a ON a.id = j.account_id WHERE a.email = 'taken@example.ru' AND j.kind = ?`,
		shared.JournalContactAttempt).Scan(context.Background(), &n); err != nil || n != 1 {
		t.Fatalf("the holder's journal: %d (%v)", n, err)
	}
}

// contactChangeWithAFactor: with a second factor, a change needs a fresh
// step-up rather than the password; only the session that asked for the
// code can use it, and the journal records the change.
func contactChangeWithAFactor(t *testing.T, e *portaltest.Env, c *portaltest.Client, p shared.RegisterRequest) {
	t.Helper()
	var ch shared.Challenge
	d := portaltest.NewDevice(t, e, virtualwebauthn.AuthenticatorOptions{})
	portaltest.AddPasskey(t, c, d, "Телефон")
	if _, err := e.DB.NewRaw("UPDATE sessions SET step_up_at = now() - interval '10 minutes'").Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Do("POST", "/me/contact", shared.ContactChangeRequest{Channel: shared.ChannelEmail, Value: "new@example.ru", Password: portaltest.GoodPassword}, nil); err == nil || err.Code != shared.CodeStepUpRequired {
		t.Fatalf("e-mail change without a step-up: %+v", err)
	}
	var o shared.PasskeyOptions
	c.MustOK("POST", "/me/step-up/options", nil, &o)
	c.MustOK("POST", "/me/step-up", shared.SecondFactorRequest{Method: shared.FactorPasskey, Ceremony: o.Ceremony, Credential: d.Get(o)}, nil)
	c.MustOK("POST", "/me/contact", shared.ContactChangeRequest{Channel: shared.ChannelEmail, Value: "new@example.ru"}, &ch)
	// Someone else's session cannot use this code.
	other := e.Client()
	other.MustOK("POST", "/login", shared.LoginRequest{Login: "taken@example.ru", Password: portaltest.GoodPassword}, nil)
	code := e.LastCode("new@example.ru")
	if _, err := other.Do("POST", "/me/contact/confirm", shared.VerifyRequest{ChallengeID: ch.ID, Code: code}, nil); err == nil || err.Code != shared.CodeCodeExpired {
		t.Fatalf("another account confirming: %+v", err)
	}
	var kinds []string
	if err := e.DB.NewRaw(`SELECT kind FROM journal j JOIN accounts a ON a.id = j.account_id WHERE a.email = ? ORDER BY j.id`, p.Email).Scan(context.Background(), &kinds); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, k := range kinds {
		found = found || k == shared.JournalContactChanged
	}
	if !found {
		t.Fatalf("journal %v", kinds)
	}
}
