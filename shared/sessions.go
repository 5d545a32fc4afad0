package shared

import (
	"time"
	"unicode/utf8"
)

// Re-authentication, the session policy, staff ending a person's sessions,
// and the way back for a person who lost every second factor.

const (
	// CodeReauthRequired: an account without a second factor gives its
	// password again before a sensitive change (POST /me/reauth).
	CodeReauthRequired Code = "reauth_required"
	// CodeResetPending: a request to remove the second factors is already
	// waiting for the back office.
	CodeResetPending Code = "factor_reset_pending"
)

func sessionClasses() map[Code]Class {
	return map[Code]Class{CodeReauthRequired: ClassForbidden, CodeResetPending: ClassConflict}
}

// Journal event kinds of this file.
const (
	JournalReauth        = "auth.reauth"          // the password given again before a sensitive change
	JournalSessionLimit  = "auth.session_limit"   // the least recently used session ended by the limit
	JournalResetFiled    = "auth.reset_requested" // «нет доступа к второму фактору»: a request filed
	JournalResetApproved = "auth.reset_approved"  // staff removed every second factor after checking the passport
	JournalResetRejected = "auth.reset_rejected"  // staff refused the request
)

// ReauthRequest gives the password again (POST /me/reauth).
type ReauthRequest struct {
	Password string `json:"password"`
}

// Validate checks that the password is given.
func (r ReauthRequest) Validate() error {
	var f Fields
	if r.Password == "" {
		f.Add("password", CodeRequired)
	} else if utf8.RuneCountInString(r.Password) > PasswordMax {
		f.Add("password", CodeTooLong)
	}
	return f.Err()
}

// FactorResetRequest files «нет доступа к второму фактору» with the ticket
// of the password step (POST /login/factor-reset).
type FactorResetRequest struct {
	Ticket string `json:"ticket"`
}

// FactorReset is a pending request to remove a person's second factors,
// as the back office lists it (GET /office/factor-resets).
type FactorReset struct {
	ID        string    `json:"id"`
	AccountID string    `json:"accountId"`
	Name      string    `json:"name"`  // ФИО of the account
	Level     Level     `json:"level"` // how the identity was confirmed: what the check must match
	IP        string    `json:"ip"`
	Device    string    `json:"device"`
	CreatedAt time.Time `json:"createdAt"`
}

// FactorResetList is the answer of GET /office/factor-resets, oldest first.
type FactorResetList struct {
	Items []FactorReset `json:"items"`
}

// FactorResetDecision settles a request (POST /office/factor-resets/:id/approve
// or /reject): the document checked in person, or the reason of a refusal.
type FactorResetDecision struct {
	Document string `json:"document,omitempty"` // approve: the passport checked
	Reason   string `json:"reason,omitempty"`   // reject: why, told to the person
}

// ValidateApprove checks that the checked document is named.
func (r FactorResetDecision) ValidateApprove() error {
	var f Fields
	checkText(&f, "document", r.Document, true, 3, 200)
	return f.Err()
}

// ValidateReject checks that the reason is 5 to 500 characters.
func (r FactorResetDecision) ValidateReject() error {
	var f Fields
	checkText(&f, "reason", r.Reason, true, MinReason, MaxReason)
	return f.Err()
}
