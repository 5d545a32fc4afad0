// Package db opens Kabinet's PostgreSQL database through bun and keeps its
// schema current: plain SQL migrations, applied in version order under an
// advisory lock, each file together with its schema_migrations row in one
// transaction. The server refuses to serve a schema that is behind
// (EnsureCurrent) and migrates only when asked (Up). Unavailable tells an
// outage of the database from a failed query.
package db

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/driver/pgdriver"
)

// Option adjusts how Open connects.
type Option func(*options)

type options struct {
	maxOpenConns int
	readTimeout  time.Duration
	appName      string
}

// WithMaxOpenConns caps the pool; the default is 4×GOMAXPROCS.
func WithMaxOpenConns(n int) Option {
	return func(o *options) { o.maxOpenConns = n }
}

// WithReadTimeout bounds how long one statement may wait for the server's
// answer (pgdriver's default is 10 s). Raise it for long migrations.
func WithReadTimeout(d time.Duration) Option {
	return func(o *options) { o.readTimeout = d }
}

// WithApplicationName names the connections in pg_stat_activity.
func WithApplicationName(name string) Option {
	return func(o *options) { o.appName = name }
}

// Open connects to the PostgreSQL database at dsn (a postgres:// URL as
// pgdriver reads it; for a unix socket, ?host= names the socket file) and
// checks it with one ping.
func Open(ctx context.Context, dsn string, opts ...Option) (_ *bun.DB, err error) {
	defer func() {
		// pgdriver panics on a DSN it cannot parse.
		if r := recover(); r != nil {
			err = fmt.Errorf("db.Open: bad DSN: %v", r)
		}
	}()
	o := options{maxOpenConns: 4 * runtime.GOMAXPROCS(0), appName: "kabinet"}
	for _, opt := range opts {
		opt(&o)
	}
	popts := []pgdriver.Option{pgdriver.WithDSN(dsn), pgdriver.WithApplicationName(o.appName)}
	if o.readTimeout > 0 {
		popts = append(popts, pgdriver.WithReadTimeout(o.readTimeout))
	}
	sqldb := sql.OpenDB(pgdriver.NewConnector(popts...))
	sqldb.SetMaxOpenConns(o.maxOpenConns)
	sqldb.SetMaxIdleConns(o.maxOpenConns)
	sqldb.SetConnMaxIdleTime(5 * time.Minute)

	bdb := bun.NewDB(sqldb, pgdialect.New(), bun.WithDiscardUnknownColumns())
	if err := bdb.PingContext(ctx); err != nil {
		bdb.Close()
		return nil, fmt.Errorf("db.Open: ping: %w", err)
	}
	return bdb, nil
}

// LockKey takes a transaction-scoped advisory lock on key, held to the end
// of db's transaction: one of a kind at a time (a statement import, a
// registration of an ИНН, an account's uploads), where no row to lock
// exists yet. Keys are prefixed by what they serialise ("documents:…").
func LockKey(ctx context.Context, db bun.IDB, key string) error {
	if _, err := db.NewRaw("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", key).Exec(ctx); err != nil {
		return fmt.Errorf("db.LockKey(%q): %w", key, err)
	}
	return nil
}
