package portal_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/auth"
	"kabinet/server/config"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

// Sign-ins of one account at the same moment — new browsers, browsers
// that end their earlier session, sign-ins over SESSION_MAX that end
// others — each take the journal chain's lock in one statement and read
// its head in the next: the chain stays one unbroken line, and the
// account keeps at most SESSION_MAX sessions.
func TestConcurrentSignInsKeepTheJournalChain(t *testing.T) {
	e := start(t, func(c *config.Config) { c.IPLimit, c.SessionMax = 1000, 3 })
	p := person(e, e.Client(), "+79125550077", "chain@example.ru")
	login := shared.LoginRequest{Login: p.Email, Password: goodPassword}
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := e.Client()
			for range 2 { // the second time with the first session's cookie
				if status, err := c.Do("POST", "/login", login, nil); err != nil {
					t.Errorf("sign-in: %d %+v", status, err)
				}
			}
		}()
	}
	wg.Wait()
	var id string
	var live int
	err := e.DB.NewRaw(`SELECT a.id, (SELECT count(*) FROM sessions s WHERE s.account_id = a.id AND s.revoked_at IS NULL)
		FROM accounts a WHERE a.email = ?`, p.Email).Scan(t.Context(), &id, &live)
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.P.Auth.Journal().Verify(t.Context(), e.DB, id, true)
	if err != nil || c.Break != nil {
		t.Fatalf("the chain after concurrent sign-ins: %+v, %v", c, err)
	}
	if live > 3 {
		t.Errorf("%d live sessions, SESSION_MAX is 3", live)
	}
	t.Logf("%d journal entries, %d live sessions", c.Entries, live)
}

// Sign-ins of one account at the same moment as the chain's other
// writers (a password change, a factor change, a staff action: each
// appends with audit.Append, which takes the lock by audit.LockChain and
// reads the head in its next statement) keep one unbroken chain, and
// every entry is in it: each sign-in's and each other write's. The
// sign-in takes the same lock by another road (the procedure
// journal_lock_chain, in front of its statement), so a lock of another
// key or a head read before the lock shows here as a break.
func TestSignInsAndOtherWritersKeepTheJournalChain(t *testing.T) {
	e := start(t, func(c *config.Config) { c.IPLimit = 1000 })
	p := person(e, e.Client(), "+79125550078", "chain-mixed@example.ru")
	ctx := t.Context()
	id := accountID(t, e, p.Email)
	count := func() (logins, changes int64) {
		t.Helper()
		if err := e.DB.NewRaw(`SELECT count(*) FILTER (WHERE kind = ?), count(*) FILTER (WHERE kind = ?) FROM journal WHERE account_id = ?`,
			shared.JournalLogin, shared.JournalProfileChanged, id).Scan(ctx, &logins, &changes); err != nil {
			t.Fatal(err)
		}
		return logins, changes
	}
	logins0, changes0 := count() // the registration's sign-in
	j := e.P.Auth.Journal()
	login := shared.LoginRequest{Login: p.Email, Password: goodPassword}
	var signIns, others atomic.Int64
	done := make(chan struct{})
	var writers sync.WaitGroup
	for w := range 3 { // append until the sign-ins are over
		writers.Add(1)
		go func() {
			defer writers.Done()
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				if err := j.Append(ctx, e.DB, audit.Entry{AccountID: id, Kind: shared.JournalProfileChanged,
					Details: map[string]string{"writer": fmt.Sprint(w, ".", i)}}); err != nil {
					t.Errorf("append: %v", err)
					return
				}
				others.Add(1)
			}
		}()
	}
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := e.Client()
			for range 3 {
				if status, err := c.Do("POST", "/login", login, nil); err != nil {
					t.Errorf("sign-in: %d %+v", status, err)
					continue
				}
				signIns.Add(1)
			}
		}()
	}
	wg.Wait()
	close(done)
	writers.Wait()
	c, err := j.Verify(ctx, e.DB, id, true)
	if err != nil || c.Break != nil {
		t.Fatalf("the chain after sign-ins among other writers: %+v, %v", c, err)
	}
	logins, changes := count()
	if logins-logins0 != signIns.Load() || changes-changes0 != others.Load() {
		t.Errorf("%d sign-in entries and %d others, want %d and %d", logins-logins0, changes-changes0, signIns.Load(), others.Load())
	}
	t.Logf("%d sign-ins, %d other entries, %d in the chain", signIns.Load(), others.Load(), c.Entries)
}

