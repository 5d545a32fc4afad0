package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/account"
	"kabinet/server/audit/audittest"
	"kabinet/server/db"
	"kabinet/server/dbtest"
	"kabinet/server/pgembed"
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
	env := map[string]string{"DATABASE_URL": dsn, "DATA_DIR": filepath.Join(t.TempDir(), "pgdata"), "ADDR": freeAddr(t), "WEB_DIR": fakeWeb(t), "SEED": "false",
		"JOURNAL_KEY_FILE": filepath.Join(t.TempDir(), "journal.key")}
	getenv := lookup(env)
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
	// A deployment (no DEV) gets no demo accounts, whose passwords the
	// README publishes (ASVS 6.3.2); development seeds them once.
	for i, start := range []struct {
		dev           string
		seeds, signIn bool
	}{{"", false, false}, {"true", true, true}, {"true", false, true}} {
		addr := freeAddr(t)
		env := map[string]string{"ADDR": addr, "DATA_DIR": data, "WEB_DIR": web, "DEV": start.dev}
		var out, logs bytes.Buffer
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { done <- run(ctx, nil, lookup(env), &out, &logs) }()
		waitHealthy(t, "http://"+addr, done)
		// The demo accounts sign in once made: the data was kept.
		for _, d := range account.Demos {
			if got := demoSignIn(t, addr, d); got != start.signIn {
				t.Fatalf("start %d: %s signs in: %v, want %v", i+1, d.Login, got, start.signIn)
			}
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("start %d: %v\n%s", i+1, err, logs.String())
		}
		if !strings.Contains(logs.String(), "role="+db.AppRole) {
			t.Fatalf("start %d: the server did not connect as %s\n%s", i+1, db.AppRole, logs.String())
		}
		seeded := strings.Contains(logs.String(), "demo data created")
		if start.seeds != seeded {
			t.Fatalf("start %d: seeded=%v\n%s", i+1, seeded, logs.String())
		}
		if !strings.Contains(logs.String(), "embedded PostgreSQL stopped") {
			t.Fatalf("start %d: embedded PostgreSQL not stopped\n%s", i+1, logs.String())
		}
		if out, _ := exec.Command("pgrep", "-f", "postgres -D "+data).Output(); len(bytes.TrimSpace(out)) > 0 {
			t.Fatalf("start %d: postgres still running: %s", i+1, out)
		}
	}
	// The owner owns the journal; the application may only add to it.
	cluster, err := pgembed.Start(t.Context(), pgembed.Config{DataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer cluster.Stop(context.Background())
	super, err := db.Open(t.Context(), cluster.DSN("kabinet"))
	if err != nil {
		t.Fatal(err)
	}
	defer super.Close()
	var owner string
	var canInsert, canUpdate, canTruncate bool
	if err := super.NewRaw(`SELECT tableowner, has_table_privilege(?, 'journal', 'INSERT'),
		has_table_privilege(?, 'journal', 'UPDATE'), has_table_privilege(?, 'journal', 'TRUNCATE')
		FROM pg_tables WHERE tablename = 'journal'`, db.AppRole, db.AppRole, db.AppRole).
		Scan(t.Context(), &owner, &canInsert, &canUpdate, &canTruncate); err != nil {
		t.Fatal(err)
	}
	if owner != db.OwnerRole || !canInsert || canUpdate || canTruncate {
		t.Errorf("journal owned by %s; the application may insert %v, update %v, truncate %v", owner, canInsert, canUpdate, canTruncate)
	}
}

// demoSignIn reports whether a demo account's published password opens
// its first step (staff are then asked for their second factor: 202).
func demoSignIn(t *testing.T, addr string, d account.Demo) bool {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"login": d.Login, "password": d.Password})
	req, _ := http.NewRequest("POST", "http://"+addr+"/api/v1/login", bytes.NewReader(body))
	req.Header.Set("Origin", "http://"+addr)
	req.Header.Set(shared.AppHeader, shared.AppHeaderValue)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusAccepted
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
	env := map[string]string{"DATABASE_URL": dsn, "DATA_DIR": filepath.Join(t.TempDir(), "pgdata"), "SEED": "false", "JOURNAL_KEY_FILE": filepath.Join(t.TempDir(), "journal.key")}
	getenv := lookup(env)
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

