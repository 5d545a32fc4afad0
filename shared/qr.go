package shared

import (
	"strings"
	"time"
	"unicode/utf8"
)

// FactorQR marks a session opened by QR from the person's phone.
const FactorQR = "qr"

// KioskHeader carries a kiosk's device secret ("id.secret") on every
// request of the kiosk's browser.
const KioskHeader = "X-Kabinet-Kiosk"

// QR ticket states, as the waiting screen and the phone see them.
const (
	QRPending  = "pending"  // shown, nobody scanned it yet
	QRScanned  = "scanned"  // a phone opened it: the person is choosing the number
	QRApproved = "approved" // confirmed on the phone: the screen may finish the sign-in
	QRDenied   = "denied"   // the person declined, or chose a wrong number
	QRExpired  = "expired"  // two minutes passed
	QRConsumed = "consumed" // the screen signed in with it
)

// Kinds of a request the phone decides on: a QR code it scanned, or an
// approval sent to it after a password entered elsewhere.
const (
	QRKindScan   = "qr"
	QRKindPush   = "push"
	QRKindStepUp = "step_up" // a step-up of a session elsewhere, for one action
)

// Actions a step-up approved on the phone is for (QRRequest.Action): the
// phone says what it confirms, and the approval serves that one only.
const StepUpSignDocument = "sign_document" // a ПЭП of the document named in Subject

// Reasons of a denied QR ticket.
const (
	QRWrongNumber = "wrong_number"
	QRDeclined    = "declined"
)

// QRTicket is a QR sign-in as the showing screen holds it (POST
// /login/qr; POST /login/qr/{id}/rotate gives a new Code, QR path and
// CodeUntil). Secret binds the ticket to this browser: only it can wait
// for and finish the sign-in; it is sent once and never shown.
type QRTicket struct {
	ID        string    `json:"id"`
	Secret    string    `json:"secret,omitempty"`
	URL       string    `json:"url"`    // what the QR code encodes: PUBLIC_URL/qr?c=CODE
	QRPath    string    `json:"qrPath"` // SVG path data of the dark modules (qrcode.Path)
	QRSize    int       `json:"qrSize"` // the path's square viewBox, in modules with the quiet zone
	Number    int       `json:"number"` // shown large: the person picks it on the phone
	CodeUntil time.Time `json:"codeUntil"`
	ExpiresAt time.Time `json:"expiresAt"`
	Kiosk     *Kiosk    `json:"kiosk,omitempty"` // when the screen is a registered kiosk
}

// QRSecretRequest proves the caller is the browser showing the ticket
// (POST /login/qr/{id}/rotate, /wait, /finish).
type QRSecretRequest struct {
	Secret string `json:"secret"`
	Seen   string `json:"seen,omitempty"` // /wait: the state the screen shows now
}

// QRStatus is the ticket's state (POST /login/qr/{id}/wait answers it as
// soon as it changes, or after a while unchanged).
type QRStatus struct {
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"` // of a denial
}

// QRScanRequest is the phone opening a scanned code (POST /me/qr/scan).
type QRScanRequest struct {
	Code string `json:"code"`
}

// QRRequest is what the phone shows about a sign-in it is asked to allow.
type QRRequest struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"` // QRKindScan or QRKindPush: what the phone tells the person
	Kiosk     *Kiosk    `json:"kiosk,omitempty"`
	Device    string    `json:"device"` // browser and system of the screen
	IP        string    `json:"ip"`
	Place     string    `json:"place"` // approximate place, or "" when unknown
	Choices   []int     `json:"choices"`
	ExpiresAt time.Time `json:"expiresAt"`
	// A step-up (QRKindStepUp): what it confirms, of what (a document's
	// name) and the start of that document's SHA-256 as the phone shows
	// it ("3f2a 9c10 77de 01b4 …", to compare with the document's card).
	Action      string `json:"action,omitempty"`
	Subject     string `json:"subject,omitempty"`
	SubjectHash string `json:"subjectHash,omitempty"`
}

// QRApproveRequest allows the sign-in (POST /me/qr/{id}/approve) with the
// number the person sees on the big screen and, unless the phone's
// session proved a second factor within StepUpWindow, a second factor.
type QRApproveRequest struct {
	Number int                  `json:"number"`
	Factor *SecondFactorRequest `json:"factor,omitempty"`
}

// Kiosk is a self-service terminal of a service centre.
type Kiosk struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Centre     string    `json:"centre"`
	Address    string    `json:"address"`
	CreatedAt  time.Time `json:"createdAt,omitzero"`
	LastSeenAt time.Time `json:"lastSeenAt,omitzero"`
	Revoked    bool      `json:"revoked,omitempty"`
}

// KioskList is the back office's list of kiosks (GET /office/kiosks).
type KioskList struct {
	Items []Kiosk `json:"items"`
}

// KioskRequest registers a kiosk (POST /office/kiosks).
type KioskRequest struct {
	Name    string `json:"name"`
	Centre  string `json:"centre"`
	Address string `json:"address"`
}

