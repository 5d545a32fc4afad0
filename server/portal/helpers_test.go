package portal_test

import (
	"strings"
	"testing"

	"github.com/descope/virtualwebauthn"

	"kabinet/server/config"
	"kabinet/server/dbtest"
	"kabinet/server/portal"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

func TestMain(m *testing.M) {
	*portal.JournalStateFresh = 0 // each test sees a break at once; TestHealthReadsTheJournalOnce sets it back
	dbtest.Main(m)
}

// start runs a portal with a stand-in front end (only its serving is
// tested here; the browser tests use the real build).
func start(t testing.TB, tune func(*config.Config)) *portaltest.Env {
	t.Helper()
	return portaltest.StartAPI(t, tune)
}

func fakeWeb(t testing.TB) string {
	t.Helper()
	return portaltest.FakeWeb(t)
}

const goodPassword = portaltest.GoodPassword

// person registers someone with both contacts confirmed.
func person(e *portaltest.Env, c *portaltest.Client, phone, email string) shared.RegisterRequest {
	e.T.Helper()
	return e.Person(c, phone, email)
}

// accountID is the id of the account registered with email.
func accountID(t testing.TB, e *portaltest.Env, email string) string {
	t.Helper()
	var id string
	if err := e.DB.NewRaw("SELECT id FROM accounts WHERE email = ?", email).Scan(t.Context(), &id); err != nil {
		t.Fatal(err)
	}
	return id
}

// device is a phone or laptop with a passkey (portaltest.Device).
type device = portaltest.Device

func newDevice(t testing.TB, e *portaltest.Env, opts virtualwebauthn.AuthenticatorOptions) *device {
	return portaltest.NewDevice(t, e, opts)
}

// addPasskey registers the device's passkey for c's account.
func addPasskey(t testing.TB, c *portaltest.Client, d *device, name string) shared.Passkey {
	t.Helper()
	return portaltest.AddPasskey(t, c, d, name)
}

// passkeyLogin signs c in with the device and no login at all.
func passkeyLogin(t testing.TB, c *portaltest.Client, d *device) (shared.SessionInfo, *shared.Error) {
	t.Helper()
	return portaltest.PasskeyLogin(t, c, d)
}

// selfEmployedIvan is the demo's confirmed Ivan with a passkey, registered
// as self-employed on registered.
func selfEmployedIvan(t *testing.T, e *portaltest.Env, registered string) *portaltest.Client {
	t.Helper()
	return portaltest.SelfEmployedIvan(t, e, registered)
}

func codeOf(err *shared.Error) shared.Code { return portaltest.CodeOf(err) }

func contains(s, sub string) bool { return strings.Contains(s, sub) }
