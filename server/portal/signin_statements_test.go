package portal_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/descope/virtualwebauthn"

	"kabinet/server/config"
	"kabinet/server/dbtest"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

// A sign-in is a fixed, small number of statements. A passkey sign-in
// (the options and the answer) is six in three round trips (the BEGIN
// and the journal chain's lock go with the transaction's first
// statement and the COMMIT with its last: six round trips, then four,
// before), with one durable commit: the options none (the ceremony is
// sealed into its id), the answer's throttle hit with the ceremony's use
// and the key's account with its passkeys in one statement (two before),
// and one transaction — the chain's lock (a CALL), then one statement
// with the sign count, the session and what the guard reads (two
// before), then the journal. A browser that brings the cookie of an
// earlier session ends it in that same transaction, with no statement
// more; what is written outside it (the throttle, the ceremony's use)
// commits without waiting for the disk. A change that adds a round trip
// fails here (21 and 22, then 9 and 8, then 4 and 4, before), and so
// does one that sends a statement of the transaction as text (planned
// anew each time) instead of a prepared one.
// statementsOf is the statements of round trips: a transaction's BEGIN,
// the statements sent in front of its first (kdb.ExecAhead: the chain's
// lock) and its COMMIT travel with its first and last statements
// (kdb.Tx).
func statementsOf(trips []string) []string {
	var out []string
	for _, q := range trips {
		if rest, ok := strings.CutPrefix(q, "BEGIN; "); ok {
			out, q = append(out, "BEGIN"), rest
		}
		if strings.HasPrefix(q, "CALL journal_lock_chain(") {
			if call, rest, ok := strings.Cut(q, "); "); ok {
				out, q = append(out, call+")"), rest
			}
		}
		if rest, ok := strings.CutSuffix(q, "; COMMIT"); ok {
			out = append(out, rest, "COMMIT")
			continue
		}
		out = append(out, q)
	}
	return out
}

// lockedRead is the message of a sign-in's session statement: the chain's
// lock in front of it, alone, so that the head it reads is read after the
// lock was granted (a lock taken later, in the journal's message, would
// keep the counts and let two sign-ins link to one head).
var lockedRead = regexp.MustCompile(`^BEGIN; CALL journal_lock_chain\('journal:[0-9a-f-]+'\); EXECUTE auth_open_`)

// readsLocked fails unless one of trips is the session statement's, with
// the lock in front of it.
func readsLocked(t *testing.T, what string, trips []string) {
	t.Helper()
	if !slices.ContainsFunc(trips, lockedRead.MatchString) {
		t.Errorf("%s: no round trip takes the chain's lock in front of the session's statement:\n%s", what, strings.Join(trips, "\n---\n"))
	}
}

