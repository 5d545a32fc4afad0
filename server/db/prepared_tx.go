package db

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"weak"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/pgdriver"
	"github.com/uptrace/bun/schema"
)

// Tx is a transaction on one connection on which some Prepared
// statements were prepared before it began (RunInTx). Its BEGIN and
// COMMIT travel with its statements where they can: a Prepared
// statement that is its first is sent as "BEGIN; EXECUTE …", and the
// one fn names as its last (EndWithNext) as "EXECUTE …; COMMIT", in one
// message each (pgdriver sends a query as one simple-protocol message,
// and PostgreSQL runs its statements in order, stopping at the first
// error). A transaction of n prepared statements is n round trips, not
// n+2. A statement that returns no rows can travel in front of the next
// Prepared one too (ExecAhead). Any other statement (bun's builders,
// NewRaw) is sent on its own, after a BEGIN of its own if none was sent
// yet, and after the COMMIT was folded into a statement, fails
// (errEnded).
type Tx struct {
	conn  bun.Conn
	db    *bun.DB
	ready []*Prepared
	// begun: a BEGIN was sent (perhaps in a message whose answer was
	// lost: then the ROLLBACK is what tells). endNext: the next
	// Prepared statement carries the COMMIT. ended: a COMMIT succeeded.
	begun, endNext, ended bool
	// ahead: statements of ExecAhead not sent yet, with their arguments
	ahead []aheadStatement
	// the statement that had gone from the connection or whose plan
	// was stale, with its error: RunInTx prepares it again and retries
	failed    *Prepared
	failedErr error
	// aborted is the first error PostgreSQL gave a statement of tx: the
	// transaction can no longer commit (its COMMIT is answered with
	// ROLLBACK, without an error), even when fn went on and returned nil.
	aborted error
}

// aheadStatement is a statement of ExecAhead: query with its arguments
// as $1…$n.
type aheadStatement struct {
	query string
	args  []any
}

var (
	errEnded  = errors.New("db.Tx: the transaction has ended")
	errNested = errors.New("db.Tx: no nested transactions")
)

// RunInTx runs fn in a transaction on one of db's connections, with each
// of ps prepared on that connection first: a PREPARE (or its retry) inside
// the transaction would end it on an error, so it happens before BEGIN.
// When an EXECUTE inside still fails because the statement has gone from
// the connection (26000) or a table it reads changed shape (0A000, see
// Scan), the transaction is rolled back, that statement prepared again
// (after a 26000 all of ps), and fn runs once more; at most once for each
// statement, so fn runs at most len(ps)+1 times and must keep all its
// effects in tx.
//
// The connection goes back to the pool outside any transaction: when fn
// fails, panics, or its context is cancelled, or the COMMIT fails, a
// ROLLBACK is sent (with a context that is not cancelled); when that
// fails too, the connection is closed and the pool drops it.
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
		tx := &Tx{conn: conn, db: db, ready: ps}
		err := tx.run(ctx, fn)
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

// run runs fn and commits, or rolls back whatever fn left.
func (tx *Tx) run(ctx context.Context, fn func(ctx context.Context, tx *Tx) error) (err error) {
	defer func() {
		if !tx.ended {
			tx.rollback(ctx)
		}
	}()
	if err = fn(ctx, tx); err != nil || tx.ended {
		return err
	}
	if tx.aborted != nil {
		return fmt.Errorf("db.Tx: a statement failed, nothing was committed: %w", tx.aborted)
	}
	if len(tx.ahead) > 0 { // queued, and no statement came to carry it
		if err = tx.use(ctx); err != nil {
			return err
		}
	}
	if !tx.begun {
		return nil
	}
	if err = ctx.Err(); err != nil {
		return err
	}
	if _, err = tx.conn.ExecContext(ctx, "COMMIT"); err == nil {
		tx.ended = true
	}
	return err
}

// rollback ends a transaction that did not commit. A connection on which
// even that fails (its answer lost, the connection broken) is in an
// unknown state: it is closed, and the pool drops it.
func (tx *Tx) rollback(ctx context.Context) {
	if !tx.begun {
		return
	}
	if _, err := tx.conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); err == nil {
		return
	}
	_ = tx.conn.Raw(func(dc any) error {
		if c, ok := dc.(*pgdriver.Conn); ok {
			_ = c.Close()
		}
		return driver.ErrBadConn // database/sql closes the connection
	})
}

// EndWithNext makes the next Prepared statement run in tx its last: it
// is sent with the COMMIT, in one round trip, and tx takes no statement
// after it.
func (tx *Tx) EndWithNext() { tx.endNext = true }

