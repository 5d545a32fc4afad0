package db

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"weak"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/pgdriver"
)

// Prepared is a statement for a hot path that PostgreSQL parses and plans
// once per connection (PREPARE) and afterwards only executes (EXECUTE).
// pgdriver sends every query as text with its arguments written in, so
// PostgreSQL parses and plans it every time; for a statement of several
// CTEs that is more of its processor time than running it (a receipt:
// ~0.6 ms of backend CPU as text, ~0.28 ms prepared). EXECUTE goes through
// bun as any query does, so query hooks see it and bun formats its
// arguments. A connection's first use also runs the PREPARE: one more
// statement, once in the connection's life.
//
// It does not work through a connection pooler that shares server
// connections between clients (PgBouncer in transaction mode): the
// prepared statement would be on another client's connection.
type Prepared struct {
	name, query, call string
	text              string // query with bun's placeholders, for ScanIn outside a Tx

	mu    sync.Mutex
	ready map[weak.Pointer[pgdriver.Conn]]bool // seen, and prepared on it
}

var placeholder = regexp.MustCompile(`\$([0-9]+)`)

// Prepare makes a statement of query, whose arguments are $1…$n as
// PostgreSQL writes them (their types are inferred as PREPARE does). Its
// name on the server is name and a hash of query, so that two queries
// never share a name.
func Prepare(name, query string) *Prepared {
	n := 0
	for _, m := range placeholder.FindAllStringSubmatch(query, -1) {
		k, _ := strconv.Atoi(m[1])
		n = max(n, k)
	}
	h := fnv.New64a()
	h.Write([]byte(query))
	name = fmt.Sprintf("%s_%x", name, h.Sum64())
	call := "EXECUTE " + name
	if n > 0 {
		call += "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
	}
	return &Prepared{name: name, query: query, call: call, text: Positional(query), ready: map[weak.Pointer[pgdriver.Conn]]bool{}}
}

// Scan runs the statement with args on one of db's connections (not in a
// transaction: a failed EXECUTE would end it) and scans the result into
// dest as bun's Scan does: sql.ErrNoRows when a scalar dest finds no row.
func (p *Prepared) Scan(ctx context.Context, db *bun.DB, args []any, dest ...any) (err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var key weak.Pointer[pgdriver.Conn]
	var ready bool
	if err := conn.Raw(func(dc any) error {
		c, ok := dc.(*pgdriver.Conn)
		if !ok {
			return fmt.Errorf("db.Prepared: a %T connection, not pgdriver's", dc)
		}
		key, ready = p.seen(c)
		return nil
	}); err != nil {
		return err
	}
	if !ready {
		if err := p.prepare(ctx, conn, key); err != nil {
			return err
		}
	}
	err = conn.NewRaw(p.call, args...).Scan(ctx, dest...)
	// 26000: gone from the connection (a DEALLOCATE or DISCARD). 0A000:
	// "cached plan must not change result type", a table it reads
	// changed (a migration by a newer server beside this one, with a
	// statement that names t.*): planned anew for the new shape.
	if !isCode(err, "26000") && !isCode(err, "0A000") {
		return err
	}
	if err := p.renew(ctx, conn, key, err); err != nil {
		return err
	}
	return conn.NewRaw(p.call, args...).Scan(ctx, dest...)
}

// seen says whether the statement is prepared on c; a connection seen
// the first time is forgotten again when it is collected.
func (p *Prepared) seen(c *pgdriver.Conn) (weak.Pointer[pgdriver.Conn], bool) {
	key := weak.Make(c)
	p.mu.Lock()
	defer p.mu.Unlock()
	ready, ok := p.ready[key]
	if !ok {
		p.ready[key] = false
		runtime.AddCleanup(c, p.forget, key)
	}
	return key, ready
}

func (p *Prepared) forget(key weak.Pointer[pgdriver.Conn]) {
	p.mu.Lock()
	delete(p.ready, key)
	p.mu.Unlock()
}

func (p *Prepared) prepare(ctx context.Context, conn bun.Conn, key weak.Pointer[pgdriver.Conn]) error {
	// 42P05: there already (a PREPARE whose answer was lost); the name
	// is the query's.
	if _, err := conn.ExecContext(ctx, "PREPARE "+p.name+" AS "+p.query); err != nil && !isCode(err, "42P05") {
		return fmt.Errorf("db.Prepared(%s): %w", p.name, err)
	}
	p.mu.Lock()
	p.ready[key] = true
	p.mu.Unlock()
	return nil
}

func isCode(err error, code string) bool {
	var pgErr pgdriver.Error
	return errors.As(err, &pgErr) && pgErr.Field('C') == code
}
