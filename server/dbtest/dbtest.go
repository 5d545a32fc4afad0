// Package dbtest gives tests a real PostgreSQL: one throwaway cluster per
// test process (fsync off), started on first use, with a template database
// migrated once from kabinet/migrations, and a fresh database cloned from
// that template for every test.
//
// A package that uses dbtest calls Main from its TestMain, so that no
// server outlives the test binary:
//
//	func TestMain(m *testing.M) { dbtest.Main(m) }
//
// When KABINET_TEST_DSN names a PostgreSQL server (a postgres:// URL of a
// superuser), dbtest creates its databases there instead of starting one.
//
// The state below is per process by nature: go test runs each package as
// its own process, and each gets its own cluster.
package dbtest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"kabinet/migrations"
	"kabinet/server/db"
	"kabinet/server/pgembed"
)

// EnvDSN names the environment variable that points tests at an existing
// server instead of a private cluster.
const EnvDSN = "KABINET_TEST_DSN"

// env is the process's test database server.
type env struct {
	cluster  *pgembed.Cluster // nil with KABINET_TEST_DSN
	tmpDir   string
	adminDSN string  // database postgres (or the one in KABINET_TEST_DSN)
	admin    *bun.DB // for CREATE and DROP DATABASE
	prefix   string  // keeps names unique on a shared server
	template string
	strategy string // " STRATEGY FILE_COPY" on PostgreSQL 15+
	report   string // how long the setup took, for the first test's log
}

var (
	mainCalled atomic.Bool
	setupOnce  sync.Once
	shared     *env
	setupErr   error
	createMu   sync.Mutex // CREATE DATABASE … TEMPLATE runs one at a time
	counter    atomic.Int64
)

// Main runs the tests, then stops the cluster and removes its files, and
// exits with the tests' code.
func Main(m *testing.M) {
	mainCalled.Store(true)
	code := m.Run()
	if shared != nil {
		if err := shared.close(); err != nil {
			fmt.Fprintln(os.Stderr, "dbtest:", err)
			if code == 0 {
				code = 1
			}
		}
	}
	os.Exit(code)
}

// NewDB returns a connection pool to a fresh, fully migrated database,
// closed and dropped when the test ends.
func NewDB(t testing.TB) *bun.DB {
	t.Helper()
	dsn := NewDSN(t)
	bdb, err := db.Open(t.Context(), dsn, db.WithMaxOpenConns(4))
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	t.Cleanup(func() { bdb.Close() }) // runs before NewDSN's drop
	return bdb
}

// NewDSN creates a fresh, fully migrated database and returns its DSN, for
// tests that connect on their own (servers, child processes). The database
// is dropped, connections and all, when the test ends.
func NewDSN(t testing.TB) string {
	t.Helper()
	return get(t).create(t, true)
}

// NewEmptyDSN creates a fresh database without any migration applied, for
// tests of the migrations themselves. It is dropped when the test ends.
func NewEmptyDSN(t testing.TB) string {
	t.Helper()
	return get(t).create(t, false)
}

// Cluster returns the process's private cluster, starting it if needed.
// It skips the test when KABINET_TEST_DSN points at another server.
func Cluster(t testing.TB) *pgembed.Cluster {
	t.Helper()
	e := get(t)
	if e.cluster == nil {
		t.Skipf("dbtest: %s is set; there is no private cluster", EnvDSN)
	}
	return e.cluster
}

// get returns the process's server, setting it up on first use.
func get(t testing.TB) *env {
	t.Helper()
	if !mainCalled.Load() {
		t.Fatal("dbtest: call dbtest.Main(m) from this package's TestMain, so the test cluster is stopped when the tests end")
	}
	first := false
	setupOnce.Do(func() {
		first = true
		shared, setupErr = setup(context.Background())
	})
	if setupErr != nil {
		t.Fatalf("dbtest: %v", setupErr)
	}
	if first {
		t.Log(shared.report)
	}
	return shared
}