// ScanIn runs the statement in db and scans its result as Scan does. In a
// Tx of RunInTx that prepared it, it is EXECUTEd; anywhere else (a
// transaction begun elsewhere, where a failed EXECUTE could not be
// retried) its text is run as a plain query, with the same arguments.
func (p *Prepared) ScanIn(ctx context.Context, db bun.IDB, args []any, dest ...any) error {
	tx, ok := db.(*Tx)
	if !ok || !slices.Contains(tx.ready, p) {
		return db.NewRaw(p.text, args...).Scan(ctx, dest...)
	}
	if err := tx.usable(ctx); err != nil {
		return err
	}
	var err error
	if tx.begun && !tx.endNext && len(tx.ahead) == 0 {
		err = tx.conn.NewRaw(p.call, args...).Scan(ctx, dest...)
	} else {
		err = tx.scanFolded(ctx, p.call, args, dest)
	}
	// A statement of ExecAhead that failed so would be taken for p's
	// failure: p is prepared again and fn retried, once, as for p's.
	if isCode(err, "26000") || isCode(err, "0A000") {
		tx.failed, tx.failedErr = p, err
	}
	return tx.seen(err)
}

// ExecAhead runs query, a statement that returns no rows (a CALL), in db
// before db's next statement; its arguments are $1…$n, as Prepare's. In
// a Tx of RunInTx it is not sent at once but in the message of tx's next
// Prepared statement, in front of it ("BEGIN; CALL …; EXECUTE …"): one
// round trip for both. PostgreSQL runs a message's statements in order,
// each under a snapshot of its own in READ COMMITTED (the next one sees
// what was committed while this one waited for a lock), and stops at the
// first error, which that statement's ScanIn returns. Another kind of
// statement, or the COMMIT, sends it first, on its own. It must return
// no rows, not even an empty result (no SELECT): pgdriver reads the rows
// of one statement per message and fails on a second row description.
// In a transaction begun elsewhere (a bun.Tx) it runs now. On the pool
// it is refused: there it would run in a transaction of its own, and what
// it is for (a lock held for the statement after it) would end with it.
// A query with a line comment is refused: in the message it would run on
// over the statement behind it and the COMMIT, and the empty answer would
// pass for a statement with no row whose COMMIT ran.
func ExecAhead(ctx context.Context, db bun.IDB, query string, args ...any) error {
	if strings.Contains(query, "--") {
		return fmt.Errorf("db.ExecAhead: %q: a line comment would hide what follows it", query)
	}
	if _, pool := db.(*bun.DB); pool {
		return fmt.Errorf("db.ExecAhead: %q: outside a transaction", query)
	}
	tx, ok := db.(*Tx)
	if !ok {
		_, err := db.NewRaw(Positional(query), args...).Exec(ctx)
		return err
	}
	if err := tx.usable(ctx); err != nil {
		return err
	}
	tx.ahead = append(tx.ahead, aheadStatement{query: query, args: args})
	return nil
}

// aheadOf is the text of the queued statements of ExecAhead, each ending
// in "; ", with their arguments appended to args, whose n holds the
// placeholders ?0…?n-1 of the statement after them; the queue is emptied.
func (tx *Tx) aheadOf(args []any) (string, []any) {
	var text strings.Builder
	for _, a := range tx.ahead {
		text.WriteString(positional(a.query, len(args)))
		text.WriteString("; ")
		args = append(args, a.args...)
	}
	tx.ahead = nil
	return text.String(), args
}

// seen notes err when PostgreSQL gave it: tx then cannot commit.
func (tx *Tx) seen(err error) error {
	var pgErr pgdriver.Error
	if tx.aborted == nil && errors.As(err, &pgErr) {
		tx.aborted = err
	}
	return err
}

// scanFolded sends call with the BEGIN before it (when none was sent)
// and the statements of ExecAhead, and the COMMIT after it
// (EndWithNext), and scans its first row into dest. bun's Scan would
// close the rows without looking at the error of a statement after the
// row (the COMMIT's), so the rows are read here to their end.
func (tx *Tx) scanFolded(ctx context.Context, call string, args []any, dest []any) error {
	if len(tx.ahead) > 0 {
		var ahead string
		ahead, args = tx.aheadOf(slices.Clip(args)) // the caller's args stay as they are
		call = ahead + call
	}
	if !tx.begun {
		call = "BEGIN; " + call
		tx.begun = true
	}
	end := tx.endNext
	if end {
		call += "; COMMIT"
		tx.endNext = false
	}
	rows, err := tx.conn.QueryContext(ctx, call, args...)
	if err != nil {
		return err
	}
	found := rows.Next()
	if found {
		err = tx.db.ScanRow(ctx, rows, dest...)
	}
	if cerr := rows.Close(); err == nil {
		err = cmp.Or(cerr, rows.Err())
	}
	if err == nil && !found {
		err = sql.ErrNoRows // as bun's Scan into a row
	}
	// a COMMIT after a statement with no row still ran: it ended tx
	tx.ended = end && (err == nil || errors.Is(err, sql.ErrNoRows))
	return err
}

