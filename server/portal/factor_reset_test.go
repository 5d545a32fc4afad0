package portal_test

import (
	"net/http"
	"testing"

	"kabinet/shared"
)

// A person who lost every second factor files a request after the right
// password (no session opens, both channels hear of it, one pending at a
// time); the back office refuses it with a reason or, after the passport
// check, removes every factor and ends every session, journalled under the
// operator's name.
func TestLostSecondFactorIsSettledByTheBackOffice(t *testing.T) {
	e := start(t, nil)
	e.SeedDemo()
	c := e.Client()
	p := person(e, c, "+79120000075", "lost@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	c.AddApp()
	var me shared.Account
	c.MustOK("GET", "/me", nil, &me)

	thief := e.Client()
	if status, err := thief.Do("POST", "/login/factor-reset", shared.FactorResetRequest{Ticket: "made-up-ticket"}, nil); status != http.StatusGone {
		t.Fatalf("a request without the password step: %d %+v", status, err)
	}
	file := func() (int, *shared.Error) {
		t.Helper()
		return thief.Do("POST", "/login/factor-reset", shared.FactorResetRequest{Ticket: loginTicket(t, thief, p.Email)}, nil)
	}
	if status, err := file(); status != http.StatusNoContent {
		t.Fatalf("filing the request: %d %+v", status, err)
	}
	if status, _ := thief.Do("GET", "/session", nil, nil); status != http.StatusUnauthorized {
		t.Fatalf("filing the request opened a session: %d", status)
	}
	for _, to := range []string{p.Email, p.Phone} {
		if msgs := e.MessagesTo(to); len(msgs) == 0 || !contains(msgs[0].Body, "заявк") {
			t.Fatalf("%s was not told of the request: %+v", to, msgs)
		}
	}
	if status, err := file(); status != http.StatusConflict || err.Code != shared.CodeResetPending {
		t.Fatalf("a second pending request: %d %+v", status, err)
	}

	anna := e.Client()
	anna.SignInDemo("anna@example.ru")
	if status, _ := anna.Do("GET", "/office/factor-resets", nil, nil); status != http.StatusForbidden {
		t.Fatalf("a person without the permission saw the requests: %d", status)
	}
	op := e.Client()
	info := op.SignInDemo("operator@example.ru")
	pending := func() []shared.FactorReset {
		t.Helper()
		var l shared.FactorResetList
		op.MustOK("GET", "/office/factor-resets", nil, &l)
		return l.Items
	}
	l := pending()
	if len(l) != 1 || l[0].AccountID != me.ID || l[0].Name != "Смирнова Ольга Павловна" {
		t.Fatalf("pending requests: %+v", l)
	}
	op.MustOK("POST", "/office/factor-resets/"+l[0].ID+"/reject", shared.FactorResetDecision{Reason: "Паспорт не предъявлен"}, nil)
	if msgs := e.MessagesTo(p.Email); !contains(msgs[0].Body, "Паспорт не предъявлен") {
		t.Fatalf("the refusal was not told: %+v", msgs[0])
	}
	c.MustOK("GET", "/session", nil, nil) // a refusal changes nothing

	if status, err := file(); status != http.StatusNoContent {
		t.Fatalf("filing again after the refusal: %d %+v", status, err)
	}
	l = pending()
	if _, err := op.Do("POST", "/office/factor-resets/"+l[0].ID+"/approve", shared.FactorResetDecision{}, nil); err == nil || err.Fields["document"].Code != shared.CodeRequired {
		t.Fatalf("approval without the checked document: %+v", err)
	}
	op.MustOK("POST", "/office/factor-resets/"+l[0].ID+"/approve", shared.FactorResetDecision{Document: "4510 111222"}, nil)
	if status, _ := op.Do("POST", "/office/factor-resets/"+l[0].ID+"/approve", shared.FactorResetDecision{Document: "4510 111222"}, nil); status != http.StatusNotFound {
		t.Fatalf("a settled request settled again: %d", status)
	}
	if status, _ := c.Do("GET", "/session", nil, nil); status != http.StatusUnauthorized {
		t.Fatalf("a session survived the approval: %d", status)
	}
	for _, to := range []string{p.Email, p.Phone} {
		if msgs := e.MessagesTo(to); !contains(msgs[0].Body, "паспорт") {
			t.Fatalf("%s was not told of the approval: %+v", to, msgs[0])
		}
	}
	// The password alone signs in now: no factor is left to ask for.
	if status, err := c.Do("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil); status != http.StatusOK {
		t.Fatalf("sign-in after the approval: %d %+v", status, err)
	}
	var f shared.Factors
	c.MustOK("GET", "/me/factors", nil, &f)
	if f.TOTP || f.RecoveryLeft != 0 || f.Passkeys != 0 || f.SMS {
		t.Fatalf("factors after the approval: %+v", f)
	}
	for _, kind := range []string{shared.JournalResetRejected, shared.JournalResetApproved} {
		if got := journalActors(t, e, p.Email, kind); len(got) != 1 || got[0] != info.Account.ID {
			t.Fatalf("%s actors %v", kind, got)
		}
	}
}