// `okved import FILE` replaces the classifier, and names the wrong rows
// (in Russian) of a file it refuses whole.
func TestOKVEDImportCommand(t *testing.T) {
	dsn := dbtest.NewDSN(t)
	env := map[string]string{"DATABASE_URL": dsn, "DATA_DIR": filepath.Join(t.TempDir(), "pgdata"), "SEED": "false", "JOURNAL_KEY_FILE": filepath.Join(t.TempDir(), "journal.key")}
	getenv := lookup(env)
	file := filepath.Join(t.TempDir(), "okved.csv")
	write := func(body string) {
		if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("Код;Наименование;Редакция\nJ;Деятельность в области информации и связи;2025-02-01\n62.011;Ошибка;2025-02-01\n")
	var out, logs bytes.Buffer
	if err := run(t.Context(), []string{"okved", "import", file}, getenv, &out, &logs); err == nil ||
		!strings.Contains(out.String(), "line 3: code: Код ОКВЭД") {
		t.Fatalf("a wrong code: %v\n%s", err, out.String())
	}
	write("Код;Наименование;Редакция\nJ;Деятельность в области информации и связи;2025-02-01\n62.01;Разработка компьютерного программного обеспечения;2025-02-01\n")
	out.Reset()
	if err := run(t.Context(), []string{"okved", "import", file}, getenv, &out, &logs); err != nil || !strings.Contains(out.String(), "recorded 2 ОКВЭД2 codes") {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
}

// `ip tax import FILE` records the tax authority's facts of an ИП of the
// registry, names the wrong rows (in Russian) of a file it refuses
// whole, and records the same file again without a change.
func TestTaxFactsImportCommand(t *testing.T) {
	dsn := dbtest.NewDSN(t)
	env := map[string]string{"DATABASE_URL": dsn, "DATA_DIR": filepath.Join(t.TempDir(), "pgdata"), "SEED": "false", "JOURNAL_KEY_FILE": filepath.Join(t.TempDir(), "journal.key")}
	getenv := lookup(env)
	dir := t.TempDir()
	write := func(name, body string) string {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}
	var out, logs bytes.Buffer
	reg := write("registry.csv", "ИНН;ОГРН;Наименование;Статус;Дата регистрации\n561100409545;304770000000031;ИП Петров Пётр Петрович;active;2004-03-15\n")
	if err := run(t.Context(), []string{"registry", "import", reg}, getenv, &out, &logs); err != nil {
		t.Fatalf("registry: %v\n%s", err, out.String())
	}
	file := write("tax.csv", "ИНН;Вид;КНД;Период;Дата;Задолженность\n561100409545;отчёт;1152017;2023;2024-04-25;\n561100409545;отчёт;115201;2024;2025-04-25;\n")
	out.Reset()
	if err := run(t.Context(), []string{"ip", "tax", "import", file}, getenv, &out, &logs); err == nil ||
		!strings.Contains(out.String(), "line 3: knd: Код формы по КНД") {
		t.Fatalf("a wrong КНД: %v\n%s", err, out.String())
	}
	write("tax.csv", "ИНН;Вид;КНД;Период;Дата;Задолженность\n561100409545;отчёт;1152017;2023;2024-04-25;\n561100409545;ЕНС;;;2026-12-01;48 750,00\n")
	for range 2 {
		out.Reset()
		if err := run(t.Context(), []string{"ip", "tax", "import", file}, getenv, &out, &logs); err != nil ||
			!strings.Contains(out.String(), "recorded 1 reports and 1 ЕНС balances") {
			t.Fatalf("import: %v\n%s", err, out.String())
		}
	}
}

// buildBinary compiles the server once per test into a temporary folder:
// a stop is about the process (its signal, its exit status, its child
// PostgreSQL), which only the real binary shows.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "kabinet")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// server is the built binary serving on its own embedded cluster.
type server struct {
	cmd        *exec.Cmd
	done       chan error
	base, data string
	env        []string
	logs       bytes.Buffer
}

// startServer runs bin serving on its own embedded cluster, with the
// profiler off unless env (NAME=value pairs, later ones win) says else.
func startServer(t *testing.T, bin string, env ...string) *server {
	t.Helper()
	s := &server{done: make(chan error, 1), data: filepath.Join(t.TempDir(), "pgdata")}
	addr := freeAddr(t)
	s.base = "http://" + addr
	s.env = append(os.Environ(), "ADDR="+addr, "DATA_DIR="+s.data, "WEB_DIR="+fakeWeb(t), "SEED=false", "ADMIN_ADDR=off")
	s.env = append(s.env, env...)
	s.cmd = exec.Command(bin, "serve")
	s.cmd.Env = s.env
	s.cmd.Stdout, s.cmd.Stderr = &s.logs, &s.logs
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	t.Cleanup(func() { _ = s.cmd.Process.Kill() })
	waitHealthy(t, s.base, s.done)
	return s
}

// While the server runs on its embedded cluster, a maintenance command
// uses that cluster (a second postmaster cannot start on the data
// directory) and leaves it running.
func TestCommandUsesTheRunningServersCluster(t *testing.T) {
	bin := buildBinary(t)
	srv := startServer(t, bin)
	verify := exec.Command(bin, "journal", "verify")
	verify.Env = srv.env
	out, err := verify.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("0 broken")) || !bytes.Contains(out, []byte("using the embedded PostgreSQL the server runs")) {
		t.Fatalf("journal verify beside the server: %v\n%s", err, out)
	}
	if st := post(t, srv.base, "/api/v1/login/qr", "{}", nil); st != http.StatusCreated {
		t.Fatalf("the server after the command: %d\n%s", st, srv.logs.String())
	}
}

// A stop ends the long polls at once: SIGTERM with QR sign-in screens
// waiting exits 0 within a few seconds and leaves no PostgreSQL behind.
func TestSIGTERMEndsLongPolls(t *testing.T) {
	bin := buildBinary(t)
	srv := startServer(t, bin)
	cmd, done, base, data := srv.cmd, srv.done, srv.base, srv.data
	logs := &srv.logs

	// Three screens waiting on their QR codes, as /login does.
	type answer struct {
		status int
		at     time.Time
	}
	polls := make(chan answer, 3)
	for range 3 {
		var ticket shared.QRTicket
		post(t, base, "/api/v1/login/qr", "{}", &ticket)
		body := `{"secret":"` + ticket.Secret + `","seen":"pending"}`
		go func() {
			st := post(t, base, "/api/v1/login/qr/"+ticket.ID+"/wait", body, nil)
			polls <- answer{st, time.Now()}
		}()
	}
	time.Sleep(500 * time.Millisecond) // the polls are in the handlers

	began := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The serving part stops in a fraction of a second; PostgreSQL's
	// shutdown checkpoint (fsync on) takes up to ~2 s on a loaded machine.
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after %v: %v\n%s", time.Since(began), err, logs.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("still running 5 s after SIGTERM\n%s", logs.String())
	}
	t.Logf("exited 0 in %v", time.Since(began))
	for range 3 {
		a := <-polls
		// At once: well before the 10 s the server used to wait; the
		// margin is for a loaded CI machine, not for the server.
		if a.status != http.StatusServiceUnavailable || a.at.Sub(began) > 2*time.Second {
			t.Errorf("a waiting poll answered %d after %v, want 503 (ask again) at once", a.status, a.at.Sub(began))
		}
	}
	if out, _ := exec.Command("pgrep", "-f", "postgres -D "+data).Output(); len(bytes.TrimSpace(out)) > 0 {
		t.Fatalf("postgres still running: %s", out)
	}
}

