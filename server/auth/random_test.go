package auth

import (
	"encoding/base64"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"kabinet/server/api"
	"kabinet/server/config"
	"kabinet/server/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// Session tokens (ASVS 7.2.3) are 256 bits from crypto/rand, and no two
// of a thousand sign-ins share one; the ids of codes and tickets (6.4.1,
// 6.5.3) are at least 128 bits.
func TestSessionTokensAreLongAndUnique(t *testing.T) {
	db := dbtest.NewDB(t)
	var accountID string
	if err := db.NewRaw(`INSERT INTO accounts (last_name, first_name, phone, email, password_hash)
		VALUES ('Тестова', 'Анна', '+79120000999', 'tokens@example.ru', 'x') RETURNING id`).Scan(t.Context(), &accountID); err != nil {
		t.Fatal(err)
	}
	s := &Service{db: db, cfg: config.Config{SessionIdle: 15 * time.Minute, SessionAbsolute: 12 * time.Hour}}
	seen := map[string]bool{}
	for range 1000 {
		tok, _, err := s.newSession(accountID, []string{"password"}, false, api.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil || len(raw) < 32 {
			t.Fatalf("token %q: %d bytes (%v), want 32", tok, len(raw), err)
		}
		if seen[tok] {
			t.Fatalf("token %q given twice", tok)
		}
		seen[tok] = true
	}
	for _, n := range []int{16, 18, 24, 32} {
		tok, err := randomToken(n)
		if raw, _ := base64.RawURLEncoding.DecodeString(tok); err != nil || len(raw) != n || n*8 < 128 {
			t.Errorf("randomToken(%d) = %q (%d bytes, %v)", n, tok, len(raw), err)
		}
	}
}

// Every secret of sign-in — session tokens, one-time codes, tickets,
// recovery codes, TOTP seeds — comes from crypto/rand: no file of the
// packages that make them imports math/rand (ASVS 6.5.3, 7.2.3), whose
// output can be predicted.
func TestSecretsComeFromCryptoRand(t *testing.T) {
	for _, dir := range []string{".", "../account"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: %v", dir, err)
		}
		for _, f := range files {
			ast, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range ast.Imports {
				if p, _ := strconv.Unquote(imp.Path.Value); p == "math/rand" || p == "math/rand/v2" {
					t.Errorf("%s imports %s", f, p)
				}
			}
		}
	}
}
