package db_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"kabinet/server/db"
	"kabinet/server/dbtest"
)

// A transaction of prepared statements sends its BEGIN with the first
// and its COMMIT with the one named last: three statements are three
// round trips, and what they wrote is committed.
func TestTxFoldsBeginAndCommit(t *testing.T) {
	var hook statements
	pool := dbtest.NewDB(t)
	pool.SetMaxOpenConns(1)
	pool.AddQueryHook(&hook)
	ctx := t.Context()
	if _, err := pool.ExecContext(ctx, "CREATE TABLE runs (n int)"); err != nil {
		t.Fatal(err)
	}
	add := db.Prepare("test_fold_add", "INSERT INTO runs VALUES ($1) RETURNING n")
	ps := []*db.Prepared{add}
	run := func() error {
		return db.RunInTx(ctx, pool, ps, func(ctx context.Context, tx *db.Tx) error {
			for i := 1; i <= 3; i++ {
				if i == 3 {
					tx.EndWithNext()
				}
				var n int
				if err := add.ScanIn(ctx, tx, []any{i}, &n); err != nil || n != i {
					return errors.Join(err, errors.New("a wrong row"))
				}
			}
			return nil
		})
	}
	for range 2 { // the first prepares
		hook.take()
		if err := run(); err != nil {
			t.Fatal(err)
		}
		seen := hook.take()
		seen = seen[len(seen)-3:]
		if !strings.HasPrefix(seen[0], "BEGIN; EXECUTE test_fold_add_") || !strings.HasPrefix(seen[1], "EXECUTE test_fold_add_") ||
			!strings.HasSuffix(seen[2], "(3); COMMIT") {
			t.Errorf("statements %q, want BEGIN with the first and COMMIT with the last", seen)
		}
	}
	// A statement gone from the connection fails the folded BEGIN's
	// message: rolled back, prepared again, run once more.
	if _, err := pool.ExecContext(ctx, "DEALLOCATE ALL"); err != nil {
		t.Fatal(err)
	}
	hook.take()
	if err := run(); err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, q := range hook.take() {
		kind := strings.Fields(q)[0]
		if strings.HasPrefix(q, "BEGIN; EXECUTE") {
			kind = "BEGIN+EXECUTE"
		} else if strings.HasSuffix(q, "; COMMIT") {
			kind = "EXECUTE+COMMIT"
		}
		kinds = append(kinds, kind)
	}
	if got := strings.Join(kinds, " "); got != "BEGIN+EXECUTE ROLLBACK PREPARE BEGIN+EXECUTE EXECUTE EXECUTE+COMMIT" {
		t.Errorf("after DEALLOCATE: %s", got)
	}
	// committed: another connection sees it
	var runs int
	if err := pool.NewRaw("SELECT count(*) FROM runs").Scan(ctx, &runs); err != nil || runs != 9 {
		t.Errorf("%d rows (%v), want 9", runs, err)
	}
	clean(t, pool)
}