// post sends a JSON request as the app does and decodes a 2xx answer
// into out; it returns the status, or 0 when the connection failed.
func post(t *testing.T, base, path, body string, out any) int {
	t.Helper()
	req, _ := http.NewRequest("POST", base+path, strings.NewReader(body))
	req.Header.Set("Origin", base)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(shared.AppHeader, shared.AppHeaderValue)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	if out != nil && resp.StatusCode/100 == 2 {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
	return resp.StatusCode
}

// `kabinet help` (and -h, --help) lists every command of the table and
// every environment variable, and touches nothing.
func TestHelpListsCommandsAndEnvironment(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}, {"migrate", "-h"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "pgdata")
			var out, errs bytes.Buffer
			err := run(t.Context(), args, lookup(map[string]string{"DATA_DIR": data}), &out, &errs)
			if st := exitStatus(err, &errs); st != 0 {
				t.Fatalf("exit %d: %s", st, errs.String())
			}
			for _, want := range []string{"serve", "migrate up", "migrate down [N]", "migrate status", "registry import FILE.csv", "okved import FILE.csv", "ip tax import FILE.csv",
				"rates import FILE.csv", "calendar import FILE.csv", "journal verify [--account ID]",
				"DATABASE_URL", "SESSION_IDLE", "a session ends after this long without use [15m]", "Exit status"} {
				if !strings.Contains(out.String(), want) {
					t.Errorf("help does not show %q:\n%s", want, out.String())
				}
			}
			if _, err := os.Stat(data); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("help touched DATA_DIR: %v", err)
			}
		})
	}
}

