package portal_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"kabinet/server/audit/audittest"
	"kabinet/server/portal"
	"kabinet/shared"
)

// TestHealthReportsAnUnacknowledgedBreak: /api/v1/health answers 503
// journal_broken while a recorded journal break is not acknowledged,
// naming no chain or row; an operator's acknowledgement (journalled on the
// system chain) makes it ok again, a forged one does not, and a break in
// another chain is new.
func TestHealthReportsAnUnacknowledgedBreak(t *testing.T) {
	e := start(t, nil)
	health := func(wantStatus int, want string) {
		t.Helper()
		resp, err := http.Get(e.URL + shared.APIPrefix + "/health")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		var h shared.Health
		if err := json.Unmarshal(body, &h); err != nil || resp.StatusCode != wantStatus || h.Status != want {
			t.Fatalf("health: %d %s, want %d %s", resp.StatusCode, body, wantStatus, want)
		}
		if strings.Contains(string(body), "chain") || strings.Contains(string(body), "entry") {
			t.Fatalf("health tells details: %s", body)
		}
	}
	breakChain := func(phone, email string) (string, int64) {
		t.Helper()
		c := e.Client()
		req := person(e, c, phone, email)
		var info shared.SessionInfo
		c.MustOK("POST", "/login", shared.LoginRequest{Login: req.Email, Password: req.Password}, &info)
		var page shared.JournalPage
		c.MustOK("GET", "/me/journal", nil, &page)
		audittest.Tamper(t, e.DB, func() {
			audittest.Exec(t, e.DB, "UPDATE journal SET ip = '203.0.113.9' WHERE id = ?", page.Items[0].ID)
		})
		c.MustOK("GET", "/me/journal", nil, &page) // the owner's page finds and records it
		if page.Integrity == nil || page.Integrity.Intact {
			t.Fatalf("the break was not found: %+v", page.Integrity)
		}
		return info.Account.ID, page.Integrity.BrokenID
	}
	journal := e.P.Auth.Journal()

	health(http.StatusOK, "ok")
	chain, entry := breakChain("+79001112240", "health1@example.ru")
	health(http.StatusServiceUnavailable, "journal_broken")

	if _, err := journal.Acknowledge(t.Context(), e.DB, chain, entry+1, "Оператор", ""); err == nil {
		t.Fatal("a break at another row was acknowledged")
	}
	if _, err := journal.Acknowledge(t.Context(), e.DB, chain, entry, "Оператор", "проверено"); err != nil {
		t.Fatal(err)
	}
	health(http.StatusOK, "ok")
	if _, err := journal.Acknowledge(t.Context(), e.DB, chain, entry, "Оператор", ""); err == nil {
		t.Fatal("acknowledged twice")
	}
	var by string
	if err := e.DB.NewRaw("SELECT details->>'by' FROM journal WHERE account_id IS NULL AND kind = ? AND details->>'chain' = ?",
		shared.JournalBreakAcknowledged, chain).Scan(t.Context(), &by); err != nil || by != "Оператор" {
		t.Fatalf("the acknowledgement's journal entry: %q %v", by, err)
	}

	// An acknowledgement written without the key does not count.
	audittest.Exec(t, e.DB, "UPDATE journal_acks SET note = 'подделано'")
	health(http.StatusServiceUnavailable, "journal_broken")
	audittest.Exec(t, e.DB, "DELETE FROM journal_acks")
	if _, err := journal.Acknowledge(t.Context(), e.DB, chain, entry, "Оператор", ""); err != nil {
		t.Fatal(err)
	}
	health(http.StatusOK, "ok")

	// The next break is not covered by the last acknowledgement.
	breakChain("+79001112241", "health2@example.ru")
	health(http.StatusServiceUnavailable, "journal_broken")
}

// TestHealthReadsTheJournalOnce: health is anyone's to ask, and a reading
// of the journal's state takes every chain's record and checks its MAC, so
// within the reading's freshness one reading answers every request —
// health's and the scrape's — and a flood of them costs one query.
func TestHealthReadsTheJournalOnce(t *testing.T) {
	*portal.JournalStateFresh = time.Minute
	t.Cleanup(func() { *portal.JournalStateFresh = 0 })
	e := start(t, nil)
	var hook statements
	e.DB.AddQueryHook(&hook)
	seen := hook.during(func() {
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				resp, err := http.Get(e.URL + shared.APIPrefix + "/health")
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Errorf("health: %d", resp.StatusCode)
				}
			})
		}
		wg.Wait()
		if got := metric(t, e, "kabinet_journal_broken_chains"); got != "0" {
			t.Errorf("kabinet_journal_broken_chains = %s", got)
		}
	})
	reads := 0
	for _, q := range seen {
		// the state's reading; the check job's own statements, which
		// name journal_checks too, may run in the window
		if strings.Contains(q, "LEFT JOIN journal_acks") {
			reads++
		}
	}
	if reads != 1 {
		t.Errorf("%d readings of journal_checks for 20 health requests and a scrape, want 1", reads)
	}
}
