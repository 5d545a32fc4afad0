package portal_test

import (
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/audit/audittest"
	"kabinet/server/config"
	"kabinet/server/jobs"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

// TestJournalTamperingIsShownAndAlerted: the database is edited behind the
// portal's back in each of the ways the chain guards against; the nightly
// job finds it, /metrics counts it, the staff are told once, and the
// owner's journal and the back office's person page say which entry fails
// and since when.
func TestJournalTamperingIsShownAndAlerted(t *testing.T) {
	for _, tc := range []struct {
		name   string
		tamper func(t *testing.T, db bun.IDB, id string, ids []int64) // ids: the person's journal rows
		reason shared.JournalBreak                                    // "": the person's chain looks intact
		broken string                                                 // kabinet_journal_broken_chains; "": any but 0
	}{
		{"forged row", func(t *testing.T, db bun.IDB, _ string, ids []int64) {
			audittest.Exec(t, db, "UPDATE journal SET ip = '203.0.113.9' WHERE id = ?", ids[1])
		}, shared.JournalBreakChanged, "1"},
		// The chain, and the anchor's count of the whole journal.
		{"removed row", func(t *testing.T, db bun.IDB, _ string, ids []int64) {
			audittest.Exec(t, db, "DELETE FROM journal WHERE id = ?", ids[1])
		}, shared.JournalBreakLink, "2"},
		{"recomputed chain", func(t *testing.T, db bun.IDB, _ string, ids []int64) {
			audittest.Exec(t, db, "UPDATE journal SET ip = '203.0.113.9' WHERE id = ?", ids[1])
			audittest.Recompute(t, db, ids, 1, []byte("a guessed key"))
		}, shared.JournalBreakChanged, "1"},
		// Emptying the table breaks every chain verified before.
		{"truncated table", func(t *testing.T, db bun.IDB, _ string, _ []int64) {
			audittest.Exec(t, db, "TRUNCATE journal")
		}, shared.JournalBreakRemoved, ""},
		// The chain walks intact from its first row; the anchor alone can
		// tell, and the person's page does not (it verifies the chain).
		{"tail removed with its check record", func(t *testing.T, db bun.IDB, id string, ids []int64) {
			audittest.Exec(t, db, "DELETE FROM journal WHERE id = ?", ids[len(ids)-1])
			audittest.Exec(t, db, "DELETE FROM journal_checks WHERE chain = ?", id)
		}, "", "1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := start(t, nil)
			e.SeedDemo()
			c := e.Client()
			req := person(e, c, "+79001112233", "olga@example.ru")
			c.MustOK("POST", "/login", shared.LoginRequest{Login: req.Email, Password: req.Password}, nil)
			staff := e.Client()
			staff.SignInDemo("operator@example.ru")

			var page shared.JournalPage
			c.MustOK("GET", "/me/journal", nil, &page)
			if page.Integrity == nil || !page.Integrity.Intact || page.Integrity.Entries < 3 {
				t.Fatalf("intact journal: %+v", page.Integrity)
			}
			ctx := context.Background()
			id := accountID(t, e, req.Email)
			var ids []int64
			if err := e.DB.NewRaw("SELECT id FROM journal WHERE account_id = ? ORDER BY id", id).Scan(ctx, &ids); err != nil {
				t.Fatal(err)
			}
			// A check the portal runs on its own at start must not be half
			// way through the rows when they go: it would record positions
			// of rows that no longer exist, found broken only by the next run.
			journalJobsIdle(t, e)
			runJob(t, e, "journal.verify") // the anchor counts the person's rows
			audittest.Tamper(t, e.DB, func() { tc.tamper(t, e.DB, id, ids) })

			// The nightly walk finds it; the staff are told.
			runJob(t, e, "journal.verify_full")
			if got := metric(t, e, "kabinet_journal_broken_chains"); got == "0" || tc.broken != "" && got != tc.broken {
				t.Errorf("kabinet_journal_broken_chains = %q, want %s", got, tc.broken)
			}
			alerts := e.MessagesTo("operator@example.ru")
			if len(alerts) != 1 || !strings.Contains(alerts[0].Subject, "целостность журнала") {
				t.Errorf("staff alerts: %+v", alerts)
			}

			// The owner's page and the back office's say so, with the time
			// it was first found.
			for _, read := range []struct {
				who  *portaltest.Client
				path string
			}{{c, "/me/journal"}, {staff, "/office/people/" + id + "/journal"}} {
				page = shared.JournalPage{}
				read.who.MustOK("GET", read.path, nil, &page)
				in := page.Integrity
				if tc.reason == "" {
					if in == nil || !in.Intact {
						t.Fatalf("%s: the chain alone cannot show it, yet shows %+v", read.path, in)
					}
					continue
				}
				if in == nil || in.Intact || in.Reason != tc.reason || in.Since.IsZero() {
					t.Fatalf("%s: tampered journal shown as %+v", read.path, in)
				}
			}
			// Found again: not told again.
			runJob(t, e, "journal.verify_full")
			if n := len(e.MessagesTo("operator@example.ru")); n != 1 {
				t.Errorf("%d alerts after the second run, want 1", n)
			}
		})
	}
}