// KioskRegistered is the answer: the device secret exists only here; the
// operator opens SetupURL in the kiosk's browser, which keeps it.
type KioskRegistered struct {
	Kiosk    Kiosk  `json:"kiosk"`
	Secret   string `json:"secret"` // "id.secret", the value of KioskHeader
	SetupURL string `json:"setupUrl"`
}

// NotMeRequest signs out everywhere from a notice's link (POST /not-me).
type NotMeRequest struct {
	Token string `json:"token"`
}

// Normalize trims the fields.
func (r *KioskRequest) Normalize() {
	r.Name = strings.Join(strings.Fields(r.Name), " ")
	r.Centre = strings.Join(strings.Fields(r.Centre), " ")
	r.Address = strings.Join(strings.Fields(r.Address), " ")
}

// Validate checks the request.
func (r KioskRequest) Validate() error {
	var f Fields
	for name, v := range map[string]string{"name": r.Name, "centre": r.Centre, "address": r.Address} {
		switch v = strings.TrimSpace(v); {
		case v == "":
			f.Add(name, CodeRequired)
		case utf8.RuneCountInString(v) > 200:
			f.Add(name, CodeTooLong)
		}
	}
	return f.Err()
}

// QR and kiosk error codes.
const (
	CodeQRTaken      Code = "qr_taken"      // another phone scanned this code first
	CodeQRDenied     Code = "qr_denied"     // the sign-in was declined on the phone
	CodeKioskUnknown Code = "kiosk_unknown" // the kiosk's secret is wrong or revoked
	// CodeApprovalMismatch: a step-up approved on the phone was asked by
	// another session, or for another action or document.
	CodeApprovalMismatch Code = "approval_mismatch"
)

func qrClasses() map[Code]Class {
	return map[Code]Class{CodeQRTaken: ClassConflict, CodeQRDenied: ClassForbidden, CodeKioskUnknown: ClassForbidden,
		CodeApprovalMismatch: ClassForbidden}
}

// Permissions of the back office for kiosks.
const PermKiosksManage = "kiosks.manage"

// More journal event kinds.
const (
	JournalQRApproved   = "auth.qr_approved"   // the owner allowed a QR sign-in from the phone
	JournalQRDenied     = "auth.qr_denied"     // declined, or a wrong number chosen
	JournalNotMe        = "auth.not_me"        // "not me": every session signed out
	JournalKioskAdded   = "office.kiosk_added" // a kiosk registered (staff's journal)
	JournalKioskRevoked = "office.kiosk_revoked"
)

// FactorPush is an approval of the sign-in on the person's signed-in phone
// (in the app or by Web Push), with number matching.
const FactorPush = "push"

// PushSubscription is the browser's PushSubscription.toJSON()
// (POST /me/push), bound to the session that sends it.
type PushSubscription struct {
	Endpoint string `json:"endpoint"`
	Keys     struct {
		P256dh string `json:"p256dh"`
		Auth   string `json:"auth"`
	} `json:"keys"`
}

// Validate checks the subscription: an https endpoint (http only for a
// loopback one in development and tests) and both keys.
func (s PushSubscription) Validate() error {
	var f Fields
	switch {
	case len(s.Endpoint) > 1000:
		f.Add("endpoint", CodeTooLong)
	case !strings.HasPrefix(s.Endpoint, "https://") && !strings.HasPrefix(s.Endpoint, "http://127.0.0.1:") && !strings.HasPrefix(s.Endpoint, "http://localhost:"):
		f.Add("endpoint", CodeBadFormat)
	}
	if s.Keys.P256dh == "" || len(s.Keys.P256dh) > 200 {
		f.Add("keys.p256dh", CodeBadFormat)
	}
	if s.Keys.Auth == "" || len(s.Keys.Auth) > 100 {
		f.Add("keys.auth", CodeBadFormat)
	}
	return f.Err()
}

// PushStatus is this session's approval channel (GET /me/push).
type PushStatus struct {
	Key        string `json:"key"`        // the VAPID public key to subscribe with
	Subscribed bool   `json:"subscribed"` // this session gets sign-in requests by push
	CanApprove bool   `json:"canApprove"` // this session was opened with a second factor
}

// ApprovalList is the sign-ins waiting for this phone (GET /me/approvals).
type ApprovalList struct {
	Items []QRRequest `json:"items"`
}

// PushApproval is the screen's side of an approval on the phone (POST
// /login/second-factor/push → QRTicket without a QR; the screen waits at
// /login/qr/{id}/wait with the secret and finishes at
// /login/second-factor with Method "push" and Code = the ticket's id).
type PushApprovalRequest struct {
	Ticket string `json:"ticket"`
}

// ApprovalsWaitRequest waits for the list of approvals to differ from the
// ids the phone shows (POST /me/approvals/wait).
type ApprovalsWaitRequest struct {
	Seen []string `json:"seen"`
}