// usable refuses a statement after the COMMIT, or under a cancelled
// context: a *sql.Conn and pgdriver would still send it (only a
// deadline stops pgdriver), where a *sql.Tx rolls back on the
// cancellation, so a cancelled run must not go on to write and commit.
func (tx *Tx) usable(ctx context.Context) error {
	if tx.ended {
		return errEnded
	}
	return ctx.Err()
}

// use is what every statement of tx but a Prepared one goes through: a
// BEGIN first when none was sent, and the statements of ExecAhead, in one
// message; none after the COMMIT.
func (tx *Tx) use(ctx context.Context) error {
	if err := tx.usable(ctx); err != nil {
		return err
	}
	if tx.begun && len(tx.ahead) == 0 {
		return nil
	}
	var query string
	if !tx.begun {
		query, tx.begun = "BEGIN; ", true
	}
	ahead, args := tx.aheadOf(nil)
	_, err := tx.conn.ExecContext(ctx, strings.TrimSuffix(query+ahead, "; "), args...)
	return tx.seen(err)
}

// QueryContext, ExecContext and QueryRowContext make Tx a bun.IConn:
// bun's builders bound to it (New…) run their statements through these
// (the builders call the query hooks, as for any IConn).
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := tx.use(ctx); err != nil {
		return nil, err
	}
	rows, err := tx.conn.Conn.QueryContext(ctx, query, args...)
	return rows, tx.seen(err)
}

func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := tx.use(ctx); err != nil {
		return nil, err
	}
	res, err := tx.conn.Conn.ExecContext(ctx, query, args...)
	return res, tx.seen(err)
}

func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if err := tx.use(ctx); err != nil {
		// *sql.Row carries its error only from a query: one that cannot run
		cctx, cancel := context.WithCancelCause(ctx)
		cancel(err)
		return tx.conn.Conn.QueryRowContext(cctx, query, args...)
	}
	return tx.conn.Conn.QueryRowContext(ctx, query, args...)
}

// Tx is a bun.IDB whose statements all run in it.
var _ bun.IDB = (*Tx)(nil)

func (tx *Tx) Dialect() schema.Dialect { return tx.conn.Dialect() }

func (tx *Tx) NewValues(model any) *bun.ValuesQuery { return tx.conn.NewValues(model).Conn(tx) }
func (tx *Tx) NewSelect() *bun.SelectQuery          { return tx.conn.NewSelect().Conn(tx) }
func (tx *Tx) NewInsert() *bun.InsertQuery          { return tx.conn.NewInsert().Conn(tx) }
func (tx *Tx) NewUpdate() *bun.UpdateQuery          { return tx.conn.NewUpdate().Conn(tx) }
func (tx *Tx) NewDelete() *bun.DeleteQuery          { return tx.conn.NewDelete().Conn(tx) }
func (tx *Tx) NewMerge() *bun.MergeQuery            { return tx.conn.NewMerge().Conn(tx) }
func (tx *Tx) NewRaw(query string, args ...any) *bun.RawQuery {
	return tx.conn.NewRaw(query, args...).Conn(tx)
}
func (tx *Tx) NewCreateTable() *bun.CreateTableQuery     { return tx.conn.NewCreateTable().Conn(tx) }
func (tx *Tx) NewDropTable() *bun.DropTableQuery         { return tx.conn.NewDropTable().Conn(tx) }
func (tx *Tx) NewCreateIndex() *bun.CreateIndexQuery     { return tx.conn.NewCreateIndex().Conn(tx) }
func (tx *Tx) NewDropIndex() *bun.DropIndexQuery         { return tx.conn.NewDropIndex().Conn(tx) }
func (tx *Tx) NewTruncateTable() *bun.TruncateTableQuery { return tx.conn.NewTruncateTable().Conn(tx) }
func (tx *Tx) NewAddColumn() *bun.AddColumnQuery         { return tx.conn.NewAddColumn().Conn(tx) }
func (tx *Tx) NewDropColumn() *bun.DropColumnQuery       { return tx.conn.NewDropColumn().Conn(tx) }

// BeginTx and RunInTx refuse: Tx has no savepoints, and fn's error fails
// the whole transaction anyway.
func (tx *Tx) BeginTx(context.Context, *sql.TxOptions) (bun.Tx, error) { return bun.Tx{}, errNested }

func (tx *Tx) RunInTx(context.Context, *sql.TxOptions, func(context.Context, bun.Tx) error) error {
	return errNested
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
func Positional(query string) string { return positional(query, 0) }

// positional is query with ?from…?from+n-1 for $1…$n: its arguments
// follow from others in one list.
func positional(query string, from int) string {
	return placeholder.ReplaceAllStringFunc(query, func(m string) string {
		n, _ := strconv.Atoi(m[1:])
		return "?" + strconv.Itoa(from+n-1)
	})
}
