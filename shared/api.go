package shared

import (
	"strings"
	"time"
)

// API paths, relative to the server root. The browser client and the Fiber
// router both use these constants.
const (
	APIPrefix = "/api/v1"

	// AppHeader must accompany every state-changing request (with a
	// same-origin Origin); together with SameSite cookies it stops CSRF.
	AppHeader      = "X-Kabinet-Client"
	AppHeaderValue = "web"

	// IssuedPath is where the documents the portal issues (server/docs)
	// download, under APIPrefix: apart from the uploads at /documents/{id}.
	IssuedPath = "/documents/issued/"
)

// Level is an account's level of trust (ЕСИА model).
type Level string

const (
	LevelSimplified Level = "simplified" // phone and e-mail confirmed
	LevelStandard   Level = "standard"   // passport and СНИЛС given and checked
	LevelConfirmed  Level = "confirmed"  // identity confirmed in person or by e-signature
)

// Status is an account's status; every status but active carries a reason.
type Status string

const (
	StatusActive      Status = "active"
	StatusPending     Status = "pending"      // contacts not confirmed yet: reference only
	StatusBlocked     Status = "blocked"      // no access, reason from the back office
	StatusNeedsUpdate Status = "needs_update" // data must be updated (e.g. passport expired)
)

// Moscow is the time zone of dates shown to people and of deadlines
// (UTC+3 all year since 2014; a fixed zone needs no tz database in WASM).
var Moscow = time.FixedZone("MSK", 3*60*60)

// Reasons the system itself gives for a status (staff give theirs in
// words). The catalogue has a text for each under "reason." + the code;
// ReasonText in the UI shows that text, or a staff member's words as they are.
const (
	ReasonContactsNotConfirmed = "contacts_not_confirmed"
	ReasonPassportExpired      = "passport_expired"
)

// Staff roles of the back office.
const (
	RoleOperator   = "operator"    // service-centre operator: confirms identities
	RoleTaxOfficer = "tax_officer" // tax office: the self-employed payers, their payments and statuses
	// The registry office: filings to ЕГРИП (Р21001, Р24001, Р26001).
	RoleRegistryOfficer = "registry_officer"
	RoleAdmin           = "admin"
)

// What the back office refuses whatever a role permits.
const (
	CodeOwnCase    Code = "own_case"    // a staff member's own account, filing, payment or sending: another decides
	CodeStaffPeer  Code = "staff_peer"  // another staff member's account: only an administrator manages it
	CodeKioskStaff Code = "kiosk_staff" // the back office never opens on a kiosk
)

func staffClasses() map[Code]Class {
	return map[Code]Class{CodeOwnCase: ClassForbidden, CodeStaffPeer: ClassForbidden, CodeKioskStaff: ClassForbidden}
}

// Permissions checked by the server (and used by the UI to show actions).
const (
	PermPeopleRead    = "people.read"
	PermPeopleConfirm = "people.confirm"
	PermPeopleBlock   = "people.block"
)

// Passport is a Russian internal passport.
type Passport struct {
	Series       string `json:"series"`       // 4 digits
	Number       string `json:"number"`       // 6 digits
	IssuedOn     string `json:"issuedOn"`     // YYYY-MM-DD
	IssuedBy     string `json:"issuedBy"`     // issuing authority
	DivisionCode string `json:"divisionCode"` // NNN-NNN
}

// Account is a person account as its owner (and the back office) sees it.
type Account struct {
	ID             string    `json:"id"`
	LastName       string    `json:"lastName"`
	FirstName      string    `json:"firstName"`
	MiddleName     string    `json:"middleName,omitempty"`
	BirthDate      string    `json:"birthDate,omitempty"` // YYYY-MM-DD
	Phone          string    `json:"phone"`               // +7XXXXXXXXXX
	PhoneConfirmed bool      `json:"phoneConfirmed"`
	Email          string    `json:"email"`
	EmailConfirmed bool      `json:"emailConfirmed"`
	Lang           string    `json:"lang,omitempty"` // "ru" or "en": the language of messages
	INN            string    `json:"inn,omitempty"`
	SNILS          string    `json:"snils,omitempty"` // 11 digits, no separators
	Passport       *Passport `json:"passport,omitempty"`
	Level          Level     `json:"level"`
	Status         Status    `json:"status"`
	StatusReason   string    `json:"statusReason,omitempty"`
	ConfirmedAt    time.Time `json:"confirmedAt,omitzero"`
	CreatedAt      time.Time `json:"createdAt"`
	Roles          []string  `json:"roles,omitempty"`       // staff roles
	Permissions    []string  `json:"permissions,omitempty"` // staff permissions
}

