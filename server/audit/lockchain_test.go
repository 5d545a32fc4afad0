package audit_test

import (
	"context"
	"errors"
	"testing"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/pgdriver"

	"kabinet/server/audit"
	kdb "kabinet/server/db"
	"kabinet/server/dbtest"
)

// The procedure a sign-in takes a chain's lock with (LockChainCall, the
// migration's journal_lock_chain) takes the very lock LockChain takes,
// which every other writer of the chain holds: while either is held the
// other waits, both ways, for the same chain (the system's too), and
// not for another. A procedure that hashed the key otherwise (another
// seed, another key) would let a sign-in and a password change link to
// the same head.
func TestLockChainCallTakesLockChainsLock(t *testing.T) {
	ctx := t.Context()
	db := dbtest.NewDB(t)
	const a, b = "00000000-0000-4000-8000-00000000000a", "00000000-0000-4000-8000-00000000000b"
	byExpr := func(ctx context.Context, tx bun.Tx, account string) error {
		_, err := tx.NewRaw("SELECT ?", audit.LockChain(account)).Exec(ctx)
		return err
	}
	byCall := func(ctx context.Context, tx bun.Tx, account string) error {
		return kdb.ExecAhead(ctx, tx, audit.LockChainCall, audit.ChainKey(account)) // outside a kdb.Tx: at once
	}
	takes := map[string]func(context.Context, bun.Tx, string) error{"LockChain": byExpr, "LockChainCall": byCall}
	for _, c := range []struct{ holder, waiter string }{{"LockChain", "LockChainCall"}, {"LockChainCall", "LockChain"}} {
		for _, chain := range []string{a, ""} {
			holder, err := db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := takes[c.holder](ctx, holder, chain); err != nil {
				t.Fatal(err)
			}
			// Another transaction gives up on the lock after 100 ms.
			try := func(account string) error {
				return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
					if _, err := tx.ExecContext(ctx, "SET LOCAL lock_timeout = '100ms'"); err != nil {
						return err
					}
					return takes[c.waiter](ctx, tx, account)
				})
			}
			var pgErr pgdriver.Error
			if err := try(chain); !errors.As(err, &pgErr) || pgErr.Field('C') != "55P03" { // lock_not_available
				t.Errorf("%s held on chain %q: %s got it too (%v)", c.holder, chain, c.waiter, err)
			}
			if err := try(b); err != nil {
				t.Errorf("%s held on chain %q: %s of another chain: %v", c.holder, chain, c.waiter, err)
			}
			if err := holder.Rollback(); err != nil {
				t.Fatal(err)
			}
			if err := try(chain); err != nil {
				t.Errorf("%s let go on chain %q: %s: %v", c.holder, chain, c.waiter, err)
			}
		}
	}
}
