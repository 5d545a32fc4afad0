package db_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/db"
	"kabinet/server/dbtest"
)

// aheadTable makes the table runs and the procedure note, which adds a
// row to it (a statement that returns no rows, as ExecAhead needs).
func aheadTable(t *testing.T, pool *bun.DB) {
	t.Helper()
	if _, err := pool.ExecContext(t.Context(), `CREATE TABLE runs (n int);
		CREATE PROCEDURE note(n int) LANGUAGE sql BEGIN ATOMIC INSERT INTO runs VALUES (n); END;
		CREATE PROCEDURE wait_for(k bigint) LANGUAGE sql BEGIN ATOMIC SELECT pg_advisory_xact_lock(k); END;
		CREATE PROCEDURE fail(n int) LANGUAGE sql BEGIN ATOMIC SELECT 1 / n; END`); err != nil {
		t.Fatal(err)
	}
}

// A statement queued with ExecAhead travels in the message of the next
// prepared statement, in front of it — with the BEGIN before it, the
// COMMIT after it, or alone — and runs once; one that no prepared
// statement follows goes before the next other statement or the COMMIT.
// A prepared statement gone from the connection fails the message: it
// is all rolled back and run again, the queued statement with it.
func TestTxSendsAheadInTheNextMessage(t *testing.T) {
	var hook statements
	pool := dbtest.NewDB(t)
	pool.SetMaxOpenConns(1)
	pool.AddQueryHook(&hook)
	ctx := t.Context()
	aheadTable(t, pool)
	count := db.Prepare("test_ahead_count", "SELECT count(*) FROM runs WHERE n > $1")
	ps := []*db.Prepared{count}
	note := func(tx *db.Tx, n int) error { return db.ExecAhead(ctx, tx, "CALL note($1)", n) }
	counted := func(tx *db.Tx, want int) error {
		var n int
		if err := count.ScanIn(ctx, tx, []any{0}, &n); err != nil {
			return err
		}
		if n != want {
			return errors.New("the statement in front did not run before it")
		}
		return nil
	}
	for _, c := range []struct {
		name  string
		fn    func(tx *db.Tx) error
		trips string
		rows  int
	}{
		{"with the BEGIN, and alone", func(tx *db.Tx) error {
			if err := errors.Join(note(tx, 1), note(tx, 2)); err != nil {
				return err
			}
			if err := counted(tx, 2); err != nil {
				return err
			}
			if err := note(tx, 3); err != nil {
				return err
			}
			return counted(tx, 3)
		}, "BEGIN; CALL note(1); CALL note(2); EXECUTE test_ahead_count_|CALL note(3); EXECUTE test_ahead_count_|COMMIT", 3},
		{"with the COMMIT", func(tx *db.Tx) error {
			if err := counted(tx, 0); err != nil {
				return err
			}
			tx.EndWithNext()
			if err := note(tx, 4); err != nil {
				return err
			}
			return counted(tx, 1)
		}, "BEGIN; EXECUTE test_ahead_count_|CALL note(4); EXECUTE test_ahead_count_…(0); COMMIT", 1},
		{"before another statement", func(tx *db.Tx) error {
			if err := note(tx, 5); err != nil {
				return err
			}
			var n int // 10 + the row of note(5), when that ran first
			if err := tx.NewRaw("INSERT INTO runs SELECT 10 + count(*) FROM runs RETURNING n").Scan(ctx, &n); err != nil || n != 11 {
				return errors.Join(err, errors.New("the statement in front did not run before it"))
			}
			return nil
		}, "INSERT INTO runs SELECT|BEGIN; CALL note(5)|COMMIT", 2}, // a builder calls its hook before use sends the one in front
		{"before the COMMIT", func(tx *db.Tx) error {
			if err := counted(tx, 0); err != nil {
				return err
			}
			return note(tx, 7)
		}, "BEGIN; EXECUTE test_ahead_count_|CALL note(7)|COMMIT", 1},
		{"alone", func(tx *db.Tx) error { return note(tx, 8) }, "BEGIN; CALL note(8)|COMMIT", 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := pool.ExecContext(ctx, "TRUNCATE runs"); err != nil {
				t.Fatal(err)
			}
			for _, renew := range []bool{false, true} {
				if renew { // a DISCARD: prepared again, and run again
					if _, err := pool.ExecContext(ctx, "TRUNCATE runs; DEALLOCATE ALL"); err != nil {
						t.Fatal(err)
					}
				}
				hook.take()
				if err := db.RunInTx(ctx, pool, ps, func(ctx context.Context, tx *db.Tx) error { return c.fn(tx) }); err != nil {
					t.Fatal(err)
				}
				trips := hook.take()
				if i := len(trips) - strings.Count(c.trips, "|") - 1; i >= 0 {
					trips = trips[i:]
				}
				for i, want := range strings.Split(c.trips, "|") {
					head, tail, _ := strings.Cut(want, "…")
					if i >= len(trips) || !strings.HasPrefix(trips[i], head) || !strings.HasSuffix(trips[i], tail) {
						t.Errorf("renew %t: round trips %q, want %q", renew, trips, c.trips)
						break
					}
				}
				var rows int
				if err := pool.NewRaw("SELECT count(*) FROM runs").Scan(ctx, &rows); err != nil || rows != c.rows {
					t.Errorf("renew %t: %d rows (%v), want %d", renew, rows, err, c.rows)
				}
			}
			clean(t, pool)
		})
	}
	// Outside a Tx of RunInTx, it runs at once.
	err := pool.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := db.ExecAhead(ctx, tx, "CALL note($1)", 9); err != nil {
			return err
		}
		var n int
		if err := count.ScanIn(ctx, tx, []any{8}, &n); err != nil || n != 1 {
			return errors.Join(err, errors.New("not run at once"))
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
}