// TestJournalMetricsCountWhatThePageFound: a break the owner's page finds
// first is on /metrics at once, not after the job's next run (up to a
// quarter of an hour); the last verification is that of the chain
// verified longest ago.
func TestJournalMetricsCountWhatThePageFound(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	req := person(e, c, "+79001112234", "pavel@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: req.Email, Password: req.Password}, nil)
	journalJobsIdle(t, e)
	var page shared.JournalPage
	c.MustOK("GET", "/me/journal", nil, &page)
	if got := metric(t, e, "kabinet_journal_broken_chains"); got != "0" {
		t.Fatalf("kabinet_journal_broken_chains = %s on an intact journal", got)
	}
	audittest.Tamper(t, e.DB, func() {
		audittest.Exec(t, e.DB, "UPDATE journal SET ip = '203.0.113.9' WHERE id = ?", page.Items[0].ID)
	})
	c.MustOK("GET", "/me/journal", nil, &page)
	if page.Integrity == nil || page.Integrity.Intact {
		t.Fatalf("the page did not find the break: %+v", page.Integrity)
	}
	if got := metric(t, e, "kabinet_journal_broken_chains"); got != "1" {
		t.Errorf("kabinet_journal_broken_chains = %s after the page found a break, want 1", got)
	}
	var oldest time.Time
	if err := e.DB.NewRaw("SELECT min(checked_at) FROM journal_checks WHERE chain NOT LIKE 'anchor:%'").Scan(context.Background(), &oldest); err != nil {
		t.Fatal(err)
	}
	got, _ := strconv.ParseFloat(metric(t, e, "kabinet_journal_last_verified_timestamp_seconds"), 64)
	if math.Abs(got-float64(oldest.UnixMicro())/1e6) > 0.001 {
		t.Errorf("last verified %v, want the oldest check %v", got, oldest)
	}
}

// TestJournalMetricsCountAForgedCheck: a break hidden by clearing it from
// its chain's recorded verification (journal_checks), as someone without
// the key would, stays on /metrics and health at once: the record no
// longer verifies with its MAC. Before, both read intact until the job's
// next run.
func TestJournalMetricsCountAForgedCheck(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	req := person(e, c, "+79001112235", "forged@example.ru")
	var info shared.SessionInfo
	c.MustOK("POST", "/login", shared.LoginRequest{Login: req.Email, Password: req.Password}, &info)
	journalJobsIdle(t, e)
	var page shared.JournalPage
	c.MustOK("GET", "/me/journal", nil, &page)
	audittest.Tamper(t, e.DB, func() {
		audittest.Exec(t, e.DB, "UPDATE journal SET ip = '203.0.113.9' WHERE id = ?", page.Items[0].ID)
	})
	c.MustOK("GET", "/me/journal", nil, &page)
	if page.Integrity == nil || page.Integrity.Intact {
		t.Fatalf("the page did not find the break: %+v", page.Integrity)
	}
	health := func() string {
		t.Helper()
		resp, err := http.Get(e.URL + shared.APIPrefix + "/health")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var h shared.Health
		_ = json.NewDecoder(resp.Body).Decode(&h)
		return h.Status
	}
	if got, h := metric(t, e, "kabinet_journal_broken_chains"), health(); got != "1" || h != "journal_broken" {
		t.Fatalf("after the break: kabinet_journal_broken_chains = %s, health %s", got, h)
	}

	audittest.Exec(t, e.DB, `UPDATE journal_checks SET broken_id = NULL, broken_at = NULL, broken_reason = NULL,
		broken_since = NULL WHERE chain = ?`, info.Account.ID)
	if got, h := metric(t, e, "kabinet_journal_broken_chains"), health(); got != "1" || h != "journal_broken" {
		t.Errorf("the break cleared from its record: kabinet_journal_broken_chains = %s, health %s, want 1, journal_broken", got, h)
	}
}

// journalJobsIdle waits until no journal check is due or running.
func journalJobsIdle(t *testing.T, e *portaltest.Env) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var busy bool
		if err := e.DB.NewRaw(`SELECT EXISTS (SELECT 1 FROM jobs WHERE kind LIKE 'journal.%' AND done_at IS NULL
			AND (run_at <= now() OR locked_until > now()))`).Scan(context.Background(), &busy); err != nil {
			t.Fatal(err)
		}
		if !busy {
			return
		}
	}
	t.Fatal("the journal checks did not finish")
}

// runJob enqueues a run of a recurring job now and waits until it is done.
func runJob(t *testing.T, e *portaltest.Env, kind string) {
	t.Helper()
	ctx := context.Background()
	key := kind + "@test-" + time.Now().Format(time.RFC3339Nano)
	if err := jobs.Enqueue(ctx, e.DB, kind, jobs.Tick{At: time.Now()}, jobs.Dedup(key)); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var done bool
		if err := e.DB.NewRaw("SELECT done_at IS NOT NULL FROM jobs WHERE dedup_key = ?", key).Scan(ctx, &done); err != nil {
			t.Fatal(err)
		}
		if done {
			return
		}
	}
	t.Fatalf("job %s did not run", kind)
}