// Ending an account's sessions takes the chain's lock before it touches a
// session, in the order a sign-in takes them: a sign-in holds the lock
// while it ends sessions (its browser's earlier one, those over
// SESSION_MAX). In the other order, ending the sessions while a sign-in
// waited for them deadlocked, and PostgreSQL aborted one of the two after
// a second: the person's new session or the staff's revocation (or the
// sign-out of that oldest session). Here the sign-in's side is a
// transaction that holds the lock and then ends the oldest session, as a
// sign-in over the limit does.
func TestEndingSessionsBesideASignInWaitsForItsLock(t *testing.T) {
	e := start(t, func(c *config.Config) { c.IPLimit = 1000 })
	p := person(e, e.Client(), "+79125550079", "chain-order@example.ru")
	ctx := t.Context()
	id := accountID(t, e, p.Email)
	staff := accountID(t, e, person(e, e.Client(), "+79125550080", "chain-staff@example.ru").Email) // no one ends their own
	j := e.P.Auth.Journal()
	for _, end := range []struct {
		name string
		run  func(oldest *auth.Session) error
		live int // sessions left: one of the two when only the oldest ends
	}{
		{"staff end them all", func(*auth.Session) error {
			return e.P.Auth.EndSessionsByStaff(ctx, staff, id, "", api.Meta{IP: "127.0.0.1"})
		}, 0},
		{"a password change ends the others", func(*auth.Session) error {
			return e.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
				if err := e.P.Auth.RevokeAll(ctx, tx, id, nil, "password_changed"); err != nil {
					return err
				}
				return j.Append(ctx, tx, audit.Entry{AccountID: id, Kind: shared.JournalPasswordChanged})
			})
		}, 0},
		{"the oldest session signs out", func(oldest *auth.Session) error {
			return e.P.Auth.Logout(ctx, oldest, api.Meta{IP: "127.0.0.1"})
		}, 1},
	} {
		t.Run(end.name, func(t *testing.T) {
			for range 2 { // two more live sessions
				e.Client().MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
			}
			signIn := holdChainLock(t, e, id)
			first := oldestSession(t, e, id)
			ended := make(chan error, 1)
			go func() { ended <- end.run(first) }()
			waitForChainLock(t, e) // it waits for the lock now (before: for it, with the sessions locked)
			_, limitErr := signIn.NewRaw(`UPDATE sessions SET revoked_at = now(), revoke_reason = 'session_limit'
				WHERE id = (SELECT id FROM sessions WHERE account_id = ? AND revoked_at IS NULL ORDER BY created_at LIMIT 1)`, id).Exec(ctx)
			commitErr := signIn.Commit()
			if err := <-ended; limitErr != nil || commitErr != nil || err != nil {
				t.Errorf("the sign-in's end of a session: %v, its commit: %v; ending the sessions: %v", limitErr, commitErr, err)
			}
			var live int
			if err := e.DB.NewRaw("SELECT count(*) FROM sessions WHERE account_id = ? AND revoked_at IS NULL", id).Scan(ctx, &live); err != nil || live != end.live {
				t.Errorf("%d live sessions (%v), want %d", live, err, end.live)
			}
		})
	}
}

// A step-up or re-entry of the password rotates the session's token and
// journals it; a sign-out of that session, beside it, ends the session
// and journals it. Both take the chain's lock before the session's row,
// as a sign-in does. When the sign-out took the lock first and the
// rotation the row first, they deadlocked and PostgreSQL aborted one.
// Here the sign-out's side holds the lock, as Logout does, while the
// password is entered again; the rotation then finds the session ended.
func TestRotatingASessionBesideItsSignOutWaitsForTheLock(t *testing.T) {
	e := start(t, func(c *config.Config) { c.IPLimit = 1000 })
	p := person(e, e.Client(), "+79125550081", "chain-rotate@example.ru")
	ctx := t.Context()
	id := accountID(t, e, p.Email)
	sess := oldestSession(t, e, id)
	signOut := holdChainLock(t, e, id)
	id0 := slices.Clone(sess.ID) // the rotation gives sess another
	rotated := make(chan error, 1)
	go func() {
		rotated <- e.P.Auth.Reauth(ctx, sess, shared.ReauthRequest{Password: goodPassword}, api.Meta{IP: "127.0.0.1"})
	}()
	waitForChainLock(t, e)
	_, endErr := signOut.NewRaw("UPDATE sessions SET revoked_at = now(), revoke_reason = 'logout' WHERE id = ?", id0).Exec(ctx)
	commitErr := signOut.Commit()
	err := <-rotated
	if endErr != nil || commitErr != nil || shared.ErrorCode(err) != shared.CodeUnauthenticated {
		t.Errorf("the sign-out's end of the session: %v, its commit: %v; the rotation: %v, want %s (ended meanwhile)",
			endErr, commitErr, err, shared.CodeUnauthenticated)
	}
}

// holdChainLock begins a transaction that holds account id's journal
// chain lock, as a sign-in or a sign-out does before it touches a
// session; it is rolled back at the test's end unless committed.
func holdChainLock(t *testing.T, e *portaltest.Env, id string) bun.Tx {
	t.Helper()
	tx, err := e.DB.BeginTx(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback() })
	if _, err := tx.NewRaw("SELECT ?", audit.LockChain(id)).Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	return tx
}

// oldestSession is account id's oldest live session.
func oldestSession(t *testing.T, e *portaltest.Env, id string) *auth.Session {
	t.Helper()
	sess := new(auth.Session)
	if err := e.DB.NewSelect().Model(sess).Where("account_id = ? AND revoked_at IS NULL", id).
		OrderExpr("created_at").Limit(1).Scan(t.Context()); err != nil {
		t.Fatal(err)
	}
	return sess
}

// waitForChainLock waits until a transaction waits for an advisory lock:
// the chain's, which the test holds.
func waitForChainLock(t *testing.T, e *portaltest.Env) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		var waiting int
		if err := e.DB.NewRaw("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted").Scan(t.Context(), &waiting); err != nil {
			t.Fatal(err)
		}
		if waiting > 0 {
			return
		}
	}
	t.Fatal("nothing waited for the chain's lock in 10 s")
}
