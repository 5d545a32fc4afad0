package portal_test

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

// start runs a portal with a stand-in front end (only its serving is
// tested here; the browser tests use the real build).
func start(t testing.TB, tune func(*config.Config)) *portaltest.Env {
	t.Helper()
	return portaltest.Start(t, fakeWeb(t), tune)
}

// fakeWeb is a web directory with a stand-in app.wasm and its compressed
// copies.
func fakeWeb(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	// In this order: a compressed copy older than the raw file is stale and
	// not served, so the raw one is written first.
	for _, f := range [][2]string{{"app.wasm", "\x00asm raw"}, {"app.wasm.gz", "gzip body"}, {"app.wasm.br", "brotli body"}} {
		if err := os.WriteFile(filepath.Join(dir, f[0]), []byte(f[1]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const goodPassword = "Moy-Portal-2026!"

// person registers someone with both contacts confirmed.
func person(e *portaltest.Env, c *portaltest.Client, phone, email string) shared.RegisterRequest {
	e.T.Helper()
	return e.Register(c, shared.RegisterRequest{LastName: "Смирнова", FirstName: "Ольга", MiddleName: "Павловна",
		Phone: phone, Email: email, Password: goodPassword})
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
