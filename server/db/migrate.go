package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// ErrSchemaBehind means migrations that this binary carries have not been
// applied to the database. EnsureCurrent wraps it.
var ErrSchemaBehind = errors.New("database schema is behind this binary")

// MigrationStatus compares the database with a set of migration files.
type MigrationStatus struct {
	// Applied lists every migration recorded in schema_migrations, in
	// version order.
	Applied []Migration
	// Pending lists the files' migrations not applied yet, in version order.
	Pending []Migration
	// Unknown lists applied versions that have no file: the database is
	// ahead of this binary.
	Unknown []int64
}

// lockKey is the pg_advisory_lock key that serialises migration runs:
// "kabinet" in ASCII.
const lockKey int64 = 0x6b6162696e6574

const createTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    bigint PRIMARY KEY,
	name       text NOT NULL,
	applied_at timestamptz NOT NULL DEFAULT now()
)`

// Status reports which migrations in fsys are applied and pending. It only
// reads: a database without schema_migrations has nothing applied.
func Status(ctx context.Context, db *bun.DB, fsys fs.FS) (_ MigrationStatus, err error) {
	defer wrap(&err, "db.Status")
	files, err := readMigrations(fsys)
	if err != nil {
		return MigrationStatus{}, err
	}
	applied, err := appliedMigrations(ctx, db)
	if err != nil {
		return MigrationStatus{}, err
	}
	return compare(files, applied), nil
}

// EnsureCurrent returns an error wrapping ErrSchemaBehind, naming the
// pending migrations, when any migration in fsys is not applied. A
// database ahead of the binary (Unknown versions) is accepted: migrations
// are written to keep the previous release working.
func EnsureCurrent(ctx context.Context, db *bun.DB, fsys fs.FS) error {
	st, err := Status(ctx, db, fsys)
	if err != nil {
		return fmt.Errorf("db.EnsureCurrent: %w", err)
	}
	if len(st.Pending) == 0 {
		return nil
	}
	names := make([]string, len(st.Pending))
	for i, m := range st.Pending {
		names[i] = m.String()
	}
	return fmt.Errorf("db.EnsureCurrent: %w: %d pending migration(s): %s",
		ErrSchemaBehind, len(names), strings.Join(names, ", "))
}

// Up applies every pending migration in fsys in version order. Each file
// runs with its schema_migrations row in one transaction, and the whole
// run holds an advisory lock, so processes migrating at once apply each
// migration exactly once. It returns the migrations it applied, including
// those applied before a failure (which stay applied).
func Up(ctx context.Context, db *bun.DB, fsys fs.FS) (done []Migration, err error) {
	defer wrap(&err, "db.Up")
	files, err := readMigrations(fsys)
	if err != nil {
		return nil, err
	}
	err = withLock(ctx, db, func(conn bun.Conn) error {
		applied, err := appliedMigrations(ctx, conn)
		if err != nil {
			return err
		}
		have := make(map[int64]bool, len(applied))
		for _, m := range applied {
			have[m.Version] = true
		}
		for _, f := range files {
			if have[f.Version] {
				continue
			}
			script, err := readScript(fsys, f.up)
			if err != nil {
				return err
			}
			err = run(ctx, conn, f.Migration, "up", script, func(tx bun.Tx) error {
				_, err := tx.ExecContext(ctx,
					`INSERT INTO schema_migrations (version, name) VALUES (?, ?)`, f.Version, f.Name)
				return err
			})
			if err != nil {
				return err
			}
			done = append(done, f.Migration)
		}
		return nil
	})
	return done, err
}

// Down rolls back the last steps applied migrations, newest first, each
// down file with the removal of its row in one transaction, under the same
// lock as Up. It refuses, before changing anything, when one of them has
// no file (the database is ahead of this binary).
func Down(ctx context.Context, db *bun.DB, fsys fs.FS, steps int) (done []Migration, err error) {
	defer wrap(&err, "db.Down(%d)", steps)
	if steps < 0 {
		return nil, fmt.Errorf("negative steps")
	}
	files, err := readMigrations(fsys)
	if err != nil {
		return nil, err
	}
	byVersion := make(map[int64]migrationFile, len(files))
	for _, f := range files {
		byVersion[f.Version] = f
	}
	err = withLock(ctx, db, func(conn bun.Conn) error {
		applied, err := appliedMigrations(ctx, conn)
		if err != nil {
			return err
		}
		sort.Slice(applied, func(i, j int) bool { return applied[i].Version > applied[j].Version })
		applied = applied[:min(steps, len(applied))]
		for _, m := range applied {
			if _, ok := byVersion[m.Version]; !ok {
				return fmt.Errorf("migration %s is applied but has no file here: the database is ahead of this binary", m)
			}
		}
		for _, m := range applied {
			script, err := readScript(fsys, byVersion[m.Version].down)
			if err != nil {
				return err
			}
			err = run(ctx, conn, m, "down", script, func(tx bun.Tx) error {
				_, err := tx.ExecContext(ctx, `DELETE FROM schema_migrations WHERE version = ?`, m.Version)
				return err
			})
			if err != nil {
				return err
			}
			done = append(done, m)
		}
		return nil
	})
	return done, err
}

// compare splits files and applied rows into a status.
func compare(files []migrationFile, applied []Migration) MigrationStatus {
	st := MigrationStatus{Applied: applied}
	have := make(map[int64]bool, len(applied))
	for _, m := range applied {
		have[m.Version] = true
	}
	known := make(map[int64]bool, len(files))
	for _, f := range files {
		known[f.Version] = true
		if !have[f.Version] {
			st.Pending = append(st.Pending, f.Migration)
		}
	}
	for _, m := range applied {
		if !known[m.Version] {
			st.Unknown = append(st.Unknown, m.Version)
		}
	}
	return st
}

// appliedMigrations reads schema_migrations in version order; a missing
// table means nothing is applied.
func appliedMigrations(ctx context.Context, conn bun.IConn) ([]Migration, error) {
	var exists bool
	if err := conn.QueryRowContext(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return nil, fmt.Errorf("look for schema_migrations: %w", err)
	}
	if !exists {
		return nil, nil
	}
	rows, err := conn.QueryContext(ctx, `SELECT version, name FROM schema_migrations ORDER BY version`)
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	defer rows.Close()
	var applied []Migration
	for rows.Next() {
		var m Migration
		if err := rows.Scan(&m.Version, &m.Name); err != nil {
			return nil, fmt.Errorf("read schema_migrations: %w", err)
		}
		applied = append(applied, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	return applied, nil
}

// withLock runs fn on one dedicated connection holding the migration lock,
// after making sure schema_migrations exists.
func withLock(ctx context.Context, db *bun.DB, fn func(bun.Conn) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("take a connection: %w", err)
	}
	defer conn.Close()
	if err := lock(ctx, conn); err != nil {
		return err
	}
	defer func() {
		// DISCARD ALL releases the lock and any session state a migration
		// left (SET search_path…) before the connection goes back to the
		// pool. If it fails, pgdriver drops the connection, which ends the
		// session and its lock just the same.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if _, err := conn.ExecContext(ctx, `DISCARD ALL`); err != nil {
			slog.WarnContext(ctx, "db: releasing the migration lock", "err", err)
		}
	}()
	if _, err := conn.ExecContext(ctx, createTable); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	return fn(conn)
}

// lock takes the migration lock on conn, polling pg_try_advisory_lock so
// that waiting never runs into the driver's read timeout and ends with ctx.
func lock(ctx context.Context, conn bun.Conn) error {
	const poll = 100 * time.Millisecond
	began := time.Now()
	logged := false
	for {
		var ok bool
		if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock(?)`, lockKey).Scan(&ok); err != nil {
			return fmt.Errorf("take migration lock: %w", err)
		}
		if ok {
			return nil
		}
		if !logged && time.Since(began) > time.Second {
			slog.InfoContext(ctx, "db: waiting for another process to finish migrating")
			logged = true
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("take migration lock: %w", ctx.Err())
		case <-time.After(poll):
		}
	}
}

