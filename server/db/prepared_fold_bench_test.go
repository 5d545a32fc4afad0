package db_test

import (
	"context"
	"testing"

	"github.com/uptrace/bun"

	"kabinet/server/db"
	"kabinet/server/dbtest"
)

// BenchmarkTx compares a transaction of three prepared statements (a
// lock, an insert, an insert: a sign-in's shape) run by RunInTx, with
// its BEGIN and COMMIT folded into the first and last statements (three
// round trips), against the same EXECUTEs in bun's RunInTx (five).
func BenchmarkTx(b *testing.B) {
	pool := dbtest.NewDB(b)
	pool.SetMaxOpenConns(1)
	ctx := b.Context()
	if _, err := pool.ExecContext(ctx, "CREATE TABLE marks (n int, at timestamptz DEFAULT now())"); err != nil {
		b.Fatal(err)
	}
	lock := db.Prepare("bench_lock", "SELECT pg_advisory_xact_lock($1) IS NULL")
	add := db.Prepare("bench_add", "INSERT INTO marks (n) VALUES ($1) RETURNING n")
	ps := []*db.Prepared{lock, add}
	body := func(ctx context.Context, tx bun.IDB, last func()) error {
		var x bool
		var n int
		if err := lock.ScanIn(ctx, tx, []any{1}, &x); err != nil {
			return err
		}
		if err := add.ScanIn(ctx, tx, []any{1}, &n); err != nil {
			return err
		}
		last()
		return add.ScanIn(ctx, tx, []any{2}, &n)
	}
	folded := func(b *testing.B) {
		if err := db.RunInTx(ctx, pool, ps, func(ctx context.Context, tx *db.Tx) error {
			return body(ctx, tx, tx.EndWithNext)
		}); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("folded", func(b *testing.B) {
		for b.Loop() {
			folded(b)
		}
	})
	b.Run("separate", func(b *testing.B) {
		// the same EXECUTEs, prepared on the pool's one connection by a
		// folded run, with a BEGIN and a COMMIT of their own
		folded(b)
		call := func(p *db.Prepared) string { return p.Call() }
		for b.Loop() {
			if err := pool.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
				var x bool
				var n int
				if err := tx.NewRaw(call(lock), 1).Scan(ctx, &x); err != nil {
					return err
				}
				if err := tx.NewRaw(call(add), 1).Scan(ctx, &n); err != nil {
					return err
				}
				return tx.NewRaw(call(add), 2).Scan(ctx, &n)
			}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
