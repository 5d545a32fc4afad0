package shared

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"
)

// FactorPasskey is a passkey (WebAuthn, user verification required): a
// way to sign in without a login and password, and a second factor.
const FactorPasskey = "passkey"

// PasskeyNameMax is the longest name a person may give a passkey.
const PasskeyNameMax = 60

// Passkey is one of the owner's passkeys (GET /me/passkeys).
type Passkey struct {
	ID         string    `json:"id"` // credential id, base64url
	Name       string    `json:"name"`
	Synced     bool      `json:"synced"` // backed up to the person's other devices (BS flag)
	CreatedAt  time.Time `json:"createdAt"`
	LastUsedAt time.Time `json:"lastUsedAt,omitzero"`
}

// PasskeyList is the answer of GET /me/passkeys, newest first.
type PasskeyList struct {
	Items []Passkey `json:"items"`
}

// PasskeyOptions starts a WebAuthn ceremony: Options is what the browser's
// PublicKeyCredential.parseCreationOptionsFromJSON (registration) or
// parseRequestOptionsFromJSON (sign-in) takes, under "publicKey"; the
// answer goes back with Ceremony, which works once and for a few minutes.
type PasskeyOptions struct {
	Ceremony  string          `json:"ceremony"`
	Options   json.RawMessage `json:"options"`
	ExpiresAt time.Time       `json:"expiresAt"`
}

// PasskeyBeginRequest asks for registration options (POST /me/passkeys/options).
type PasskeyBeginRequest struct {
	Name string `json:"name"`
}

// PasskeyRegisterRequest finishes the registration (POST /me/passkeys).
type PasskeyRegisterRequest struct {
	Ceremony   string          `json:"ceremony"`
	Name       string          `json:"name"`
	Credential json.RawMessage `json:"credential"` // JSON.stringify(PublicKeyCredential)
}

// PasskeyLoginOptionsRequest asks for sign-in options (POST
// /login/passkey/options): without a ticket, for a sign-in without a login
// (any passkey of the site, also offered by autofill); with the ticket of
// a password sign-in, for the passkeys of that account as the second factor.
type PasskeyLoginOptionsRequest struct {
	Ticket string `json:"ticket,omitempty"`
}

// PasskeyLoginRequest signs in with a passkey (POST /login/passkey → SessionInfo).
type PasskeyLoginRequest struct {
	Ceremony   string          `json:"ceremony"`
	Credential json.RawMessage `json:"credential"`
}

// NormalizePasskeyName trims the name and folds inner runs of spaces.
func NormalizePasskeyName(s string) string { return strings.Join(strings.Fields(s), " ") }

// ValidatePasskeyName checks a passkey's name («Телефон», «Ноутбук»).
func ValidatePasskeyName(s string) error {
	s = NormalizePasskeyName(s)
	switch {
	case s == "":
		return E(CodeRequired)
	case utf8.RuneCountInString(s) > PasskeyNameMax:
		return E(CodeTooLong)
	case strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }):
		return E(CodeBadChars)
	}
	return nil
}

// Validate checks the request (the browser before sending, the API again).
func (r PasskeyBeginRequest) Validate() error {
	var f Fields
	f.Check("name", ValidatePasskeyName(r.Name))
	return f.Err()
}

// Validate checks the request.
func (r PasskeyRegisterRequest) Validate() error {
	var f Fields
	f.Check("name", ValidatePasskeyName(r.Name))
	if r.Ceremony == "" || len(r.Ceremony) > 100 {
		f.Add("ceremony", CodeRequired)
	}
	if len(r.Credential) == 0 {
		f.Add("credential", CodeRequired)
	}
	return f.Err()
}

// MaxLoginCeremony bounds a sign-in's ceremony id: the ceremony's
// state sealed by the server, which the browser carries.
const MaxLoginCeremony = 600

// Validate checks the request.
func (r PasskeyLoginRequest) Validate() error {
	var f Fields
	if r.Ceremony == "" || len(r.Ceremony) > MaxLoginCeremony {
		f.Add("ceremony", CodeRequired)
	}
	if len(r.Credential) == 0 {
		f.Add("credential", CodeRequired)
	}
	return f.Err()
}

// Passkey error codes.
const (
	CodePasskeyFailed  Code = "passkey_failed"  // the answer did not verify
	CodePasskeyUnknown Code = "passkey_unknown" // no account has this passkey (removed?)
	CodePasskeyKiosk   Code = "passkey_kiosk"   // passkeys are never registered on a kiosk
)

func passkeyClasses() map[Code]Class {
	return map[Code]Class{
		CodePasskeyFailed:  ClassUnauthenticated,
		CodePasskeyUnknown: ClassUnauthenticated,
		CodePasskeyKiosk:   ClassForbidden,
	}
}

// More journal event kinds.
const (
	JournalPasskeyAdded   = "auth.passkey_added"
	JournalPasskeyRemoved = "auth.passkey_removed"
	JournalPasskeyFailed  = "auth.passkey_failed"
)