// FullName is the person's names as printed: «Иванов Иван Иванович».
func (a Account) FullName() string {
	return strings.TrimSpace(strings.Join([]string{a.LastName, a.FirstName, a.MiddleName}, " "))
}

// Can reports whether the account holds the staff permission.
func (a Account) Can(perm string) bool {
	for _, p := range a.Permissions {
		if p == perm {
			return true
		}
	}
	return false
}

// SessionInfo describes the caller's session. The client runs its idle
// timer from IdleExpiresAt relative to ServerTime (clocks may differ).
type SessionInfo struct {
	Account       Account   `json:"account"`
	Methods       []string  `json:"methods"` // how this session signed in: "password", ...
	IdleExpiresAt time.Time `json:"idleExpiresAt"`
	ExpiresAt     time.Time `json:"expiresAt"` // absolute lifetime
	ServerTime    time.Time `json:"serverTime"`
	WarnSeconds   int       `json:"warnSeconds"`           // show the warning this long before idle expiry
	StepUpUntil   time.Time `json:"stepUpUntil,omitzero"`  // sensitive actions allowed until then
	NeedsFactor   bool      `json:"needsFactor,omitempty"` // must enrol a second factor before the cabinets
	// SecondFactor: the session proved more than a password; the back
	// office answers CodeFactorRequired to staff sessions without it.
	SecondFactor bool   `json:"secondFactor,omitempty"`
	Kiosk        *Kiosk `json:"kiosk,omitempty"` // a session on a service centre's kiosk
}

// Staff reports whether the back office lets the session use perm: the
// account holds it and the session proved a second factor (the server's
// rule, so the pages neither call nor show what it would refuse).
func (s SessionInfo) Staff(perm string) bool { return s.SecondFactor && s.Account.Can(perm) }

// Challenge is a one-time code sent to a phone or an e-mail.
type Challenge struct {
	ID           string    `json:"id"`
	Channel      string    `json:"channel"`     // "sms" or "email"
	Destination  string    `json:"destination"` // masked: +7 912 ***-**-89, i***@mail.ru
	ExpiresAt    time.Time `json:"expiresAt"`
	ResendAt     time.Time `json:"resendAt"`
	AttemptsLeft int       `json:"attemptsLeft"`
}

// Channels of one-time codes.
const (
	ChannelSMS   = "sms"
	ChannelEmail = "email"
)

// RegisterRequest creates a person account (POST /register).
type RegisterRequest struct {
	LastName   string `json:"lastName"`
	FirstName  string `json:"firstName"`
	MiddleName string `json:"middleName"`
	Phone      string `json:"phone"`
	Email      string `json:"email"`
	Password   string `json:"password"`
	// Consent to the processing of personal data under the policy of
	// PrivacyPolicyVersion: required.
	Consent bool `json:"consent"`
}

// RegisterResponse carries the two challenges to confirm.
type RegisterResponse struct {
	AccountID string    `json:"accountId"`
	Phone     Challenge `json:"phone"`
	Email     Challenge `json:"email"`
}

// VerifyRequest answers a challenge (POST /verify).
type VerifyRequest struct {
	ChallengeID string `json:"challengeId"`
	Code        string `json:"code"`
}

// VerifyResponse tells what the code confirmed.
type VerifyResponse struct {
	Channel string `json:"channel"`
	Status  Status `json:"status"` // the account's status afterwards
	// SignedIn: this code ended the registration, and the answer set the
	// cookie of the account's first session.
	SignedIn bool `json:"signedIn,omitempty"`
}

// ResendRequest asks for a new code for a challenge (POST /verify/resend).
type ResendRequest struct {
	ChallengeID string `json:"challengeId"`
}

// ChallengeRequest looks up a challenge (GET /verify/{id}) — no body.

// LoginRequest signs in with a password (POST /login). Login is a phone,
// an e-mail, an ИНН or a СНИЛС.
type LoginRequest struct {
	Login    string `json:"login"`
	Password string `json:"password"`
}