// setup starts the cluster (or adopts KABINET_TEST_DSN) and migrates the
// template database.
func setup(ctx context.Context) (_ *env, err error) {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	e := &env{template: "kabinet_template"}
	defer func() {
		if err != nil {
			if cerr := e.close(); cerr != nil {
				log.Warn("dbtest: cleaning up after a failed setup", "err", cerr)
			}
		}
	}()
	began := time.Now()
	if dsn := os.Getenv(EnvDSN); dsn != "" {
		e.adminDSN = dsn
		e.prefix = fmt.Sprintf("p%d_", os.Getpid())
		e.template = "kabinet_template_" + e.prefix[:len(e.prefix)-1]
	} else {
		sweep(log)
		if e.tmpDir, err = os.MkdirTemp("", tmpPrefix); err != nil {
			return nil, fmt.Errorf("setup: %w", err)
		}
		if err := os.WriteFile(filepath.Join(e.tmpDir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
			return nil, fmt.Errorf("setup: %w", err)
		}
		e.cluster, err = pgembed.Start(ctx, pgembed.Config{
			DataDir: filepath.Join(e.tmpDir, "data"),
			Logger:  log,
			Settings: map[string]string{
				// Many small databases, no durability, little memory.
				"shared_buffers":  "32MB",
				"max_connections": "200",
			},
		})
		if err != nil {
			return nil, fmt.Errorf("setup: %w", err)
		}
		e.adminDSN = e.cluster.DSN("postgres")
	}
	started := time.Now()

	if e.admin, err = db.Open(ctx, e.adminDSN, db.WithMaxOpenConns(4), db.WithApplicationName("dbtest")); err != nil {
		return nil, fmt.Errorf("setup: %w", err)
	}
	var version int
	if err := e.admin.QueryRowContext(ctx, `SELECT current_setting('server_version_num')::int`).Scan(&version); err != nil {
		return nil, fmt.Errorf("setup: server version: %w", err)
	}
	if version >= 150000 {
		// The default WAL_LOG strategy writes the whole template to WAL;
		// copying the files is faster for small databases with fsync off.
		e.strategy = " STRATEGY FILE_COPY"
	}
	if err := e.migrateTemplate(ctx); err != nil {
		return nil, fmt.Errorf("setup: %w", err)
	}
	e.report = fmt.Sprintf("dbtest: server ready in %v, template %s migrated in %v",
		started.Sub(began).Round(time.Millisecond), e.template, time.Since(started).Round(time.Millisecond))
	return e, nil
}

// migrateTemplate creates the template database, applies every migration
// and then closes all its connections and forbids new ones: CREATE
// DATABASE … TEMPLATE fails while anyone is connected to the template.
func (e *env) migrateTemplate(ctx context.Context) error {
	if err := e.dropDatabase(ctx, e.template); err != nil {
		return err
	}
	if _, err := e.admin.ExecContext(ctx, `CREATE DATABASE `+quote(e.template)); err != nil {
		return fmt.Errorf("create template: %w", err)
	}
	tdb, err := db.Open(ctx, e.dsn(e.template), db.WithMaxOpenConns(1), db.WithApplicationName("dbtest"))
	if err != nil {
		return err
	}
	_, err = db.Up(ctx, tdb, migrations.FS)
	tdb.Close()
	if err != nil {
		return fmt.Errorf("migrate template: %w", err)
	}
	_, err = e.admin.ExecContext(ctx, `ALTER DATABASE `+quote(e.template)+` WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`)
	if err != nil {
		return fmt.Errorf("seal template: %w", err)
	}
	return nil
}

// create makes a new database, from the template when migrated is true,
// and drops it when the test ends.
func (e *env) create(t testing.TB, migrated bool) string {
	t.Helper()
	name := fmt.Sprintf("test_%s%d", e.prefix, counter.Add(1))
	q := `CREATE DATABASE ` + quote(name)
	if migrated {
		q += ` TEMPLATE ` + quote(e.template) + e.strategy
	}
	began := time.Now()
	createMu.Lock()
	_, err := e.admin.ExecContext(t.Context(), q)
	createMu.Unlock()
	if err != nil {
		t.Fatalf("dbtest: %s: %v", q, err)
	}
	t.Logf("dbtest: created database %s in %v", name, time.Since(began).Round(time.Millisecond))
	t.Cleanup(func() {
		if err := e.dropDatabase(context.Background(), name); err != nil {
			t.Errorf("dbtest: %v", err)
		}
	})
	return e.dsn(name)
}

// dropDatabase drops name if it exists, ending any session still in it.
func (e *env) dropDatabase(ctx context.Context, name string) error {
	var isTemplate bool
	err := e.admin.QueryRowContext(ctx,
		`SELECT coalesce((SELECT datistemplate FROM pg_database WHERE datname = ?), false)`, name).Scan(&isTemplate)
	if err != nil {
		return fmt.Errorf("drop database %s: %w", name, err)
	}
	if isTemplate {
		if _, err := e.admin.ExecContext(ctx, `ALTER DATABASE `+quote(name)+` WITH IS_TEMPLATE false`); err != nil {
			return fmt.Errorf("drop database %s: %w", name, err)
		}
	}
	if _, err := e.admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+quote(name)+` WITH (FORCE)`); err != nil {
		return fmt.Errorf("drop database %s: %w", name, err)
	}
	return nil
}

// dsn returns the admin DSN pointed at database name.
func (e *env) dsn(name string) string {
	u, err := url.Parse(e.adminDSN)
	if err != nil {
		// db.Open already accepted adminDSN.
		panic(fmt.Sprintf("dbtest: bad DSN: %v", err))
	}
	u.Path = "/" + name
	u.RawPath = ""
	return u.String()
}

// close drops what dbtest created on a shared server, or stops the private
// cluster and removes its files.
func (e *env) close() error {
	ctx := context.Background()
	var errs []error
	if e.admin != nil {
		if e.cluster == nil && e.template != "" {
			if err := e.dropDatabase(ctx, e.template); err != nil {
				errs = append(errs, err)
			}
		}
		e.admin.Close()
	}
	if e.cluster != nil {
		if err := e.cluster.Stop(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	if e.tmpDir != "" {
		if err := os.RemoveAll(e.tmpDir); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("dbtest: teardown: %w", err)
	}
	return nil
}

const (
	tmpPrefix = "kabinet-dbtest-"
	ownerFile = "owner.pid"
)

// sweep removes the directories of earlier test processes that died
// without reaching Main's teardown (a -timeout panic, a kill): their
// servers went down with them, but their files stay.
func sweep(log *slog.Logger) {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), tmpPrefix+"*"))
	for _, dir := range dirs {
		b, err := os.ReadFile(filepath.Join(dir, ownerFile))
		if err != nil {
			continue // not ours, or still being set up
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || !errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
			continue
		}
		if pids, _ := filepath.Glob(filepath.Join(dir, "data", "postmaster.pid")); len(pids) > 0 {
			if b, err := os.ReadFile(pids[0]); err == nil {
				first, _, _ := strings.Cut(string(b), "\n")
				if pm, err := strconv.Atoi(strings.TrimSpace(first)); err == nil && !errors.Is(syscall.Kill(pm, 0), syscall.ESRCH) {
					continue // its postmaster is somehow still alive
				}
			}
		}
		log.Info("dbtest: removing files of a dead test process", "dir", dir, "pid", pid)
		os.RemoveAll(dir)
	}
}

// quote quotes a database name as an SQL identifier.
func quote(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
