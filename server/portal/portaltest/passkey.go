package portaltest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/descope/virtualwebauthn"

	"kabinet/shared"
)

// Device is a phone or laptop with a platform authenticator (a pure-Go one:
// real keys, real signatures, real WebAuthn messages).
type Device struct {
	t  testing.TB
	rp virtualwebauthn.RelyingParty
	// Auth holds the credentials the device offers; Cred is its passkey,
	// whose Counter a test may move to play a cloned authenticator.
	Auth virtualwebauthn.Authenticator
	Cred virtualwebauthn.Credential
}

// NewDevice is a device for e's portal (opened as localhost: an IP
// address cannot be a WebAuthn relying party).
func NewDevice(t testing.TB, e *Env, opts virtualwebauthn.AuthenticatorOptions) *Device {
	return &Device{t: t, rp: virtualwebauthn.RelyingParty{Name: "Кабинет", ID: "localhost", Origin: e.LocalURL},
		Auth: virtualwebauthn.NewAuthenticatorWithOptions(opts), Cred: ec2Credential(t)}
}

// ec2Credential is a P-256 passkey whose public key the test double
// encodes correctly: it writes the coordinates as big.Int.Bytes(), which
// drops a leading zero (1 key in 128), where COSE wants exactly 32 bytes —
// a real authenticator never does that, so such keys are not used.
func ec2Credential(t testing.TB) virtualwebauthn.Credential {
	for {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if len(k.X.Bytes()) != 32 || len(k.Y.Bytes()) != 32 {
			continue
		}
		der, err := x509.MarshalPKCS8PrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		return virtualwebauthn.NewCredentialWithImportedKey(virtualwebauthn.KeyTypeEC2, der)
	}
}

// Create answers registration options as navigator.credentials.create would.
func (d *Device) Create(o shared.PasskeyOptions) json.RawMessage {
	d.t.Helper()
	ao, err := virtualwebauthn.ParseAttestationOptions(string(o.Options))
	if err != nil {
		d.t.Fatalf("registration options %s: %v", o.Options, err)
	}
	if ao.RelyingPartyID != "localhost" {
		d.t.Fatalf("rp id %q", ao.RelyingPartyID)
	}
	handle := []byte(ao.UserID) // decoded from base64url by the parser
	if len(handle) != 64 {
		d.t.Fatalf("user handle %q must be 64 random bytes", ao.UserID)
	}
	d.Auth.Options.UserHandle = handle
	return json.RawMessage(virtualwebauthn.CreateAttestationResponse(d.rp, d.Auth, d.Cred, *ao))
}

// Get answers sign-in options as navigator.credentials.get would; every
// use advances the authenticator's signature counter.
func (d *Device) Get(o shared.PasskeyOptions) json.RawMessage {
	d.t.Helper()
	ao, err := virtualwebauthn.ParseAssertionOptions(string(o.Options))
	if err != nil {
		d.t.Fatalf("sign-in options %s: %v", o.Options, err)
	}
	d.Cred.Counter++
	return json.RawMessage(virtualwebauthn.CreateAssertionResponse(d.rp, d.Auth, d.Cred, *ao))
}

// AddPasskey registers the device's passkey for c's account.
func AddPasskey(t testing.TB, c *Client, d *Device, name string) shared.Passkey {
	t.Helper()
	var o shared.PasskeyOptions
	c.MustOK("POST", "/me/passkeys/options", shared.PasskeyBeginRequest{Name: name}, &o)
	var pk shared.Passkey
	status, err := c.Do("POST", "/me/passkeys", shared.PasskeyRegisterRequest{Ceremony: o.Ceremony, Name: name, Credential: d.Create(o)}, &pk)
	if err != nil || status != http.StatusCreated {
		t.Fatalf("registering the passkey: %d %+v", status, err)
	}
	d.Auth.AddCredential(d.Cred)
	return pk
}

// PasskeyLogin signs c in with the device and no login at all.
func PasskeyLogin(t testing.TB, c *Client, d *Device) (shared.SessionInfo, *shared.Error) {
	t.Helper()
	var o shared.PasskeyOptions
	c.MustOK("POST", "/login/passkey/options", shared.PasskeyLoginOptionsRequest{}, &o)
	var info shared.SessionInfo
	_, err := c.Do("POST", "/login/passkey", shared.PasskeyLoginRequest{Ceremony: o.Ceremony, Credential: d.Get(o)}, &info)
	return info, err
}
