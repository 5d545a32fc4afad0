package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"kabinet/server/config"
	"kabinet/server/dbtest"
	"kabinet/server/portal"
	"kabinet/shared"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// env is a running portal on a fresh database, serving the real front end.
type env struct {
	t    *testing.T
	url  string // http://127.0.0.1:PORT, what Chromium opens
	p    *portal.Portal
	cfg  config.Config
	logs *syncBuffer
}

// start runs a portal on 127.0.0.1 over a fresh database with the real
// web/ directory; tune changes the configuration (short timeouts).
func start(t *testing.T, tune func(*config.Config)) *env {
	t.Helper()
	web := webDir(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := config.Default()
	c.Addr, c.Dev, c.IPLimit, c.WebDir = ln.Addr().String(), true, 1000, web
	if tune != nil {
		tune(&c)
	}
	c.PublicURL = "http://" + c.Addr
	c.Origins = []string{c.PublicURL}
	db := dbtest.NewDB(t)
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	p, err := portal.New(context.Background(), c, db, log)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = p.App.Listener(ln) }()
	ctx, cancel := context.WithCancel(context.Background())
	p.RunWorkers(ctx)
	e := &env{t: t, url: c.PublicURL, p: p, cfg: c, logs: logs}
	t.Cleanup(func() {
		cancel()
		_ = p.App.ShutdownWithTimeout(5 * time.Second)
		if tail := e.logs.tail(40); t.Failed() && tail != "" {
			t.Logf("server log (last lines):\n%s", indent(tail))
		}
	})
	return e
}

// seedDemo creates the demo accounts (README: Иванов, Петрова, the operator).
func (e *env) seedDemo() {
	e.t.Helper()
	if _, err := e.p.Accounts.SeedDemo(context.Background()); err != nil {
		e.t.Fatalf("seeding the demo accounts: %v", err)
	}
}

// The demo accounts' credentials (README).
const (
	demoPassword     = "Kabinet-Demo-2026"
	annaLogin        = "anna@example.ru"
	operatorLogin    = "operator@example.ru"
	operatorPassword = "Operator-Demo-2026"
)

// repoRoot is the directory with go.mod, found from the test's working
// directory (server/e2e).
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			t.Fatalf("no go.mod above %s", dir)
		}
	}
}

// webDir is the absolute path of the real web/ directory. The browser tests
// need the built front end: without web/app.wasm, or with one older than
// the sources of app/ and shared/, they fail and say to run `make wasm`
func webDir(t *testing.T) string {
	t.Helper()
	web := filepath.Join(repoRoot(t), "web")
	wasm, err := os.Stat(filepath.Join(web, "app.wasm"))
	if err != nil {
		t.Fatalf("%s/app.wasm is missing: the browser tests need the real front end — run `make wasm` (or `make test`) first", web)
	}
	root := filepath.Dir(web)
	var newer string
	for _, dir := range []string{"app", "shared"} {
		_ = filepath.WalkDir(filepath.Join(root, dir), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || newer != "" || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			if info, err := d.Info(); err == nil && info.ModTime().After(wasm.ModTime()) {
				newer = path
			}
			return nil
		})
	}
	if newer != "" {
		t.Fatalf("%s/app.wasm is older than %s: the browser would run a stale front end — run `make wasm` first", web, newer)
	}
	return web
}

// syncBuffer is the server log, written by many goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) tail(n int) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	lines := strings.Split(strings.TrimRight(b.buf.String(), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// person is someone registered through the API (not the browser), for the
// tests whose subject is something else: the back office, the profile.
type person struct {
	LastName, FirstName, MiddleName string
	Phone, Email, Password          string // as typed
}

func (p person) fullName() string { return p.LastName + " " + p.FirstName + " " + p.MiddleName }

// register creates p over HTTP with both contacts confirmed, as the
// registration page would.
func (e *env) register(p person) {
	e.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	req := shared.RegisterRequest{LastName: p.LastName, FirstName: p.FirstName, MiddleName: p.MiddleName,
		Phone: p.Phone, Email: p.Email, Password: p.Password}
	var reg shared.RegisterResponse
	e.post(c, "/register", req, &reg)
	norm := req
	norm.Normalize()
	e.post(c, "/verify", shared.VerifyRequest{ChallengeID: reg.Phone.ID, Code: e.lastCode(norm.Phone)}, nil)
	e.post(c, "/verify", shared.VerifyRequest{ChallengeID: reg.Email.ID, Code: e.lastCode(norm.Email)}, nil)
}

func (e *env) post(c *http.Client, path string, in, out any) {
	e.t.Helper()
	body, _ := json.Marshal(in)
	req, _ := http.NewRequest("POST", e.url+shared.APIPrefix+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", e.url)
	req.Header.Set(shared.AppHeader, shared.AppHeaderValue)
	resp, err := c.Do(req)
	if err != nil {
		e.t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		e.t.Fatalf("POST %s: %d %s", path, resp.StatusCode, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			e.t.Fatalf("POST %s: decoding %q: %v", path, raw, err)
		}
	}
}

var sixDigits = regexp.MustCompile(`\b(\d{6})\b`)

// lastCode is the newest one-time code sent to `to` (normalised).
func (e *env) lastCode(to string) string {
	e.t.Helper()
	msgs, err := e.p.Notify.Outbox(context.Background(), 100)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, m := range msgs {
		if m.To == to {
			if c := sixDigits.FindStringSubmatch(m.Body); c != nil {
				return c[1]
			}
		}
	}
	e.t.Fatalf("no code was sent to %s", to)
	return ""
}
