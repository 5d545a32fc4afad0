// The wire types of the signed-in person's sessions, second factors and
// contact changes.

package shared

import (
	"encoding/json"
	"time"
)

// SessionItem is one signed-in browser on the "Sessions and devices" page.
type SessionItem struct {
	ID         string    `json:"id"` // opaque handle (not the cookie)
	Device     string    `json:"device"`
	IP         string    `json:"ip"`
	Place      string    `json:"place,omitempty"` // "loopback", "private", or "" when unknown
	Kiosk      string    `json:"kiosk,omitempty"` // the kiosk's name and centre, for a kiosk session
	Methods    []string  `json:"methods"`
	CreatedAt  time.Time `json:"createdAt"`
	LastSeenAt time.Time `json:"lastSeenAt"`
	Current    bool      `json:"current"` // the session making the request
}

// SessionList is the answer of GET /me/sessions, newest activity first.
type SessionList struct {
	Items []SessionItem `json:"items"`
}

// More journal event kinds.
const (
	JournalNewDevice      = "auth.new_device"      // sign-in from a device or network not seen before
	JournalSessionRevoked = "auth.session_revoked" // the owner signed a session out
)

// Second factors.
const (
	FactorTOTP     = "totp"     // an authenticator app
	FactorRecovery = "recovery" // one of the single-use recovery codes
	FactorSMS      = "sms"      // a code by SMS to the confirmed phone: the weakest
)

// SecondFactorStep is the answer of POST /login (HTTP 202) when the
// password was right and the account has a second factor: the sign-in
// continues at POST /login/second-factor with the ticket.
type SecondFactorStep struct {
	Ticket    string    `json:"ticket"`  // single use
	Methods   []string  `json:"methods"` // what the person can use: "totp", "recovery"
	ExpiresAt time.Time `json:"expiresAt"`
}

// SecondFactorRequest finishes a sign-in (POST /login/second-factor →
// SessionInfo) or confirms a step-up (POST /me/step-up → SessionInfo,
// Ticket empty).
type SecondFactorRequest struct {
	Ticket string `json:"ticket,omitempty"`
	Method string `json:"method"`         // "totp", "recovery" or "passkey"
	Code   string `json:"code,omitempty"` // 6 digits, or a recovery code "xxxx-xxxx"
	// A passkey's answer: the ceremony from POST /login/passkey/options
	// (with the ticket) or POST /me/step-up/options, and the credential.
	Ceremony   string          `json:"ceremony,omitempty"`
	Credential json.RawMessage `json:"credential,omitempty"`
}

// Factors is the owner's second factors (GET /me/factors).
type Factors struct {
	TOTP         bool      `json:"totp"`
	TOTPSince    time.Time `json:"totpSince,omitzero"`
	RecoveryLeft int       `json:"recoveryLeft"` // unused recovery codes
	Passkeys     int       `json:"passkeys"`
	SMS          bool      `json:"sms"`                // SMS codes switched on
	SMSPhone     string    `json:"smsPhone,omitempty"` // where they go, masked
	Required     bool      `json:"required"`           // standard and confirmed accounts must have one
	// Phone: another device of the person, signed in with a second
	// factor, can approve a step-up of this session (as it would a
	// sign-in).
	Phone bool `json:"phone,omitempty"`
}

// TOTPEnrolment starts adding an authenticator app (POST /me/totp): the
// secret as text and as a QR code; it becomes a factor only after
// POST /me/totp/confirm with a first code.
type TOTPEnrolment struct {
	Secret string `json:"secret"` // base32, grouped by 4 for reading
	URI    string `json:"uri"`    // otpauth://totp/…
	QR     string `json:"qr"`     // data:image/png;base64,…
}

// TOTPConfirmRequest confirms the enrolment with a first code.
type TOTPConfirmRequest struct {
	Code string `json:"code"`
}

// RecoveryCodes are shown once: after enrolment and when regenerated
// (POST /me/recovery-codes, step-up required).
type RecoveryCodes struct {
	Codes []string `json:"codes"`
}

// SMSCodeRequest asks for an SMS code: for a sign-in with the ticket
// (POST /login/second-factor/sms), for a step-up (POST /me/step-up/sms,
// no ticket), or to switch SMS codes on (POST /me/sms-factor).
type SMSCodeRequest struct {
	Ticket string `json:"ticket,omitempty"`
}

// SMSFactorConfirmRequest switches SMS codes on with the code just sent
// (POST /me/sms-factor/confirm).
type SMSFactorConfirmRequest struct {
	Code string `json:"code"`
}

// StepUpWindow is how long a fresh second factor allows sensitive actions.
const StepUpWindow = 5 * time.Minute

// More journal event kinds.
const (
	JournalFactorAdded     = "auth.factor_added"
	JournalFactorRemoved   = "auth.factor_removed"
	JournalRecoveryUsed    = "auth.recovery_code_used"
	JournalRecoveryRenewed = "auth.recovery_codes_renewed"
	JournalSecondFactor    = "auth.second_factor_failed"
	JournalFactorLocked    = "auth.second_factor_locked"
	JournalStepUp          = "auth.step_up"
)

// ContactChangeRequest starts changing the phone or the e-mail (POST
// /me/contact): a code goes to the new one. An account with a second
// factor needs a fresh step-up; one without gives its password.
type ContactChangeRequest struct {
	Channel  string `json:"channel"` // "sms" (the phone) or "email"
	Value    string `json:"value"`
	Password string `json:"password,omitempty"`
}

// Normalize puts the new contact in canonical form (when it parses).
func (r *ContactChangeRequest) Normalize() {
	switch r.Channel {
	case ChannelSMS:
		if p, err := NormalizePhone(r.Value); err == nil {
			r.Value = p
		}
	case ChannelEmail:
		if e, err := NormalizeEmail(r.Value); err == nil {
			r.Value = e
		}
	}
}

// Validate checks the new contact.
func (r ContactChangeRequest) Validate() error {
	var f Fields
	switch r.Channel {
	case ChannelSMS:
		_, err := NormalizePhone(r.Value)
		f.Check("value", err)
	case ChannelEmail:
		_, err := NormalizeEmail(r.Value)
		f.Check("value", err)
	default:
		f.Add("channel", CodeChannel)
	}
	if len(r.Password) > PasswordMax {
		f.Add("password", CodePasswordLong)
	}
	return f.Err()
}

// More journal event kinds.
const JournalContactChanged = "account.contact_changed"

// CodeContactSame: the new contact is the one the account has.
const CodeContactSame Code = "contact_same"

func contactClasses() map[Code]Class {
	return map[Code]Class{CodeContactSame: ClassInvalid}
}
