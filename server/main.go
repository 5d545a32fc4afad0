// Command server runs Kabinet: the API, the pages and the background jobs,
// over PostgreSQL — its own embedded cluster by default, or DATABASE_URL.
//
//	server                 serve (the default)
//	server migrate up      apply pending migrations
//	server migrate down N  roll back N migrations
//	server migrate status  list applied and pending migrations
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/uptrace/bun"

	"kabinet/migrations"
	"kabinet/server/account"
	"kabinet/server/config"
	"kabinet/server/db"
	"kabinet/server/pgembed"
	"kabinet/server/portal"
	"kabinet/server/registry"
	"kabinet/shared/i18n"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "kabinet:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.FromEnv(getenv)
	if err != nil {
		return err
	}
	log := newLogger(stderr, cfg.LogLevel)
	slog.SetDefault(log) // packages that log without a logger (db's migrator) write the same way

	dsn := cfg.DatabaseURL
	embedded := dsn == ""
	if embedded {
		cluster, err := startEmbedded(ctx, cfg, log)
		if err != nil {
			return err
		}
		defer func() {
			stopCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if err := cluster.Stop(stopCtx); err != nil {
				log.Error("stopping embedded PostgreSQL", "err", err)
			} else {
				log.Info("embedded PostgreSQL stopped")
			}
		}()
		dsn = cluster.DSN("kabinet")
	}
	database, err := db.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer database.Close()

	if len(args) > 0 && args[0] == "migrate" {
		return migrate(ctx, database, args[1:], stdout)
	}
	if len(args) > 0 && args[0] != "serve" && args[0] != "registry" {
		return fmt.Errorf("unknown command %q (serve, migrate, registry)", args[0])
	}
	// Our own embedded database is always brought up to date; a server
	// given DATABASE_URL migrates only when told to.
	if embedded || cfg.Migrate {
		if _, err := db.Up(ctx, database, migrations.FS); err != nil {
			return err
		}
	}
	if err := db.EnsureCurrent(ctx, database, migrations.FS); err != nil {
		return fmt.Errorf("%w — run `server migrate up` or start with MIGRATE=1", err)
	}
	if len(args) > 0 && args[0] == "registry" {
		return importRegistry(ctx, database, args[1:], stdout)
	}
	return serve(ctx, cfg, database, log, stdout)
}

// importRegistry is `server registry import FILE.csv`: the entries of
// ЕГРЮЛ/ЕГРИП a receipt to an organisation or ИП is checked against.
func importRegistry(ctx context.Context, database *bun.DB, args []string, w io.Writer) error {
	if len(args) != 2 || args[0] != "import" {
		return errors.New("registry import FILE.csv (columns ИНН;ОГРН;КПП;Наименование;Статус;Дата регистрации;Дата прекращения)")
	}
	f, err := os.Open(args[1])
	if err != nil {
		return err
	}
	defer f.Close()
	n, bad, err := registry.New(database).Import(ctx, f)
	for _, b := range bad {
		fmt.Fprintf(w, "line %d: %s: %s\n", b.Line, b.Field, i18n.T(i18n.RU, "err."+string(b.Code)))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "recorded %d entries\n", n)
	return nil
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

func printBanner(w io.Writer, cfg config.Config) {
	fmt.Fprintf(w, "\nКабинет работает: %s\n", cfg.PublicURL)
	if cfg.Seed {
		fmt.Fprintln(w, "Демо-учётные записи:")
		for _, d := range account.Demos {
			fmt.Fprintf(w, "  %-22s пароль %-20s %s\n", d.Login, d.Password, d.Who)
		}
	}
	if cfg.Dev {
		fmt.Fprintf(w, "Коды подтверждения (режим разработки): %s/dev/outbox\n", cfg.PublicURL)
	}
	fmt.Fprintln(w, "Остановить: Ctrl-C")
}

func startEmbedded(ctx context.Context, cfg config.Config, log *slog.Logger) (*pgembed.Cluster, error) {
	dir, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		return nil, err
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
	if err != nil {
		_ = cluster.Stop(context.Background())
		return nil, fmt.Errorf("embedded PostgreSQL: create database: %w", err)
	}
	log.Info("embedded PostgreSQL started", "data", dir)
	return cluster, nil
}

func migrate(ctx context.Context, database *bun.DB, args []string, w io.Writer) error {
	cmd := "status"
	if len(args) > 0 {
		cmd = args[0]
	}
	switch cmd {
	case "up":
		applied, err := db.Up(ctx, database, migrations.FS)
		for _, m := range applied {
			fmt.Fprintf(w, "applied %d %s\n", m.Version, m.Name)
		}
		return err
	case "down":
		n := 1
		if len(args) > 1 {
			var err error
			if n, err = strconv.Atoi(args[1]); err != nil || n < 1 {
				return errors.New("migrate down N: N must be a positive number")
			}
		}
		undone, err := db.Down(ctx, database, migrations.FS, n)
		for _, m := range undone {
			fmt.Fprintf(w, "rolled back %d %s\n", m.Version, m.Name)
		}
		return err
	case "status":
		st, err := db.Status(ctx, database, migrations.FS)
		if err != nil {
			return err
		}
		for _, m := range st.Applied {
			fmt.Fprintf(w, "applied  %d %s\n", m.Version, m.Name)
		}
		for _, m := range st.Pending {
			fmt.Fprintf(w, "pending  %d %s\n", m.Version, m.Name)
		}
		for _, v := range st.Unknown {
			fmt.Fprintf(w, "unknown  %d (applied, but this binary has no such migration)\n", v)
		}
		return nil
	}
	return fmt.Errorf("migrate %s: expected up, down N or status", cmd)
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