// metric reads one value from /metrics, as a scraper on this machine would.
func metric(t *testing.T, e *portaltest.Env, name string) string {
	t.Helper()
	resp, err := http.Get(e.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %d %s", resp.StatusCode, body)
	}
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			return v
		}
	}
	t.Fatalf("/metrics has no %s:\n%s", name, body)
	return ""
}

// A User-Agent that is not UTF-8 leaves the person's journal intact: it
// read as tampered (the row kept U+FFFD where the hash had covered the
// bytes as sent) and the staff were alerted to a break nobody made.
func TestJournalIntactAfterAUserAgentThatIsNotUTF8(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	req := person(e, c, "+79120000034", "agent@example.ru")
	if status, err := c.Do("POST", "/login", shared.LoginRequest{Login: req.Email, Password: req.Password}, nil,
		"User-Agent", "Mozilla/5.0 \xff\xfe Firefox/133.0"); err != nil {
		t.Fatalf("sign-in: %d %+v", status, err)
	}
	var page shared.JournalPage
	c.MustOK("GET", "/me/journal", nil, &page)
	if page.Integrity == nil || !page.Integrity.Intact {
		t.Fatalf("journal after the sign-in: %+v", page.Integrity)
	}
}

// TestMetricsOnlyForThisMachineOrTheToken: /metrics is not public.
func TestMetricsOnlyForThisMachineOrTheToken(t *testing.T) {
	e := start(t, nil)
	req, _ := http.NewRequest("GET", e.URL+"/metrics", nil)
	req.Header.Set("X-Forwarded-For", "198.51.100.7") // as a proxy on this machine would send it
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("forwarded request: %d, want 403", resp.StatusCode)
	}

	e = start(t, func(c *config.Config) { c.MetricsToken = "scrape-secret" })
	for token, want := range map[string]int{"": 401, "Bearer wrong": 401, "Bearer scrape-secret": 200} {
		req, _ := http.NewRequest("GET", e.URL+"/metrics", nil)
		if token != "" {
			req.Header.Set("Authorization", token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("token %q: %d, want %d", token, resp.StatusCode, want)
		}
	}
}

// TestJournalPageParameters: the journal pages by ?limit= and ?before=,
// and a mistyped one is named (422, the parameter, bad_format) instead of
// answering the first page as if it were not there.
func TestJournalPageParameters(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	req := person(e, c, "+79001112235", "paging@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: req.Email, Password: req.Password}, nil)
	var first, second shared.JournalPage
	c.MustOK("GET", "/me/journal?limit=1", nil, &first)
	if len(first.Items) != 1 || first.NextBefore == 0 {
		t.Fatalf("limit=1: %d items, next %d", len(first.Items), first.NextBefore)
	}
	c.MustOK("GET", "/me/journal?limit=1&before="+strconv.FormatInt(first.NextBefore, 10), nil, &second)
	if len(second.Items) != 1 || second.Items[0].ID >= first.Items[0].ID {
		t.Fatalf("the second page %+v after %+v", second.Items, first.Items)
	}
	for _, q := range []string{"limit=0", "limit=101", "limit=x", "before=-1", "before=abc"} {
		status, apiErr := c.Do("GET", "/me/journal?"+q, nil, nil)
		field := strings.SplitN(q, "=", 2)[0]
		if status != 422 || apiErr == nil || apiErr.Fields[field].Code != shared.CodeBadFormat {
			t.Errorf("?%s: status %d, %+v; want 422 with %s bad_format", q, status, apiErr, field)
		}
	}
}

// An anchor file the server cannot write (a read-only mount, a full
// disk) fails the verification job, and the staff are still told of the
// chains' breaks it found: the next run would not find them fresh.
func TestAnUnusableAnchorStillAlertsTheChainsBreaks(t *testing.T) {
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	e := start(t, func(c *config.Config) { c.JournalAnchorFile = filepath.Join(notDir, "journal.anchor") })
	e.SeedDemo()
	c := e.Client()
	req := person(e, c, "+79001112235", "vera@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: req.Email, Password: req.Password}, nil)
	journalJobsIdle(t, e)
	audittest.Tamper(t, e.DB, func() {
		audittest.Exec(t, e.DB, "UPDATE journal SET ip = '203.0.113.9' WHERE account_id = ?", accountID(t, e, req.Email))
	})
	if err := jobs.Enqueue(context.Background(), e.DB, "journal.verify_full", jobs.Tick{At: time.Now()}, jobs.Dedup("anchor-test")); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if len(e.MessagesTo("operator@example.ru")) > 0 {
			return
		}
	}
	t.Error("the job failed on the anchor file and the staff were not told of the chain's break")
}
