package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kabinet/server/db"
	"kabinet/server/dbtest"
	"kabinet/shared"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func fakeWeb(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "app.wasm"), []byte("\x00asm"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The server refuses a database whose schema is behind, unless told to
// migrate.
func TestRefusesSchemaBehindUnlessMigrate(t *testing.T) {
	dsn := dbtest.NewEmptyDSN(t)
	env := map[string]string{"DATABASE_URL": dsn, "ADDR": freeAddr(t), "WEB_DIR": fakeWeb(t), "SEED": "false"}
	getenv := func(k string) string { return env[k] }
	var out, logs bytes.Buffer
	err := run(t.Context(), nil, getenv, &out, &logs)
	if !errors.Is(err, db.ErrSchemaBehind) || !strings.Contains(err.Error(), "MIGRATE=1") {
		t.Fatalf("run on an empty database: %v", err)
	}

	// With MIGRATE=1 it migrates and serves until asked to stop.
	env["MIGRATE"] = "1"
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- run(ctx, nil, getenv, &out, &logs) }()
	waitHealthy(t, "http://"+env["ADDR"], done)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("shutdown: %v\n%s", err, logs.String())
	}
}

// With no DATABASE_URL the server runs its own PostgreSQL in DATA_DIR,
// seeds demo data once, stops it on shutdown without leaving a process,
// and finds the data again on the next start.
func TestEmbeddedDatabaseSurvivesRestart(t *testing.T) {
	if _, err := exec.LookPath("pg_ctl"); err != nil {
		if m, _ := filepath.Glob("/usr/lib/postgresql/*/bin/postgres"); len(m) == 0 {
			t.Fatal("PostgreSQL server binaries are missing: run `make deps-run`")
		}
	}
	data := filepath.Join(t.TempDir(), "pgdata")
	web := fakeWeb(t)
	for i, want := range []string{"demo data created", ""} {
		addr := freeAddr(t)
		env := map[string]string{"ADDR": addr, "DATA_DIR": data, "WEB_DIR": web}
		var out, logs bytes.Buffer
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { done <- run(ctx, nil, func(k string) string { return env[k] }, &out, &logs) }()
		waitHealthy(t, "http://"+addr, done)
		// The demo account signs in on both starts: the data was kept.
		req, _ := http.NewRequest("POST", "http://"+addr+"/api/v1/login",
			strings.NewReader(`{"login":"anna@example.ru","password":"Kabinet-Demo-2026"}`))
		req.Header.Set("Origin", "http://"+addr)
		req.Header.Set(shared.AppHeader, shared.AppHeaderValue)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("start %d: demo sign-in answered %d", i+1, resp.StatusCode)
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("start %d: %v\n%s", i+1, err, logs.String())
		}
		seeded := strings.Contains(logs.String(), "demo data created")
		if (want != "") != seeded {
			t.Fatalf("start %d: seeded=%v\n%s", i+1, seeded, logs.String())
		}
		if !strings.Contains(logs.String(), "embedded PostgreSQL stopped") {
			t.Fatalf("start %d: embedded PostgreSQL not stopped\n%s", i+1, logs.String())
		}
		if out, _ := exec.Command("pgrep", "-f", "postgres -D "+data).Output(); len(bytes.TrimSpace(out)) > 0 {
			t.Fatalf("start %d: postgres still running: %s", i+1, out)
		}
	}
}

func waitHealthy(t *testing.T, url string, done chan error) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("server exited early: %v", err)
		default:
		}
		if resp, err := http.Get(url + "/api/v1/health"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("server did not become healthy within 60 s")
}

// `registry import FILE` records a registry file, and says which rows are
// wrong (in Russian) when it refuses one.
func TestRegistryImportCommand(t *testing.T) {
	dsn := dbtest.NewDSN(t)
	env := map[string]string{"DATABASE_URL": dsn, "SEED": "false"}
	getenv := func(k string) string { return env[k] }
	file := filepath.Join(t.TempDir(), "registry.csv")
	write := func(body string) {
		if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("ИНН;ОГРН;Наименование;Статус;Дата регистрации\n5504036333;1022200525810;ООО «Ромашка»;active;01.10.2002\n")
	var out, logs bytes.Buffer
	if err := run(t.Context(), []string{"registry", "import", file}, getenv, &out, &logs); err == nil ||
		!strings.Contains(out.String(), "line 2: ogrn: Контрольн") {
		t.Fatalf("a wrong ОГРН: %v\n%s", err, out.String())
	}
	write("ИНН;ОГРН;Наименование;Статус;Дата регистрации\n5504036333;1022200525819;ООО «Ромашка»;active;01.10.2002\n")
	out.Reset()
	if err := run(t.Context(), []string{"registry", "import", file}, getenv, &out, &logs); err != nil || !strings.Contains(out.String(), "recorded 1 entries") {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
}
