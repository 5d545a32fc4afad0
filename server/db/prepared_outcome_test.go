package db_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"kabinet/server/db"
	"kabinet/server/dbtest"
)

// A statement of the transaction failed and fn went on and returned nil:
// PostgreSQL answers the COMMIT of a failed transaction with ROLLBACK and
// no error, so nothing fn wrote is there, and RunInTx must not say that
// it was committed. Both ways the COMMIT is sent: on its own after fn,
// and folded into fn's last statement.
func TestTxReportsAFailedTransactionThatDidNotCommit(t *testing.T) {
	pool := dbtest.NewDB(t)
	pool.SetMaxOpenConns(1)
	ctx := t.Context()
	if _, err := pool.ExecContext(ctx, "CREATE TABLE runs (n int)"); err != nil {
		t.Fatal(err)
	}
	add := db.Prepare("test_lost_add", "INSERT INTO runs VALUES ($1) RETURNING n")
	for _, c := range []struct {
		name string
		fn   func(ctx context.Context, tx *db.Tx) error
	}{
		{"a builder's statement let go", func(ctx context.Context, tx *db.Tx) error {
			var n int
			if err := add.ScanIn(ctx, tx, []any{1}, &n); err != nil {
				return err
			}
			_, _ = tx.NewRaw("SELECT 1/0").Exec(ctx)
			return nil
		}},
		{"a prepared statement let go", func(ctx context.Context, tx *db.Tx) error {
			var n int
			if err := add.ScanIn(ctx, tx, []any{1}, &n); err != nil {
				return err
			}
			_ = add.ScanIn(ctx, tx, []any{"not a number"}, &n)
			return nil
		}},
		{"a failed statement let go before the folded COMMIT", func(ctx context.Context, tx *db.Tx) error {
			var n int
			if err := add.ScanIn(ctx, tx, []any{1}, &n); err != nil {
				return err
			}
			_, _ = tx.NewRaw("SELECT 1/0").Exec(ctx)
			tx.EndWithNext()
			_ = add.ScanIn(ctx, tx, []any{2}, &n)
			return nil
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := pool.ExecContext(ctx, "TRUNCATE runs"); err != nil {
				t.Fatal(err)
			}
			err := db.RunInTx(ctx, pool, []*db.Prepared{add}, c.fn)
			var runs int
			if cerr := pool.NewRaw("SELECT count(*) FROM runs").Scan(ctx, &runs); cerr != nil {
				t.Fatal(cerr)
			}
			if runs == 0 && err == nil {
				t.Errorf("RunInTx = nil, but nothing was committed")
			}
			clean(t, pool)
		})
	}
}

// The arguments of a folded message ("BEGIN; CALL …; EXECUTE …",
// "EXECUTE …; COMMIT") are written into its text: one made to end the statement and
// start another is stored as it came, and runs nothing.
func TestTxFoldedArgumentsStayArguments(t *testing.T) {
	pool := dbtest.NewDB(t)
	pool.SetMaxOpenConns(1)
	ctx := t.Context()
	if _, err := pool.ExecContext(ctx, `CREATE TABLE notes (s text, b bytea);
		CREATE PROCEDURE keep(s text, b bytea) LANGUAGE sql BEGIN ATOMIC INSERT INTO notes VALUES (s, b); END`); err != nil {
		t.Fatal(err)
	}
	add := db.Prepare("test_inject_add", "INSERT INTO notes VALUES ($1, $2) RETURNING s")
	evil := []string{
		`x'); COMMIT; DROP TABLE notes; --`,
		`x\'); DROP TABLE notes; --`,
		"x$$); DROP TABLE notes; --",
		"x?0 ?1 $1 $2",
		"x\u2019); DROP TABLE notes; --",
		"'';\n;",
	}
	for _, s := range evil {
		err := db.RunInTx(ctx, pool, []*db.Prepared{add}, func(ctx context.Context, tx *db.Tx) error {
			var got string
			if err := db.ExecAhead(ctx, tx, "CALL keep($1, $2)", s, []byte(s)); err != nil {
				return err
			}
			if err := add.ScanIn(ctx, tx, []any{s, []byte(s)}, &got); err != nil { // "BEGIN; CALL; EXECUTE"
				return err
			}
			tx.EndWithNext()
			return add.ScanIn(ctx, tx, []any{s, []byte(s)}, &got) // "EXECUTE; COMMIT"
		})
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
	}
	var rows []struct {
		S string `bun:"s"`
		B []byte `bun:"b"`
	}
	if err := pool.NewRaw("SELECT s, b FROM notes").Scan(ctx, &rows); err != nil {
		t.Fatalf("the table: %v", err)
	}
	if len(rows) != 3*len(evil) {
		t.Fatalf("%d rows, want %d", len(rows), 3*len(evil))
	}
	for i, r := range rows {
		if want := evil[i/3]; r.S != want || string(r.B) != want {
			t.Errorf("row %d: %q %q, want %q", i, r.S, r.B, want)
		}
	}
	clean(t, pool)
}

