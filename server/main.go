// Command kabinet runs Kabinet: the API, the pages and the background
// jobs, over PostgreSQL — its own embedded cluster by default, or
// DATABASE_URL — and the commands that maintain it (`kabinet help`
// lists them with the environment variables).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/uptrace/bun"

	"kabinet/migrations"
	"kabinet/server/account"
	"kabinet/server/audit"
	"kabinet/server/config"
	"kabinet/server/db"
	"kabinet/server/pgembed"
	"kabinet/server/portal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.LookupEnv, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitStatus(err, os.Stderr))
}

// exitStatus reports err and returns the exit status: 0 done, 1 failed,
// 2 a wrong command line.
func exitStatus(err error, w io.Writer) int {
	var usage usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &usage):
		fmt.Fprintf(w, "kabinet: %v\nRun `kabinet help` for the commands.\n", err)
		return 2
	}
	fmt.Fprintln(w, "kabinet:", err)
	return 1
}

// run parses the command line, then reads the configuration and opens
// the database only when the command needs one.
func run(ctx context.Context, args []string, lookupEnv func(string) (string, bool), stdout, stderr io.Writer) error {
	cmd, act, err := parse(args)
	if err != nil {
		return err
	}
	if cmd.db == noDB {
		return act(ctx, &cmdEnv{out: stdout})
	}
	cfg, err := config.FromEnv(lookupEnv)
	if err != nil {
		return err
	}
	log := newLogger(stderr, cfg.LogLevel)
	slog.SetDefault(log) // packages that log without a logger (db's migrator) write the same way
	cfg.SetMemoryLimit(lookupEnv)

	// The application connects as a role that owns nothing (so it cannot
	// disable the journal's triggers); the migrations run as the owner.
	dsn, ownerDSN, appRole := cfg.DatabaseURL, cfg.MigrateDatabaseURL, ""
	started := false // an embedded cluster started here, not the running server's
	if dsn == "" {
		cluster, err := startEmbedded(ctx, cfg, log, cmd.name != "serve")
		if err != nil {
			return err
		}
		if started = !cluster.Attached(); started {
			defer stopEmbedded(cluster, log)
		}
		dsn, ownerDSN, appRole = cluster.DSNAs(db.AppRole, "kabinet"), cluster.DSNAs(db.OwnerRole, "kabinet"), db.AppRole
	} else if ownerDSN != "" {
		appRole = userOf(dsn)
	} else {
		ownerDSN = dsn
	}
	if cmd.db == anySchema {
		return withDB(ctx, ownerDSN, func(owner *bun.DB) error {
			return act(ctx, &cmdEnv{cfg: cfg, db: owner, log: log, out: stdout})
		})
	}
	// Our own embedded database is always brought up to date (by whoever
	// started it: a command using the running server's leaves it); a server
	// given DATABASE_URL migrates only when told to.
	if err := withDB(ctx, ownerDSN, func(owner *bun.DB) error {
		if started || cfg.Migrate {
			if _, err := db.Up(ctx, owner, migrations.FS); err != nil {
				return err
			}
		}
		if appRole == "" {
			return nil
		}
		return db.GrantApp(ctx, owner, appRole)
	}); err != nil {
		return err
	}
	if cfg.JournalKey, err = audit.LoadKey(cfg.JournalKeyHex, cfg.JournalKeyFile); err != nil {
		return err
	}
	return withDB(ctx, dsn, func(database *bun.DB) error {
		if err := db.EnsureCurrent(ctx, database, migrations.FS); err != nil {
			return fmt.Errorf("%w — run `kabinet migrate up` or start with MIGRATE=1", err)
		}
		var role string
		if err := database.NewRaw("SELECT current_user").Scan(ctx, &role); err != nil {
			return err
		}
		log.Info("database connected", "role", role)
		if owns, err := db.OwnsJournal(ctx, database); err == nil && owns {
			log.Warn("the application's database role owns the journal and could disable its triggers: " +
				"set MIGRATE_DATABASE_URL to the owner's role and DATABASE_URL to one that owns nothing")
		}
		return act(ctx, &cmdEnv{cfg: cfg, db: database, log: log, out: stdout})
	})
}

// withDB opens dsn for fn and closes it after.
func withDB(ctx context.Context, dsn string, fn func(*bun.DB) error) error {
	database, err := db.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer database.Close()
	return fn(database)
}

// userOf is the role a PostgreSQL URL connects as.
func userOf(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return ""
	}
	return u.User.Username()
}

