package db

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"weak"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/pgdriver"
)

// Tx is a transaction on one connection on which some Prepared
// statements were prepared before it began (RunInTx). It is a bun.Tx for
// everything else.
type Tx struct {
	bun.Tx
	ready []*Prepared
	// the statement that had gone from the connection or whose plan
	// was stale, with its error: RunInTx prepares it again and retries
	failed    *Prepared
	failedErr error
}

// RunInTx runs fn in a transaction on one of db's connections, with each
// of ps prepared on that connection first: a PREPARE (or its retry) inside
// the transaction would end it on an error, so it happens before BEGIN.
// When an EXECUTE inside still fails because the statement has gone from
// the connection (26000) or a table it reads changed shape (0A000, see
// Scan), the transaction is rolled back, that statement prepared again
// (after a 26000 all of ps), and fn runs once more; at most once for each
// statement, so fn runs at most len(ps)+1 times and must keep all its
// effects in tx.
func RunInTx(ctx context.Context, db *bun.DB, ps []*Prepared, fn func(ctx context.Context, tx *Tx) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var c *pgdriver.Conn
	if err := conn.Raw(func(dc any) error {
		var ok bool
		if c, ok = dc.(*pgdriver.Conn); !ok {
			return fmt.Errorf("db.RunInTx: a %T connection, not pgdriver's", dc)
		}
		return nil
	}); err != nil {
		return err
	}
	keys := make([]weak.Pointer[pgdriver.Conn], len(ps))
	for i, p := range ps {
		var ready bool
		if keys[i], ready = p.seen(c); !ready {
			if err := p.prepare(ctx, conn, keys[i]); err != nil {
				return err
			}
		}
	}
	renewed := map[*Prepared]bool{}
	for {
		tx := &Tx{ready: ps}
		err := conn.RunInTx(ctx, nil, func(ctx context.Context, btx bun.Tx) error {
			tx.Tx = btx
			return fn(ctx, tx)
		})
		if tx.failed == nil {
			return err
		}
		// A failed EXECUTE ended the transaction even when fn went on and
		// returned nil: PostgreSQL answered its COMMIT with ROLLBACK,
		// without an error, and nothing fn wrote is there.
		if renewed[tx.failed] {
			if err == nil {
				err = tx.failedErr
			}
			return err
		}
		renewed[tx.failed] = true
		again := []*Prepared{tx.failed}
		if isCode(tx.failedErr, "26000") {
			again = ps // a DISCARD or DEALLOCATE ALL took the others too
		}
		for _, p := range again {
			if err := p.renew(ctx, conn, keys[slices.Index(ps, p)], tx.failedErr); err != nil {
				return err
			}
		}
	}
}

// ScanIn runs the statement in db and scans its result as Scan does. In a
// Tx of RunInTx that prepared it, it is EXECUTEd; anywhere else (a
// transaction begun elsewhere, where a failed EXECUTE could not be
// retried) its text is run as a plain query, with the same arguments.
func (p *Prepared) ScanIn(ctx context.Context, db bun.IDB, args []any, dest ...any) error {
	if tx, ok := db.(*Tx); ok && slices.Contains(tx.ready, p) {
		err := tx.NewRaw(p.call, args...).Scan(ctx, dest...)
		if isCode(err, "26000") || isCode(err, "0A000") {
			tx.failed, tx.failedErr = p, err
		}
		return err
	}
	return db.NewRaw(p.text, args...).Scan(ctx, dest...)
}

// renew prepares the statement again after err (26000 or 0A000) on conn:
// a stale plan is deallocated first.
func (p *Prepared) renew(ctx context.Context, conn bun.Conn, key weak.Pointer[pgdriver.Conn], err error) error {
	if isCode(err, "0A000") {
		if _, err := conn.ExecContext(ctx, "DEALLOCATE "+p.name); err != nil {
			return fmt.Errorf("db.Prepared(%s): %w", p.name, err)
		}
	}
	return p.prepare(ctx, conn, key)
}

// Positional is query with bun's placeholders ?0…?n-1 for $1…$n. It
// rewrites every $n, so a query must not hold one in a literal.
func Positional(query string) string {
	return placeholder.ReplaceAllStringFunc(query, func(m string) string {
		n, _ := strconv.Atoi(m[1:])
		return "?" + strconv.Itoa(n-1)
	})
}