func TestSignInStatements(t *testing.T) {
	var hook statements
	e := startQuiet(t, dbtest.NewDB(t).WithQueryHook(&hook), func(c *config.Config) {})
	e.SeedDemo()
	ivan := e.Client()
	// A password sign-in of an account with no second factor: besides the
	// hash, one prepared statement before it (the throttle, the account,
	// its failures and factors, which were four before, and the account
	// was read once more after the session opened), and the same three
	// statements in one transaction as a passkey's (18, then 10, before),
	// in two round trips (three before).
	// The first from a browser the account has not used reads its devices
	// of 180 days to tell what is new, in the transaction's first
	// statement (one statement more before). (Another client here is the
	// same browser at the same address.)
	for _, step := range []struct {
		c    *portaltest.Client
		want int
	}{{ivan, 6}, {e.Client(), 6}} {
		c, want := step.c, step.want
		trips := hook.during(func() {
			c.MustOK("POST", "/login", shared.LoginRequest{Login: "ivan@example.ru", Password: "Kabinet-Demo-2026"}, nil)
		})
		seen := statementsOf(trips)
		readsLocked(t, "a password sign-in", trips)
		if t.Logf("a password sign-in: %d statements, %d round trips", len(seen), len(trips)); len(seen) != want || len(trips) != want-3 {
			t.Errorf("a password sign-in made %d statements in %d round trips, want %d in %d:\n%s", len(seen), len(trips), want, want-3, strings.Join(trips, "\n---\n"))
		}
	}
	// Again in the same browser, with the cookie: the earlier session ends
	// in the sign-in's transaction, with no statement more (11 before: its
	// end was an UPDATE with a durable commit of its own).
	var info shared.SessionInfo
	trips := hook.during(func() {
		ivan.MustOK("POST", "/login", shared.LoginRequest{Login: "ivan@example.ru", Password: "Kabinet-Demo-2026"}, &info)
	})
	seen := statementsOf(trips)
	if commits := len(slices.DeleteFunc(slices.Clone(seen), func(q string) bool { return q != "COMMIT" })); len(seen) != 6 || len(trips) != 3 || commits != 1 {
		t.Errorf("a password sign-in with an earlier session made %d statements in %d round trips, want 6 in 3 with one COMMIT:\n%s", len(seen), len(trips), strings.Join(trips, "\n---\n"))
	}
	if len(seen) == 0 || !strings.HasPrefix(seen[0], "EXECUTE auth_password_read_") {
		t.Errorf("a password sign-in's first statement is not the prepared read: %.200q", seen)
	}
	// The account it answers is the one read before the hash.
	if info.Account.Email != "ivan@example.ru" || info.Account.LastName == "" {
		t.Errorf("the sign-in answered the account %+v", info.Account)
	}
	dev := portaltest.NewDevice(t, e, virtualwebauthn.AuthenticatorOptions{})
	portaltest.AddPasskey(t, ivan, dev, "Телефон")

	const want, wantTrips = 6, 3
	signIn := func(what string, c *portaltest.Client) {
		t.Helper()
		trips := hook.during(func() {
			if info, err := portaltest.PasskeyLogin(t, c, dev); err != nil || !info.SecondFactor {
				t.Fatalf("%s: %+v %v", what, info, err)
			}
		})
		seen := statementsOf(trips)
		readsLocked(t, what, trips)
		commits, inTx := 0, false
		for _, q := range seen {
			switch up := strings.ToUpper(q); {
			case up == "BEGIN":
				inTx = true
			case up == "COMMIT":
				commits, inTx = commits+1, false
			case inTx && !strings.HasPrefix(q, "EXECUTE auth_open_") && !strings.HasPrefix(q, "EXECUTE audit_append_one_") &&
				!strings.HasPrefix(q, "CALL journal_lock_chain("):
				// planned anew on every sign-in (0.64 ms for the session's)
				t.Errorf("%s: a statement in the transaction sent as text, not prepared: %s", what, q)
			case !inTx && !strings.HasPrefix(up, "SELECT") && !strings.Contains(q, "synchronous_commit") &&
				!strings.HasPrefix(q, "EXECUTE auth_login_take_"): // prepared, commits asynchronously
				t.Errorf("%s: a durable write outside the sign-in's transaction: %s", what, q)
			}
		}
		t.Logf("%s: %d statements, %d round trips", what, len(seen), len(trips))
		if len(seen) != want || len(trips) != wantTrips || commits != 1 {
			t.Errorf("%s made %d statements in %d round trips with %d commits, want %d in %d with 1:\n%s",
				what, len(seen), len(trips), commits, want, wantTrips, strings.Join(trips, "\n---\n"))
		}
	}
	signIn("a new browser", e.Client())
	signIn("a browser with an earlier session", ivan) // its password session ends
	if status, _ := ivan.Do("GET", "/me", nil, nil); status != http.StatusOK {
		t.Fatalf("the new session: %d", status)
	}
	var replaced int
	if err := e.DB.NewRaw("SELECT count(*) FROM sessions WHERE revoke_reason = 'replaced'").Scan(t.Context(), &replaced); err != nil || replaced != 2 {
		t.Fatalf("%d sessions ended as replaced (%v), want the two password sessions", replaced, err)
	}
}