// Transactions cancelled at random moments, many at once on a small
// pool: each is all or nothing, one RunInTx reported committed is there,
// and no connection goes back to the pool inside a transaction. Again
// with a statement queued by ExecAhead in front of each (its row is one
// of the transaction's: "BEGIN; CALL …; EXECUTE …", "CALL …; EXECUTE
// …; COMMIT").
func TestTxCancelledAtRandomLeavesNoTransactionOpen(t *testing.T) {
	for _, ahead := range []bool{false, true} {
		t.Run(fmt.Sprint("ahead ", ahead), func(t *testing.T) { cancelledAtRandom(t, ahead) })
	}
}

func cancelledAtRandom(t *testing.T, ahead bool) {
	pool := dbtest.NewDB(t)
	pool.SetMaxOpenConns(4)
	ctx := t.Context()
	if _, err := pool.ExecContext(ctx, `CREATE TABLE runs (k int, n int);
		CREATE PROCEDURE keep(k int, n int) LANGUAGE sql BEGIN ATOMIC INSERT INTO runs VALUES (k, n); END`); err != nil {
		t.Fatal(err)
	}
	add := db.Prepare("test_cancel_add", "INSERT INTO runs SELECT $1, $2 FROM pg_sleep($3) RETURNING n")
	want := 2 // rows of a committed run
	if ahead {
		want = 4
	}
	keep := func(ctx context.Context, tx *db.Tx, k, n int) error {
		if !ahead {
			return nil
		}
		return db.ExecAhead(ctx, tx, "CALL keep($1, $2)", k, n)
	}
	const runs = 120
	results := make([]error, runs)
	var wg sync.WaitGroup
	four := make(chan struct{}, 4) // as many at once as the pool has connections
	for k := range runs {
		wg.Go(func() {
			four <- struct{}{}
			defer func() { <-four }()
			ctx, cancel := context.WithCancel(ctx)
			defer cancel()
			time.AfterFunc(time.Duration(k%20)*250*time.Microsecond, cancel)
			results[k] = db.RunInTx(ctx, pool, []*db.Prepared{add}, func(ctx context.Context, tx *db.Tx) error {
				var n int
				if err := keep(ctx, tx, k, 10); err != nil {
					return err
				}
				if err := add.ScanIn(ctx, tx, []any{k, 1, 0.001}, &n); err != nil {
					return err
				}
				tx.EndWithNext()
				if err := keep(ctx, tx, k, 20); err != nil {
					return err
				}
				return add.ScanIn(ctx, tx, []any{k, 2, 0.001}, &n)
			})
		})
	}
	wg.Wait()
	counts := map[int]int{}
	var rows []struct {
		K int `bun:"k"`
		C int `bun:"c"`
	}
	if err := pool.NewRaw("SELECT k, count(*) AS c FROM runs GROUP BY k").Scan(ctx, &rows); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		counts[r.K] = r.C
	}
	committed, failed, ambiguous := 0, 0, 0
	for k, err := range results {
		switch c := counts[k]; {
		case c != 0 && c != want:
			t.Errorf("run %d: %d of its %d rows", k, c, want)
		case err == nil && c != want:
			t.Errorf("run %d: reported committed, %d rows", k, c)
		case err == nil:
			committed++
		case c == want:
			ambiguous++ // cancelled during the message that carried the COMMIT
		default:
			failed++
		}
	}
	t.Logf("%d committed, %d not, %d committed though reported failed", committed, failed, ambiguous)
	var open int
	if err := pool.NewRaw(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
		AND state LIKE 'idle in transaction%'`).Scan(ctx, &open); err != nil || open != 0 {
		t.Errorf("%d connections idle in a transaction (%v)", open, err)
	}
	for range 4 {
		clean(t, pool)
	}
}