// RecoverStartRequest starts password recovery (POST /recover/start). The
// answer is the same whether or not the account exists.
type RecoverStartRequest struct {
	Login   string `json:"login"`
	Channel string `json:"channel"` // "sms" or "email"
}

// RecoverFinishRequest sets a new password with the code (POST /recover/finish).
type RecoverFinishRequest struct {
	ChallengeID string `json:"challengeId"`
	Code        string `json:"code"`
	Password    string `json:"password"`
}

// ProfileRequest updates the owner's personal data (PUT /me/profile).
// Phone and e-mail change through their own confirmed flow, not here.
type ProfileRequest struct {
	LastName   string   `json:"lastName"`
	FirstName  string   `json:"firstName"`
	MiddleName string   `json:"middleName"`
	BirthDate  string   `json:"birthDate"` // YYYY-MM-DD or empty
	INN        string   `json:"inn"`
	SNILS      string   `json:"snils"`
	Passport   Passport `json:"passport"` // all empty = not given
}

// PasswordChangeRequest changes the password (POST /me/password).
type PasswordChangeRequest struct {
	Current  string `json:"current"`
	Password string `json:"password"`
}

// JournalEntry is one event of an account's journal.
type JournalEntry struct {
	ID      int64             `json:"id"`
	At      time.Time         `json:"at"`
	Kind    string            `json:"kind"` // see Journal* constants
	IP      string            `json:"ip,omitempty"`
	Device  string            `json:"device,omitempty"` // "Chrome 156, Linux"
	Details map[string]string `json:"details,omitempty"`
}

// JournalPage is one page of the journal, newest first; pass NextBefore as
// ?before= for the next page (0 = no more).
type JournalPage struct {
	Items      []JournalEntry `json:"items"`
	NextBefore int64          `json:"nextBefore,omitempty"`
	// Integrity is the chain's verification, on the first page only.
	Integrity *JournalIntegrity `json:"integrity,omitempty"`
}

// JournalIntegrity is the outcome of verifying a journal's keyed chain:
// intact up to CheckedAt, or broken at BrokenID (an entry of BrokenAt;
// zero when the entry is gone) for Reason, found first at Since.
type JournalIntegrity struct {
	Intact    bool         `json:"intact"`
	CheckedAt time.Time    `json:"checkedAt"`
	Entries   int64        `json:"entries"`
	BrokenID  int64        `json:"brokenId,omitempty"`
	BrokenAt  time.Time    `json:"brokenAt,omitzero"`
	Reason    JournalBreak `json:"reason,omitempty"`
	Since     time.Time    `json:"since,omitzero"`
}

// JournalBreak is why a journal's chain is broken (catalogue:
// "journal.break.<reason>").
type JournalBreak string

// The reasons.
const (
	JournalBreakChanged JournalBreak = "changed" // an entry's content no longer matches its link
	JournalBreakLink    JournalBreak = "link"    // entries removed or inserted before this one
	JournalBreakRemoved JournalBreak = "removed" // entries verified earlier are gone
	JournalBreakUnkeyed JournalBreak = "unkeyed" // an entry in the old unkeyed form after keyed ones
	JournalBreakCheck   JournalBreak = "check"   // the record of the last verification was forged
)

// Journal event kinds.
const (
	JournalRegistered      = "account.registered"
	JournalRegisterAttempt = "account.register_attempt" // a registration named this account's phone or e-mail
	JournalContactAttempt  = "account.contact_attempt"  // another account asked to change its contact to this account's
	JournalContactVerified = "account.contact_verified"
	JournalLogin           = "auth.login"
	JournalLoginFailed     = "auth.login_failed"
	JournalLocked          = "auth.password_locked"
	JournalLogout          = "auth.logout"
	JournalPasswordChanged = "auth.password_changed"
	JournalPasswordReset   = "auth.password_reset"
	JournalProfileChanged  = "account.profile_changed"
	JournalConfirmed       = "account.confirmed"
	JournalBlocked         = "account.blocked"
	JournalUnblocked       = "account.unblocked"
	JournalLevelChanged    = "account.level_changed"
)

// JournalBreakAcknowledged (system chain): an operator acknowledged a
// recorded break (`kabinet journal acknowledge`).
const JournalBreakAcknowledged = "journal.break_acknowledged"

// OutboxMessage is a message the portal sent (dev outbox, GET /dev/outbox).
type OutboxMessage struct {
	ID        int64     `json:"id"`
	Channel   string    `json:"channel"` // "sms" or "email"
	To        string    `json:"to"`
	Subject   string    `json:"subject,omitempty"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"createdAt"`
}

