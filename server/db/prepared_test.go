package db_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/uptrace/bun"

	"kabinet/server/db"
	"kabinet/server/dbtest"
)

// statements is a Bun query hook that records every statement.
type statements struct {
	mu   sync.Mutex
	seen []string
}

func (s *statements) BeforeQuery(ctx context.Context, ev *bun.QueryEvent) context.Context {
	s.mu.Lock()
	s.seen = append(s.seen, ev.Query)
	s.mu.Unlock()
	return ctx
}

func (s *statements) AfterQuery(context.Context, *bun.QueryEvent) {}

func (s *statements) take() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.seen
	s.seen = nil
	return out
}

// A prepared statement is parsed and planned once on a connection: the
// first call prepares it, the next ones only execute; one that vanished
// from the connection (DEALLOCATE) is prepared again, and the caller
// sees nothing of it.
func TestPreparedOncePerConnection(t *testing.T) {
	var hook statements
	pool := dbtest.NewDB(t)
	pool.SetMaxOpenConns(1) // one connection, so "once" is observable
	pool.AddQueryHook(&hook)
	ctx := t.Context()
	double := db.Prepare("test_double", "SELECT $1::int * 2, $2::text || '!'")
	scan := func() {
		t.Helper()
		var n int
		var s string
		if err := double.Scan(ctx, pool, []any{21, "hi"}, &n, &s); err != nil || n != 42 || s != "hi!" {
			t.Fatalf("got %d %q %v", n, s, err)
		}
	}
	hook.take()
	scan()
	if got := hook.take(); len(got) != 2 || !strings.HasPrefix(got[0], "PREPARE test_double_") || !strings.HasPrefix(got[1], "EXECUTE test_double_") {
		t.Errorf("first call: %q, want PREPARE and EXECUTE", got)
	}
	scan()
	if got := hook.take(); len(got) != 1 || !strings.HasPrefix(got[0], "EXECUTE") {
		t.Errorf("second call: %q, want one EXECUTE", got)
	}
	if _, err := pool.ExecContext(ctx, "DEALLOCATE ALL"); err != nil {
		t.Fatal(err)
	}
	hook.take()
	scan()
	if got := hook.take(); len(got) != 3 {
		t.Errorf("after DEALLOCATE: %q, want EXECUTE, PREPARE, EXECUTE", got)
	}
	none := db.Prepare("test_none", "SELECT 1 WHERE $1::int > 1")
	var n int
	if err := none.Scan(ctx, pool, []any{0}, &n); !errors.Is(err, sql.ErrNoRows) {
		t.Errorf("no row: %v, want sql.ErrNoRows", err)
	}
}

// Two queries never share a server name, even under one name.
func TestPreparedNamesDiffer(t *testing.T) {
	pool := dbtest.NewDB(t)
	pool.SetMaxOpenConns(1)
	one, two := db.Prepare("same", "SELECT 1 + $1::int"), db.Prepare("same", "SELECT 2 + $1::int")
	for want, p := range map[int]*db.Prepared{2: one, 3: two} {
		var got int
		if err := p.Scan(t.Context(), pool, []any{1}, &got); err != nil || got != want {
			t.Errorf("got %d %v, want %d", got, err, want)
		}
	}
}

// A table that a prepared `t.*` reads gains a column while the statement
// is prepared (a newer server migrating beside this one): PostgreSQL
// refuses the old plan (0A000), and the statement is planned anew, the
// caller seeing the new shape and no error.
func TestPreparedFollowsATableChange(t *testing.T) {
	pool := dbtest.NewDB(t)
	pool.SetMaxOpenConns(1)
	ctx := t.Context()
	if _, err := pool.ExecContext(ctx, "CREATE TABLE shape (id int PRIMARY KEY, a text); INSERT INTO shape VALUES (1, 'x')"); err != nil {
		t.Fatal(err)
	}
	row := db.Prepare("test_shape", "SELECT t.* FROM shape t WHERE t.id = $1")
	var got map[string]any
	if err := row.Scan(ctx, pool, []any{1}, &got); err != nil || len(got) != 2 {
		t.Fatalf("before the change: %v %v", got, err)
	}
	if _, err := pool.ExecContext(ctx, "ALTER TABLE shape ADD COLUMN b text NOT NULL DEFAULT 'y'"); err != nil {
		t.Fatal(err)
	}
	got = nil
	if err := row.Scan(ctx, pool, []any{1}, &got); err != nil || len(got) != 3 || got["b"] != "y" {
		t.Fatalf("after a column was added: %v %v, want three columns with b = y", got, err)
	}
}

