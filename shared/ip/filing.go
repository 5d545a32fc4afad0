package ip

import (
	"encoding/json"
	"time"

	"kabinet/shared"
)

// Forms a person files.
const (
	FormRegistration = "P21001" // Р21001: registration as an ИП
	FormChange       = "P24001" // Р24001: changes to the record
	FormClosure      = "P26001" // Р26001: the ИП stops
)

// Forms are the forms, in order.
var Forms = []string{FormRegistration, FormChange, FormClosure}

// Statuses of a filing: черновик → отправлено → на рассмотрении →
// зарегистрировано / отказ / требуются дополнения (answered: back to на
// рассмотрении).
const (
	StatusDraft      = "draft"
	StatusSubmitted  = "submitted"
	StatusInReview   = "in_review"
	StatusRegistered = "registered"
	StatusRefused    = "refused"
	StatusAdditions  = "additions" // требуются дополнения
)

// Open reports whether a filing with the status waits for the registry.
func Open(status string) bool {
	return status == StatusSubmitted || status == StatusInReview || status == StatusAdditions
}

// RefusalReasons are the legal grounds of a refusal (129-ФЗ art. 23),
// each with its text "ip.refusal." + code in the catalogue.
var RefusalReasons = []string{
	"documents_missing",  // не представлены необходимые документы (п. 1 «а»)
	"wrong_authority",    // документы представлены в ненадлежащий регистрирующий орган (п. 1 «б»)
	"already_registered", // физическое лицо уже зарегистрировано как ИП (п. 1 «в»)
	"court_ban",          // запрет заниматься предпринимательской деятельностью (п. 1 «г»)
	"excluded_recently",  // не истёк год после исключения / банкротства (п. 1 «д», «е»)
	"unreliable_data",    // недостоверные сведения (п. 1 «р»)
	"signature_invalid",  // документы подписаны неуполномоченным лицом (п. 1 «ж»)
}

// CreateFilingRequest starts a draft (POST /ip/filings).
type CreateFilingRequest struct {
	Form string `json:"form"`
}

// DraftRequest saves a draft as the person types (PUT
// /ip/filings/{id}/draft): the step reached and the answers so far, one
// of Registration, Change or Closure by the filing's form.
type DraftRequest struct {
	Step    int             `json:"step"`
	Answers json.RawMessage `json:"answers"`
}

// Registration are the answers of Р21001.
type Registration struct {
	LastName     string          `json:"lastName"`
	FirstName    string          `json:"firstName"`
	MiddleName   string          `json:"middleName,omitempty"`
	BirthDate    string          `json:"birthDate"`
	BirthPlace   string          `json:"birthPlace"`
	INN          string          `json:"inn"`
	Passport     shared.Passport `json:"passport"`
	Address      Address         `json:"address"`
	MainOKVED    string          `json:"mainOkved"`
	OtherOKVED   []string        `json:"otherOkved,omitempty"`
	Regime       string          `json:"regime"`
	Email        string          `json:"email"`
	Phone        string          `json:"phone"`
	PassportScan string          `json:"passportScan,omitempty"` // a document's id (docs)
}

// Change are the answers of Р24001: only what changes.
type Change struct {
	AddOKVED    []string         `json:"addOkved,omitempty"`
	RemoveOKVED []string         `json:"removeOkved,omitempty"`
	MainOKVED   string           `json:"mainOkved,omitempty"` // a new main code
	Passport    *shared.Passport `json:"passport,omitempty"`
	Address     *Address         `json:"address,omitempty"`
}

// Closure are the answers of Р26001.
type Closure struct {
	// Acknowledged: the person read the warnings (ЕНС debt, open filings)
	// and closes anyway.
	Acknowledged bool `json:"acknowledged"`
}

// Event is one step of a filing's timeline.
type Event struct {
	At     time.Time `json:"at"`
	Status string    `json:"status"`
	By     string    `json:"by"`               // "applicant" or "registry"
	Reason string    `json:"reason,omitempty"` // a refusal's code from RefusalReasons
	Text   string    `json:"text,omitempty"`
	Method string    `json:"method,omitempty"` // how a submission was signed
	// Document is the decision as a PDF (GET /documents/{id}): the record
	// sheet of a registration, or the refusal.
	Document string `json:"document,omitempty"`
}

// Filing is a filing as its author sees it.
type Filing struct {
	ID          string          `json:"id"`
	Number      string          `json:"number,omitempty"` // given at submission
	Form        string          `json:"form"`
	Status      string          `json:"status"`
	Step        int             `json:"step"`
	Answers     json.RawMessage `json:"answers"`
	CreatedAt   time.Time       `json:"createdAt"`
	SubmittedAt time.Time       `json:"submittedAt,omitzero"`
	DueOn       string          `json:"dueOn,omitempty"`    // the registry's deadline, YYYY-MM-DD
	Warnings    []string        `json:"warnings,omitempty"` // catalogue keys (Р26001)
	Timeline    []Event         `json:"timeline"`
}

// FilingList is the person's filings (GET /ip/filings).
type FilingList struct {
	Items []Filing `json:"items"`
}

// SubmitRequest is the body of POST /ip/filings/{id}/submit when the
// filing is signed with the «Ключ Кабинета»: the document of «Мои
// документы» that POST /ip/filings/{id}/document made of the answers,
// signed through the signature layer. No body: the step-up ПЭП.
type SubmitRequest struct {
	Document string `json:"document"`
}

// AnswerRequest is the person's answer to «требуются дополнения»
// (POST /ip/filings/{id}/answer).
type AnswerRequest struct {
	Text string `json:"text"`
}

// DecisionRequest is a registry officer's refusal (reason and text) or
// request for additions (text) (POST /office/ip/filings/{id}/refuse,
// /additions).
type DecisionRequest struct {
	Reason string `json:"reason,omitempty"`
	Text   string `json:"text"`
}

// QueueItem is a filing in the registry officer's queue.
type QueueItem struct {
	ID          string    `json:"id"`
	Number      string    `json:"number"`
	Form        string    `json:"form"`
	Status      string    `json:"status"`
	Applicant   string    `json:"applicant"` // ФИО
	INN         string    `json:"inn"`
	SubmittedAt time.Time `json:"submittedAt"`
	DueOn       string    `json:"dueOn"`
	Overdue     bool      `json:"overdue"`
	AgeDays     int       `json:"ageDays"`
}

// Queue is GET /office/ip/filings: overdue first, then by deadline.
type Queue struct {
	Items []QueueItem `json:"items"`
}

// OfficeFiling is a filing as the registry officer opens it: the filing,
// who filed it, the record it changes (none for Р21001), and, for a
// filing signed with the «Ключ Кабинета», its signature checked again.
type OfficeFiling struct {
	Filing    Filing    `json:"filing"`
	Applicant string    `json:"applicant"`
	INN       string    `json:"inn"`
	Record    *Record   `json:"record,omitempty"`
	KeyCheck  *KeyCheck `json:"keyCheck,omitempty"`
}

// KeyCheck is a key signature checked when the officer opened the
// filing: still valid over these answers, or not, and when.
type KeyCheck struct {
	Valid bool      `json:"valid"`
	At    time.Time `json:"at"`
}

// OfficeRecord is an ИП as the registry officer sees it (GET
// /office/ip/records/{inn}): the record and the filings under its ИНН.
type OfficeRecord struct {
	Record  Record   `json:"record"`
	Filings []Filing `json:"filings"`
}

// SearchResult is GET /office/ip/search?q=: ИП by ИНН, ОГРНИП or name.
type SearchResult struct {
	Items []shared.RegistryEntry `json:"items"`
}
