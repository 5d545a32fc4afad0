package account_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

// Registration asks consent to the processing of personal data: without
// it the form's «consent» field says so in Russian and no account is
// made; with it the account keeps the policy's version and the time, and
// the person's journal shows the consent.
func TestRegistrationRecordsConsent(t *testing.T) {
	e := portaltest.StartAPI(t, nil)
	c := e.Client()
	req := shared.RegisterRequest{LastName: "Соколова", FirstName: "Дарья", Phone: "+79120000031",
		Email: "consent@example.ru", Password: portaltest.GoodPassword}

	status, err := c.Do("POST", "/register", req, nil)
	if status != http.StatusUnprocessableEntity || err == nil || err.Code != shared.CodeInvalidInput {
		t.Fatalf("without consent: %d %+v", status, err)
	}
	if f := err.Fields["consent"]; f.Code != shared.CodeConsentRequired || f.Message != "Нужно согласие на обработку персональных данных" {
		t.Errorf("the consent field: %+v", f)
	}
	var n int
	if err := e.DB.NewRaw("SELECT count(*) FROM accounts WHERE email = ?", req.Email).Scan(context.Background(), &n); err != nil || n != 0 {
		t.Fatalf("accounts made without consent: %d (%v)", n, err)
	}

	before := time.Now().Add(-time.Second)
	req.Consent = true
	var reg shared.RegisterResponse
	c.MustOK("POST", "/register", req, &reg)
	var version string
	var at time.Time
	if err := e.DB.NewRaw("SELECT consent_version, consent_at FROM accounts WHERE email = ?", req.Email).
		Scan(context.Background(), &version, &at); err != nil {
		t.Fatal(err)
	}
	if version != shared.PrivacyPolicyVersion || at.Before(before) || at.After(time.Now()) {
		t.Errorf("consent stored as %q at %s, want %q just now", version, at, shared.PrivacyPolicyVersion)
	}

	// Confirming both contacts signs in (a pending account cannot).
	c.MustOK("POST", "/verify", shared.VerifyRequest{ChallengeID: reg.Phone.ID, Code: e.LastCode(req.Phone)}, nil)
	c.MustOK("POST", "/verify", shared.VerifyRequest{ChallengeID: reg.Email.ID, Code: e.LastCode(req.Email)}, nil)
	var page shared.JournalPage
	c.MustOK("GET", "/me/journal", nil, &page)
	found := false
	for _, it := range page.Items {
		if it.Kind == shared.JournalConsent {
			found = it.Details["version"] == shared.PrivacyPolicyVersion
			if !found {
				t.Errorf("consent entry %+v", it)
			}
		}
	}
	if !found {
		t.Errorf("no %s in the journal: %+v", shared.JournalConsent, page.Items)
	}
}