func stopEmbedded(cluster *pgembed.Cluster, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := cluster.Stop(ctx); err != nil {
		log.Error("stopping embedded PostgreSQL", "err", err)
	} else {
		log.Info("embedded PostgreSQL stopped")
	}
}

func serve(ctx context.Context, cfg config.Config, database *bun.DB, log *slog.Logger, stdout io.Writer) error {
	p, err := portal.New(ctx, cfg, database, log)
	if err != nil {
		return err
	}
	if cfg.Seed {
		seeded, err := p.SeedDemo(ctx)
		if err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
		if seeded {
			log.Info("demo data created")
		}
	}
	p.RunWorkers(ctx)

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", cfg.Addr, err)
	}
	printBanner(stdout, cfg)
	if admin := serveAdmin(cfg.AdminAddr, log); admin != nil {
		defer admin.Close()
	}
	errc := make(chan error, 1)
	go func() { errc <- p.App.Listener(ln) }()
	select {
	case err := <-errc:
		_ = p.Shutdown(time.Second)
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	began := time.Now()
	err = p.Shutdown(10 * time.Second)
	log.Info("stopped serving", "took", time.Since(began).Round(time.Millisecond))
	return err
}

// serveAdmin starts the profiler's listener on addr (none when empty). A
// listener that cannot start is logged, not fatal: the portal serves
// people without it, and a second server on one machine finds the
// default port taken.
func serveAdmin(addr string, log *slog.Logger) *http.Server {
	if addr == "" {
		return nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Error("ADMIN_ADDR: the profiler is off", "err", err)
		return nil
	}
	srv := &http.Server{Handler: portal.Admin(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	log.Info("profiler listening", "addr", ln.Addr().String())
	return srv
}

func printBanner(w io.Writer, cfg config.Config) {
	fmt.Fprintf(w, "\nКабинет работает: %s\n", cfg.PublicURL)
	if cfg.Seed {
		fmt.Fprintln(w, "Демо-учётные записи:")
		for _, d := range account.Demos {
			fmt.Fprintf(w, "  %-22s пароль %-20s %s\n", d.Login, d.Password, d.Who)
			if d.TOTP != "" {
				// Typed into an authenticator app («ввести ключ вручную»),
				// or: oathtool --totp -b SECRET.
				fmt.Fprintf(w, "  %-22s второй фактор: ключ приложения-аутентификатора %s\n", "", d.TOTP)
			}
		}
	}
	if cfg.Dev {
		fmt.Fprintf(w, "Коды подтверждения (режим разработки): %s/dev/outbox\n", cfg.PublicURL)
	}
	fmt.Fprintln(w, "Остановить: Ctrl-C")
}

// startEmbedded starts the embedded cluster in DATA_DIR or, for a
// maintenance command (attach) while the server runs on it, uses the
// server's: `kabinet journal verify` must work without stopping the portal.
func startEmbedded(ctx context.Context, cfg config.Config, log *slog.Logger, attach bool) (*pgembed.Cluster, error) {
	dir, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	if attach {
		cluster, err := pgembed.Attach(ctx, dir)
		if err == nil {
			log.Info("using the embedded PostgreSQL the server runs", "data", dir)
			return cluster, nil
		}
		if !errors.Is(err, pgembed.ErrNotRunning) {
			return nil, err
		}
	}
	cluster, err := pgembed.Start(ctx, pgembed.Config{DataDir: dir, Fsync: true, Logger: log})
	if err != nil {
		return nil, fmt.Errorf("embedded PostgreSQL in %s: %w", dir, err)
	}
	// The portal's own database inside the cluster, created on first start.
	admin, err := db.Open(ctx, cluster.DSN("postgres"))
	if err == nil {
		var exists bool
		err = admin.NewRaw("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'kabinet')").Scan(ctx, &exists)
		if err == nil && !exists {
			_, err = admin.ExecContext(ctx, "CREATE DATABASE kabinet")
		}
		admin.Close()
	}
	if err == nil {
		err = withDB(ctx, cluster.DSN("kabinet"), func(super *bun.DB) error {
			return db.EnsureRoles(ctx, super, "kabinet")
		})
	}
	if err != nil {
		_ = cluster.Stop(context.Background())
		return nil, fmt.Errorf("embedded PostgreSQL: create database: %w", err)
	}
	log.Info("embedded PostgreSQL started", "data", dir)
	return cluster, nil
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	switch strings.ToLower(level) {
	case "debug":
		l = slog.LevelDebug
	case "warn":
		l = slog.LevelWarn
	case "error":
		l = slog.LevelError
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}
