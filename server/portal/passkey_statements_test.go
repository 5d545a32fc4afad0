package portal_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/descope/virtualwebauthn"

	"kabinet/server/config"
	"kabinet/server/dbtest"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

// A passkey sign-in (the options and the answer) is a fixed, small number
// of statements with one durable commit: the throttle and the ceremony in
// one statement each way, the key's account and passkeys in one, and the
// session in one transaction — the sign count, the session with what the
// guard reads, and the journal. A browser that brings the cookie of an
// earlier session ends it in that same transaction, with no statement
// more; what is written outside it (the throttle, the ceremony) commits
// without waiting for the disk. A change that adds a round trip fails
// here.
func TestPasskeySignInStatements(t *testing.T) {
	var hook statements
	e := startQuiet(t, dbtest.NewDB(t).WithQueryHook(&hook), func(c *config.Config) {})
	e.SeedDemo()
	ivan := e.Client()
	ivan.MustOK("POST", "/login", shared.LoginRequest{Login: "ivan@example.ru", Password: "Kabinet-Demo-2026"}, nil)
	dev := portaltest.NewDevice(t, e, virtualwebauthn.AuthenticatorOptions{})
	portaltest.AddPasskey(t, ivan, dev, "Телефон")

	const want = 9
	signIn := func(what string, c *portaltest.Client) {
		t.Helper()
		seen := hook.during(func() {
			if info, err := portaltest.PasskeyLogin(t, c, dev); err != nil || !info.SecondFactor {
				t.Fatalf("%s: %+v %v", what, info, err)
			}
		})
		commits, inTx := 0, false
		for _, q := range seen {
			switch up := strings.ToUpper(q); {
			case up == "BEGIN":
				inTx = true
			case up == "COMMIT":
				commits, inTx = commits+1, false
			case !inTx && !strings.HasPrefix(up, "SELECT") && !strings.Contains(q, "synchronous_commit"):
				t.Errorf("%s: a durable write outside the sign-in's transaction: %s", what, q)
			}
		}
		t.Logf("%s: %d statements", what, len(seen))
		if len(seen) != want || commits != 1 {
			t.Errorf("%s made %d statements with %d commits, want %d with 1:\n%s", what, len(seen), commits, want, strings.Join(seen, "\n---\n"))
		}
	}
	signIn("a new browser", e.Client())
	signIn("a browser with an earlier session", ivan) // its password session ends
	if status, _ := ivan.Do("GET", "/me", nil, nil); status != http.StatusOK {
		t.Fatalf("the new session: %d", status)
	}
	var replaced int
	if err := e.DB.NewRaw("SELECT count(*) FROM sessions WHERE revoke_reason = 'replaced'").Scan(t.Context(), &replaced); err != nil || replaced != 1 {
		t.Fatalf("%d sessions ended as replaced (%v), want the password session", replaced, err)
	}
}