// However fn ends — an error, a statement that fails, a cancelled
// context, a COMMIT that fails, a panic — nothing it wrote stays, RunInTx
// says so, and the connection goes back to the pool outside any
// transaction.
func TestTxLeavesThePoolClean(t *testing.T) {
	pool := dbtest.NewDB(t)
	pool.SetMaxOpenConns(1) // the next use takes the same connection
	ctx := t.Context()
	// a deferred unique check fails at COMMIT, not at the INSERT
	if _, err := pool.ExecContext(ctx, `CREATE TABLE runs (n int, CONSTRAINT once UNIQUE (n) DEFERRABLE INITIALLY DEFERRED)`); err != nil {
		t.Fatal(err)
	}
	add := db.Prepare("test_clean_add", "INSERT INTO runs VALUES ($1) RETURNING n")
	bad := errors.New("fn failed")
	for _, c := range []struct {
		name string
		fn   func(ctx context.Context, cancel context.CancelFunc, tx *db.Tx) error
	}{
		{"fn's error", func(ctx context.Context, _ context.CancelFunc, tx *db.Tx) error {
			var n int
			if err := add.ScanIn(ctx, tx, []any{1}, &n); err != nil {
				return err
			}
			return bad
		}},
		{"a failing statement", func(ctx context.Context, _ context.CancelFunc, tx *db.Tx) error {
			var n int
			if err := add.ScanIn(ctx, tx, []any{1}, &n); err != nil {
				return err
			}
			_, err := tx.NewRaw("SELECT 1/0").Exec(ctx)
			return err
		}},
		{"a failing statement let go", func(ctx context.Context, _ context.CancelFunc, tx *db.Tx) error {
			var n int
			if err := add.ScanIn(ctx, tx, []any{1}, &n); err != nil {
				return err
			}
			_, _ = tx.NewRaw("SELECT 1/0").Exec(ctx)
			return nil
		}},
		{"a cancelled context", func(ctx context.Context, cancel context.CancelFunc, tx *db.Tx) error {
			var n int
			if err := add.ScanIn(ctx, tx, []any{1}, &n); err != nil {
				return err
			}
			cancel()
			tx.EndWithNext()
			return add.ScanIn(ctx, tx, []any{2}, &n)
		}},
		{"a cancelled context before COMMIT", func(ctx context.Context, cancel context.CancelFunc, tx *db.Tx) error {
			var n int
			err := add.ScanIn(ctx, tx, []any{1}, &n)
			cancel()
			return err
		}},
		{"a COMMIT that fails", func(ctx context.Context, _ context.CancelFunc, tx *db.Tx) error {
			var n int
			if err := add.ScanIn(ctx, tx, []any{1}, &n); err != nil {
				return err
			}
			tx.EndWithNext()
			return add.ScanIn(ctx, tx, []any{1}, &n)
		}},
		{"a panic", func(ctx context.Context, _ context.CancelFunc, tx *db.Tx) error {
			var n int
			if err := add.ScanIn(ctx, tx, []any{1}, &n); err != nil {
				return err
			}
			panic(bad)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := pool.ExecContext(ctx, "TRUNCATE runs"); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(ctx)
			defer cancel()
			err := func() (err error) {
				defer func() {
					if r := recover(); r != nil {
						err = r.(error)
					}
				}()
				return db.RunInTx(ctx, pool, []*db.Prepared{add}, func(ctx context.Context, tx *db.Tx) error {
					return c.fn(ctx, cancel, tx)
				})
			}()
			if err == nil {
				t.Errorf("RunInTx: no error")
			}
			clean(t, pool)
			var runs int
			if err := pool.NewRaw("SELECT count(*) FROM runs").Scan(t.Context(), &runs); err != nil || runs != 0 {
				t.Errorf("%d rows (%v), want none", runs, err)
			}
		})
	}
	// and a statement after the folded COMMIT is refused
	if _, err := pool.ExecContext(ctx, "TRUNCATE runs"); err != nil {
		t.Fatal(err)
	}
	err := db.RunInTx(ctx, pool, []*db.Prepared{add}, func(ctx context.Context, tx *db.Tx) error {
		var n int
		tx.EndWithNext()
		if err := add.ScanIn(ctx, tx, []any{7}, &n); err != nil {
			return err
		}
		_, err := tx.NewRaw("INSERT INTO runs VALUES (8)").Exec(ctx)
		return err
	})
	var runs int
	if cerr := pool.NewRaw("SELECT count(*) FROM runs").Scan(ctx, &runs); err == nil || cerr != nil || runs != 1 {
		t.Errorf("a statement after the COMMIT: %v; %d rows (%v), want an error and the one before it", err, runs, cerr)
	}
	clean(t, pool)
}

// clean fails t when pool's next connection is inside a transaction: one
// left open began before this statement, and one left failed refuses it.
func clean(t *testing.T, pool *bun.DB) {
	t.Helper()
	var fresh bool
	err := pool.NewRaw("SELECT xact_start = query_start FROM pg_stat_activity WHERE pid = pg_backend_pid()").Scan(t.Context(), &fresh)
	if err != nil || !fresh {
		t.Errorf("the pool's connection is inside a transaction: %v %v", fresh, err)
	}
}