// Statements prepared for a transaction are prepared before its BEGIN and
// only executed inside. One that has gone from the connection or whose
// plan went stale (a table changed) fails inside the transaction, which
// cannot go on: the transaction is rolled back, the statement prepared
// again and the whole run once more, so what it wrote is there once and
// the caller sees no error.
func TestPreparedInATransaction(t *testing.T) {
	var hook statements
	pool := dbtest.NewDB(t)
	pool.SetMaxOpenConns(1)
	pool.AddQueryHook(&hook)
	ctx := t.Context()
	if _, err := pool.ExecContext(ctx, "CREATE TABLE shape (id int PRIMARY KEY, a text); CREATE TABLE runs (n int)"); err != nil {
		t.Fatal(err)
	}
	insert := db.Prepare("test_insert", "INSERT INTO shape VALUES ($1, $2) RETURNING 1")
	row := db.Prepare("test_row", "SELECT t.* FROM shape t WHERE t.id = $1")
	run := func(id int, want []string) map[string]any {
		t.Helper()
		hook.take()
		var got map[string]any
		err := db.RunInTx(ctx, pool, []*db.Prepared{insert, row}, func(ctx context.Context, tx *db.Tx) error {
			if _, err := tx.NewRaw("INSERT INTO runs VALUES (?)", id).Exec(ctx); err != nil {
				return err
			}
			var one int
			if err := insert.ScanIn(ctx, tx, []any{id, "x"}, &one); err != nil {
				return err
			}
			got = nil
			return row.ScanIn(ctx, tx, []any{id}, &got)
		})
		if err != nil {
			t.Fatalf("run %d: %v", id, err)
		}
		var seen []string
		for _, q := range hook.take() {
			seen = append(seen, strings.Fields(q)[0])
		}
		if strings.Join(seen, " ") != strings.Join(want, " ") {
			t.Errorf("run %d: %q, want %q", id, seen, want)
		}
		var runs int
		if err := pool.NewRaw("SELECT count(*) FROM runs WHERE n = ?", id).Scan(ctx, &runs); err != nil || runs != 1 {
			t.Errorf("run %d written %d times (%v), want once", id, runs, err)
		}
		return got
	}
	// The first statement is a builder's, so the BEGIN goes on its own,
	// sent after the builder's hook has seen the INSERT.
	run(1, []string{"PREPARE", "PREPARE", "INSERT", "BEGIN", "EXECUTE", "EXECUTE", "COMMIT"})
	run(2, []string{"INSERT", "BEGIN", "EXECUTE", "EXECUTE", "COMMIT"})
	if _, err := pool.ExecContext(ctx, "DEALLOCATE ALL"); err != nil {
		t.Fatal(err)
	}
	run(3, []string{"INSERT", "BEGIN", "EXECUTE", "ROLLBACK", "PREPARE", "PREPARE", "INSERT", "BEGIN", "EXECUTE", "EXECUTE", "COMMIT"})
	if _, err := pool.ExecContext(ctx, "ALTER TABLE shape ADD COLUMN b text NOT NULL DEFAULT 'y'"); err != nil {
		t.Fatal(err)
	}
	got := run(4, []string{"INSERT", "BEGIN", "EXECUTE", "EXECUTE", "ROLLBACK", "DEALLOCATE", "PREPARE", "INSERT", "BEGIN", "EXECUTE", "EXECUTE", "COMMIT"})
	if len(got) != 3 || got["b"] != "y" {
		t.Errorf("after a column was added: %v, want three columns with b = y", got)
	}
	// In a transaction begun elsewhere the same text runs as a plain
	// query, with the same arguments.
	hook.take()
	err := pool.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var one int
		if err := insert.ScanIn(ctx, tx, []any{5, "z"}, &one); err != nil || one != 1 {
			return fmt.Errorf("insert: %d %w", one, err)
		}
		got = nil
		return row.ScanIn(ctx, tx, []any{5}, &got)
	})
	if seen := hook.take(); err != nil || len(got) != 3 || got["a"] != "z" || len(seen) != 4 || !strings.HasPrefix(seen[1], "INSERT INTO shape VALUES (5, 'z')") {
		t.Errorf("outside RunInTx: %v %v, statements %q", got, err, seen)
	}
}

// A transaction whose statement failed cannot commit: PostgreSQL answers
// its COMMIT with ROLLBACK and no error. When fn goes on after a failed
// EXECUTE (a read it can do without), RunInTx must not report the
// rolled-back run as done: it runs fn again with the statement prepared
// anew, and what fn wrote is there once.
func TestPreparedInATransactionAfterAnIgnoredFailure(t *testing.T) {
	pool := dbtest.NewDB(t)
	pool.SetMaxOpenConns(1)
	ctx := t.Context()
	if _, err := pool.ExecContext(ctx, "CREATE TABLE runs (n int)"); err != nil {
		t.Fatal(err)
	}
	read := db.Prepare("test_optional", "SELECT $1::int + 1")
	run := func(id int) error {
		return db.RunInTx(ctx, pool, []*db.Prepared{read}, func(ctx context.Context, tx *db.Tx) error {
			if _, err := tx.NewRaw("INSERT INTO runs VALUES (?)", id).Exec(ctx); err != nil {
				return err
			}
			var n int
			_ = read.ScanIn(ctx, tx, []any{id}, &n) // optional: its failure is let go
			return nil
		})
	}
	if err := run(1); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.ExecContext(ctx, "DEALLOCATE ALL"); err != nil {
		t.Fatal(err)
	}
	err := run(2)
	var runs int
	if cerr := pool.NewRaw("SELECT count(*) FROM runs WHERE n = 2").Scan(ctx, &runs); cerr != nil {
		t.Fatal(cerr)
	}
	if err == nil && runs != 1 {
		t.Errorf("RunInTx reported success, but the run was written %d times", runs)
	}
	if err != nil && runs != 0 {
		t.Errorf("RunInTx failed (%v), but the run was written %d times", err, runs)
	}
	if err != nil {
		t.Errorf("RunInTx failed (%v), want the run done once after the statement was prepared again", err)
	}
}