// run executes one migration script and its bookkeeping in a transaction.
func run(ctx context.Context, conn bun.Conn, m Migration, dir, script string, record func(bun.Tx) error) error {
	began := time.Now()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s %s: begin: %w", m, dir, err)
	}
	defer tx.Rollback() // after Commit, a no-op
	if hasStatements(script) {
		if err := execScript(ctx, tx.Tx, script); err != nil {
			return fmt.Errorf("migration %s %s: %w", m, dir, err)
		}
	}
	if err := record(tx); err != nil {
		return fmt.Errorf("migration %s %s: record: %w", m, dir, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s %s: commit: %w", m, dir, err)
	}
	slog.InfoContext(ctx, "db: migration applied", "migration", m.String(), "direction", dir,
		"took", time.Since(began).Round(time.Millisecond))
	return nil
}

// execScript sends a whole file as one simple-protocol query, so it may
// hold several statements and $$-quoted bodies. It goes to the *sql.Tx
// directly: bun would read the file's '?' characters as placeholders. It
// uses Query, not Exec, because pgdriver's Exec fails on any statement that
// returns rows (SELECT pg_sleep(1), SELECT set_config(…)); with Query, one
// such statement per file works. PostgreSQL stops at the first error and
// the transaction is rolled back.
func execScript(ctx context.Context, tx *sql.Tx, script string) error {
	rows, err := tx.QueryContext(ctx, script)
	if err != nil {
		return err
	}
	for rows.Next() {
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return err
	}
	return rows.Close()
}

// wrap prefixes a non-nil *errp with the operation.
func wrap(errp *error, format string, args ...any) {
	if *errp != nil {
		*errp = fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), *errp)
	}
}