// The statement after one queued with ExecAhead sees what was committed
// while that one waited for a lock: in one message, each statement takes
// its own snapshot when it begins. This is what a sign-in relies on to
// read the journal chain's head after taking its lock in one round trip.
func TestTxAheadLockIsHeldBeforeTheNextStatementBegins(t *testing.T) {
	pool := dbtest.NewDB(t)
	ctx := t.Context()
	aheadTable(t, pool)
	count := db.Prepare("test_ahead_locked", "SELECT count(*) FROM runs WHERE n > $1")
	holder, err := pool.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = holder.Rollback() }()
	if _, err := holder.ExecContext(ctx, "SELECT pg_advisory_xact_lock(77); INSERT INTO runs VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	seen := make(chan int, 1)
	errs := make(chan error, 1)
	go func() {
		errs <- db.RunInTx(ctx, pool, []*db.Prepared{count}, func(ctx context.Context, tx *db.Tx) error {
			if err := db.ExecAhead(ctx, tx, "CALL wait_for($1)", 77); err != nil {
				return err
			}
			var n int
			err := count.ScanIn(ctx, tx, []any{0}, &n)
			seen <- n
			return err
		})
	}()
	deadline := time.Now().Add(10 * time.Second)
	for waiting := 0; waiting == 0; {
		if err := pool.NewRaw(`SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'
			AND query LIKE 'BEGIN; CALL wait_for(77); EXECUTE test_ahead_locked_%'`).Scan(ctx, &waiting); err != nil {
			t.Fatal(err)
		}
		if time.Now().After(deadline) {
			t.Fatal("the transaction does not wait for the lock")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := holder.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-errs; err != nil {
		t.Fatal(err)
	}
	if n := <-seen; n != 1 {
		t.Errorf("the statement after the lock saw %d rows, want the 1 committed by the lock's holder", n)
	}
}

// A statement queued with ExecAhead that fails stops the message: the
// statement behind it does not run, its ScanIn returns that error (the
// first), nothing is committed even when fn lets the error go, and the
// connection goes back to the pool outside any transaction.
func TestTxAheadErrorStopsTheMessage(t *testing.T) {
	pool := dbtest.NewDB(t)
	pool.SetMaxOpenConns(1)
	ctx := t.Context()
	aheadTable(t, pool)
	add := db.Prepare("test_ahead_add", "INSERT INTO runs VALUES ($1) RETURNING n")
	for _, c := range []struct {
		name string
		fn   func(ctx context.Context, tx *db.Tx) error
	}{
		{"with the BEGIN", func(ctx context.Context, tx *db.Tx) error {
			var n int
			if err := db.ExecAhead(ctx, tx, "CALL fail($1)", 0); err != nil {
				return err
			}
			return add.ScanIn(ctx, tx, []any{1}, &n)
		}},
		{"with the COMMIT", func(ctx context.Context, tx *db.Tx) error {
			var n int
			if err := add.ScanIn(ctx, tx, []any{1}, &n); err != nil {
				return err
			}
			tx.EndWithNext()
			if err := db.ExecAhead(ctx, tx, "CALL fail($1)", 0); err != nil {
				return err
			}
			return add.ScanIn(ctx, tx, []any{2}, &n)
		}},
		{"let go", func(ctx context.Context, tx *db.Tx) error {
			var n int
			if err := add.ScanIn(ctx, tx, []any{1}, &n); err != nil {
				return err
			}
			if err := db.ExecAhead(ctx, tx, "CALL fail($1)", 0); err != nil {
				return err
			}
			_ = add.ScanIn(ctx, tx, []any{2}, &n)
			return nil
		}},
		{"before the COMMIT", func(ctx context.Context, tx *db.Tx) error {
			var n int
			if err := add.ScanIn(ctx, tx, []any{1}, &n); err != nil {
				return err
			}
			return db.ExecAhead(ctx, tx, "CALL fail($1)", 0)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := pool.ExecContext(ctx, "TRUNCATE runs"); err != nil {
				t.Fatal(err)
			}
			err := db.RunInTx(ctx, pool, []*db.Prepared{add}, c.fn)
			if !strings.Contains(fmt.Sprint(err), "division by zero") {
				t.Errorf("RunInTx = %v, want the failed statement's error", err)
			}
			var rows int
			if err := pool.NewRaw("SELECT count(*) FROM runs").Scan(ctx, &rows); err != nil || rows != 0 {
				t.Errorf("%d rows (%v), want none", rows, err)
			}
			clean(t, pool)
		})
	}
}

// A line comment in a statement queued with ExecAhead would run on over
// the rest of its message: the statement behind it and the COMMIT folded
// after that would not run, the empty answer would be taken for a
// statement with no row whose COMMIT ran, and the connection would go
// back to the pool inside the transaction. ExecAhead refuses it, and
// nothing is committed.
func TestTxAheadRefusesALineComment(t *testing.T) {
	pool := dbtest.NewDB(t)
	pool.SetMaxOpenConns(1)
	ctx := t.Context()
	aheadTable(t, pool)
	add := db.Prepare("test_ahead_comment", "INSERT INTO runs VALUES ($1) RETURNING n")
	err := db.RunInTx(ctx, pool, []*db.Prepared{add}, func(ctx context.Context, tx *db.Tx) error {
		var n int
		if err := add.ScanIn(ctx, tx, []any{1}, &n); err != nil {
			return err
		}
		tx.EndWithNext()
		if err := db.ExecAhead(ctx, tx, "CALL note($1) -- the run's number", 5); err != nil {
			return err
		}
		return add.ScanIn(ctx, tx, []any{2}, &n)
	})
	if !strings.Contains(fmt.Sprint(err), "line comment") {
		t.Errorf("RunInTx = %v, want ExecAhead's refusal", err)
	}
	clean(t, pool)
	var rows int
	if err := pool.NewRaw("SELECT count(*) FROM runs").Scan(ctx, &rows); err != nil || rows != 0 {
		t.Errorf("%d rows (%v), want none", rows, err)
	}
}

// On the pool ExecAhead refuses: the statement would run alone, in a
// transaction of its own, and a lock it takes would be gone before the
// statement it was taken for.
func TestExecAheadRefusesThePool(t *testing.T) {
	pool := dbtest.NewDB(t)
	ctx := t.Context()
	aheadTable(t, pool)
	err := db.ExecAhead(ctx, pool, "CALL note($1)", 5)
	if !strings.Contains(fmt.Sprint(err), "outside a transaction") {
		t.Errorf("ExecAhead on the pool = %v, want a refusal", err)
	}
	var runs int
	if err := pool.NewRaw("SELECT count(*) FROM runs").Scan(ctx, &runs); err != nil || runs != 0 {
		t.Errorf("%d runs (%v), want none", runs, err)
	}
}