// A wrong command line exits 2 with what is wrong, before any database:
// DATA_DIR is not created, no PostgreSQL started.
func TestWrongCommandLineExits2WithoutDatabase(t *testing.T) {
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"unknown command":   {[]string{"bogus"}, `unknown command "bogus"`},
		"unknown flag":      {[]string{"--port", "80"}, "unknown flag --port"},
		"migrate bogus":     {[]string{"migrate", "bogus"}, "migrate is followed by up, down, status"},
		"migrate down word": {[]string{"migrate", "down", "x"}, "positive number"},
		"serve with an arg": {[]string{"serve", "now"}, `unexpected argument "now"`},
		"import no file":    {[]string{"registry", "import"}, "file name is missing"},
		"verify bad flag":   {[]string{"journal", "verify", "--acount", "x"}, "-acount"},
	} {
		t.Run(name, func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "pgdata")
			var out, errs bytes.Buffer
			err := run(t.Context(), tc.args, lookup(map[string]string{"DATA_DIR": data}), &out, &errs)
			if st := exitStatus(err, &errs); st != 2 {
				t.Fatalf("exit %d, want 2: %v", st, err)
			}
			if !strings.Contains(errs.String(), tc.want) || !strings.Contains(errs.String(), "kabinet help") {
				t.Errorf("message %q, want one with %q pointing to the help", errs.String(), tc.want)
			}
			if _, err := os.Stat(data); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("DATA_DIR was created: %v", err)
			}
		})
	}
}

// A failure that is not about the command line exits 1.
func TestFailureExits1(t *testing.T) {
	var errs bytes.Buffer
	err := run(t.Context(), []string{"serve"}, lookup(map[string]string{"SESSION_IDLE": "soon"}), io.Discard, &errs)
	if st := exitStatus(err, &errs); st != 1 || !strings.Contains(errs.String(), "SESSION_IDLE") {
		t.Fatalf("exit %d: %s", st, errs.String())
	}
}

