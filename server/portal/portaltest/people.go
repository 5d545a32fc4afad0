package portaltest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/descope/virtualwebauthn"

	"kabinet/server/config"
	"kabinet/shared"
	"kabinet/shared/npd"
)

// StartAPI runs a portal with a stand-in front end (FakeWeb): what the
// API tests need, as only the browser tests use the real build.
func StartAPI(t testing.TB, tune func(*config.Config)) *Env {
	t.Helper()
	return Start(t, FakeWeb(t), tune)
}

// FakeWeb is a web directory with a stand-in app.wasm and its compressed
// copies.
func FakeWeb(t testing.TB) string {
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

// GoodPassword passes every password rule: the tests' people register
// with it.
const GoodPassword = "Moy-Portal-2026!"

// Person registers someone with both contacts confirmed.
func (e *Env) Person(c *Client, phone, email string) shared.RegisterRequest {
	e.T.Helper()
	return e.Register(c, shared.RegisterRequest{LastName: "Смирнова", FirstName: "Ольга", MiddleName: "Павловна",
		Phone: phone, Email: email, Password: GoodPassword})
}

// Moscow is "2006-01-02 15:04" read as Moscow time.
func Moscow(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, shared.Moscow)
	if err != nil {
		panic(err)
	}
	return t
}

// SelfEmployedIvan is the demo's confirmed Ivan with a passkey, registered
// as self-employed on registered (Moscow, "2006-01-02 15:04").
func SelfEmployedIvan(t testing.TB, e *Env, registered string) *Client {
	t.Helper()
	e.SeedDemo()
	ivan := e.Client()
	ivan.MustOK("POST", "/login", shared.LoginRequest{Login: "ivan@example.ru", Password: "Kabinet-Demo-2026"}, nil)
	AddPasskey(t, ivan, NewDevice(t, e, virtualwebauthn.AuthenticatorOptions{}), "Телефон")
	ivan.MustOK("POST", "/npd/register", npd.RegisterRequest{Region: "77", Activities: []string{"it"}}, nil)
	if _, err := e.DB.ExecContext(context.Background(), "UPDATE npd_payers SET registered_at = ?", Moscow(registered)); err != nil {
		t.Fatal(err)
	}
	return ivan
}

// CodeOf is the code of an API error, "" for none.
func CodeOf(err *shared.Error) shared.Code {
	if err == nil {
		return ""
	}
	return err.Code
}