// PeopleSearch is the back office's search result (GET /office/people?q=).
type PeopleSearch struct {
	Items []Account `json:"items"`
}

// ConfirmIdentityRequest records an in-person identity check
// (POST /office/people/{id}/confirm).
type ConfirmIdentityRequest struct {
	Document string `json:"document"` // what was checked, e.g. "паспорт 4510 123456"
	Note     string `json:"note"`
}

// StatusChangeRequest blocks or unblocks an account with a reason
// (POST /office/people/{id}/block, /unblock).
type StatusChangeRequest struct {
	Reason string `json:"reason"`
}

// Health is the answer of GET /health.
type Health struct {
	Status   string `json:"status"`   // "ok", "degraded" (database) or "journal_broken"
	Database string `json:"database"` // "ok" or the failure class
}

// ContactVerifyRequest sends (or resends) a code to the signed-in owner's
// unconfirmed phone or e-mail (POST /me/verify).
type ContactVerifyRequest struct {
	Channel string `json:"channel"` // "sms" or "email"
}

// Back-office permissions of the self-employed cabinet.
const (
	PermNPDRead   = "npd.read"   // see a payer's receipts, notices and ledger
	PermNPDManage = "npd.manage" // import bank statements, block and unblock payers
)

// Back-office permission of the ИП cabinet: the queue of ЕГРИП filings,
// their decisions and the search of ИП.
const PermIPRegistry = "ip.registry"

// Back-office permissions of the agencies' document desks. PermDocumentsDesk
// opens the desk (every /office/documents route checks it); the agency
// permissions, PermAgencyPrefix + the agency's code, say whose sendings
// the desk shows and lets the officer decide on: the server checks them on
// every sending it opens, so another agency's sending is not found.
const (
	PermDocumentsDesk  = "documents.desk"
	PermAgencyPrefix   = "documents.agency."
	PermAgencyFNS      = PermAgencyPrefix + "fns"      // ФНС России: налоговая
	PermAgencyFNSReg   = PermAgencyPrefix + "fns_reg"  // ФНС России: регистрация ЮЛ и ИП
	PermAgencyRosstat  = PermAgencyPrefix + "rosstat"  // Росстат
	PermAgencyRoszdrav = PermAgencyPrefix + "roszdrav" // Росздравнадзор: лицензии
	PermAgencyMCHS     = PermAgencyPrefix + "mchs"     // МЧС России: лицензии
)

// Staff roles of the agencies' document desks: an officer of one agency.
const (
	RoleOfficerFNS      = "officer_fns"
	RoleOfficerFNSReg   = "officer_fns_reg"
	RoleOfficerRosstat  = "officer_rosstat"
	RoleOfficerRoszdrav = "officer_roszdrav"
	RoleOfficerMCHS     = "officer_mchs"
)

// RolePermissions is the back office's permission matrix: what each staff
// role may do. The server checks it on every office request.
var RolePermissions = map[string][]string{
	RoleOperator:        {PermPeopleRead, PermPeopleConfirm, PermPeopleBlock, PermKiosksManage},
	RoleTaxOfficer:      {PermNPDRead, PermNPDManage},
	RoleRegistryOfficer: {PermIPRegistry},
	RoleOfficerFNS:      {PermDocumentsDesk, PermAgencyFNS},
	RoleOfficerFNSReg:   {PermDocumentsDesk, PermAgencyFNSReg},
	RoleOfficerRosstat:  {PermDocumentsDesk, PermAgencyRosstat},
	RoleOfficerRoszdrav: {PermDocumentsDesk, PermAgencyRoszdrav},
	RoleOfficerMCHS:     {PermDocumentsDesk, PermAgencyMCHS},
	RoleAdmin: {PermPeopleRead, PermPeopleConfirm, PermPeopleBlock, PermKiosksManage, PermNPDRead, PermNPDManage, PermIPRegistry,
		PermDocumentsDesk, PermAgencyFNS, PermAgencyFNSReg, PermAgencyRosstat, PermAgencyRoszdrav, PermAgencyMCHS},
}

// PermissionsOf returns the union of the roles' permissions, in a stable order.
func PermissionsOf(roles []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range roles {
		for _, p := range RolePermissions[r] {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}