// `journal verify` walks every chain and fails on a break; --account
// checks one. Each way of tampering the issue names is found by both,
// with exit status 1.
func TestJournalVerifyCommand(t *testing.T) {
	for _, tc := range []struct {
		name   string
		tamper func(t *testing.T, database *bun.DB, ids []int64)
		reason shared.JournalBreak
	}{
		{"forged row", func(t *testing.T, d *bun.DB, ids []int64) {
			audittest.Exec(t, d, "UPDATE journal SET ip = '203.0.113.9', details = '{\"method\":\"sms\"}' WHERE id = ?", ids[0])
		}, shared.JournalBreakChanged},
		{"removed row", func(t *testing.T, d *bun.DB, ids []int64) {
			audittest.Exec(t, d, "DELETE FROM journal WHERE id = ?", ids[1])
		}, shared.JournalBreakLink},
		{"recomputed chain", func(t *testing.T, d *bun.DB, ids []int64) {
			audittest.Exec(t, d, "UPDATE journal SET ip = '203.0.113.9' WHERE id = ?", ids[1])
			audittest.Recompute(t, d, ids, 1, []byte("a guessed key"))
		}, shared.JournalBreakChanged},
		{"truncated table", func(t *testing.T, d *bun.DB, ids []int64) {
			audittest.Exec(t, d, "TRUNCATE journal")
		}, shared.JournalBreakRemoved},
	} {
		t.Run(tc.name, func(t *testing.T) {
			getenv, database, id, ids := commandJournal(t, 3)
			// An operator, whom a break found by the command is e-mailed to.
			var op string
			if err := database.NewRaw(`INSERT INTO accounts (last_name, first_name, phone, email, password_hash, email_confirmed_at)
				VALUES ('Тест', 'Оператор', '+79990000008', 'op@example.ru', 'x', now()) RETURNING id`).Scan(t.Context(), &op); err != nil {
				t.Fatal(err)
			}
			audittest.Exec(t, database, "INSERT INTO staff_roles (account_id, role) VALUES (?, ?)", op, shared.RoleOperator)
			var out, logs bytes.Buffer
			if err := run(t.Context(), []string{"journal", "verify"}, getenv, &out, &logs); err != nil ||
				!strings.Contains(out.String(), "1 intact, 0 broken") {
				t.Fatalf("intact journal: %v\n%s", err, out.String())
			}
			audittest.Tamper(t, database, func() { tc.tamper(t, database, ids) })
			for _, args := range [][]string{{"journal", "verify"}, {"journal", "verify", "--account", id}} {
				out.Reset()
				err := run(t.Context(), args, getenv, &out, &logs)
				if st := exitStatus(err, io.Discard); st != 1 || !strings.Contains(out.String(), "BROKEN  "+id) ||
					!strings.Contains(out.String(), "("+string(tc.reason)+")") {
					t.Errorf("%v: exit %d, %v\n%s", args, st, err, out.String())
				}
			}
			// Found first by the command: the staff are told by it, once.
			var alerts int
			if err := database.NewRaw("SELECT count(*) FROM outbox WHERE recipient = 'op@example.ru' AND subject LIKE '%целостность журнала%'").
				Scan(t.Context(), &alerts); err != nil || alerts != 1 {
				t.Errorf("%d alerts to the operator (%v), want 1", alerts, err)
			}
		})
	}
}

// `rates import` and `calendar import` take a file whole or not at all and
// name each wrong row; a good file is recorded and the data's reach told.
func TestReferenceImportCommands(t *testing.T) {
	dir := t.TempDir()
	file := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	env := map[string]string{"DATABASE_URL": dbtest.NewDSN(t), "DATA_DIR": filepath.Join(t.TempDir(), "pgdata"), "SEED": "false", "JOURNAL_KEY_FILE": filepath.Join(t.TempDir(), "journal.key")}
	getenv := lookup(env)
	for _, tc := range []struct {
		name string
		args []string
		ok   bool
		want []string
	}{
		{"rates with wrong rows", []string{"rates", "import", file("bad.csv", "from;rate;to\n2026-02-16;15,5;\n2026-02-31;15;\n2026-03-23;200;2026-04-26\n")},
			false, []string{"line 3: from: ", "line 4: rate: Ставка — число процентов больше 0 и не больше 100"}},
		{"good rates", []string{"rates", "import", file("good.csv", "from;rate;to\n2026-02-16;15,5;2026-03-22\n")},
			true, []string{"recorded 1 key rates; key rates known to 2026-03-22"}},
		{"a calendar with a wrong row", []string{"calendar", "import", file("cal-bad.csv", "date;kind\n2027-01-01;holiday\n2027-01-06;workday\n")},
			false, []string{"line 3: kind: Рабочим днём можно сделать только субботу или воскресенье"}},
		{"a good calendar", []string{"calendar", "import", file("cal.csv", "date;kind\n2027-01-01;holiday\n")},
			true, []string{"recorded the production calendar of [2027]", "calendar years [2025 2026 2027]"}},
		{"no file", []string{"rates", "import"}, false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, logs bytes.Buffer
			err := run(t.Context(), tc.args, getenv, &out, &logs)
			if (err == nil) != tc.ok {
				t.Fatalf("err %v\n%s", err, out.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}

// lookup is os.LookupEnv over env.
func lookup(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := env[k]; return v, ok }
}
