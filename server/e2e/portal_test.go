package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kabinet/server/config"
	"kabinet/server/dbtest"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// env is a running portal on a fresh database, serving the real front end.
type env struct {
	*portaltest.Env
	url string // http://127.0.0.1:PORT, what Chromium opens
	cfg config.Config
}

// start runs a portal on 127.0.0.1 over a fresh database with the real
// web/ directory; tune changes the configuration (short timeouts).
func start(t *testing.T, tune func(*config.Config)) *env {
	t.Helper()
	pe := portaltest.Start(t, webDir(t), tune)
	return &env{Env: pe, url: pe.URL, cfg: pe.Cfg}
}

func (e *env) seedDemo() { e.SeedDemo() }

// personPassword is what the people these tests register choose: the
// demo accounts' own password holds the portal's name, which registration
// refuses (ASVS 6.2.11).
const personPassword = "Moy-Portal-2026!"

// The demo accounts' credentials (README).
const (
	demoPassword  = "Kabinet-Demo-2026"
	annaLogin     = "anna@example.ru"
	operatorLogin = "operator@example.ru"
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
// the sources of app/, shared/ and third_party/ (the patched go-app), they
// fail and say to run `make wasm`
func webDir(t *testing.T) string {
	t.Helper()
	web := filepath.Join(repoRoot(t), "web")
	wasm, err := os.Stat(filepath.Join(web, "app.wasm"))
	if err != nil {
		t.Fatalf("%s/app.wasm is missing: the browser tests need the real front end — run `make wasm` (or `make test`) first", web)
	}
	root := filepath.Dir(web)
	var newer string
	for _, dir := range []string{"app", "shared", "third_party"} {
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
	e.T.Helper()
	e.Register(e.Client(), shared.RegisterRequest{LastName: p.LastName, FirstName: p.FirstName, MiddleName: p.MiddleName,
		Phone: p.Phone, Email: p.Email, Password: p.Password})
}
