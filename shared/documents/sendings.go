package documents

import (
	"strings"
	"time"
	"unicode/utf8"

	"kabinet/shared"
	"kabinet/shared/signature"
)

// Category is a kind of agency a person sends documents to.
type Category string

// The categories («налоговая», «регистрационная», «статистическая»,
// «лицензирующий орган»); the catalogue names each "docs.category."+code.
const (
	CategoryTax          Category = "tax"
	CategoryRegistration Category = "registration"
	CategoryStatistics   Category = "statistics"
	CategoryLicensing    Category = "licensing"
)

// Categories in the order the page offers them.
var Categories = []Category{CategoryTax, CategoryRegistration, CategoryStatistics, CategoryLicensing}

// Signature kinds an agency may accept: the signature layer's
// (shared/signature, DESIGN.md "Electronic signature").
const (
	SignatureSimple   = signature.KindSimple   // простая электронная подпись, confirmed by a step-up
	SignatureKey      = signature.KindKey      // «Ключ Кабинета»: the portal's CA, a key in the browser
	SignatureExternal = signature.KindExternal // a CMS signature made elsewhere, checked against the trust store
)

// Agency is a recipient of sendings, with the kinds of request it takes
// and the signature kinds it accepts (GET /documents/agencies). The
// agencies are data: the table agencies, seeded by the migration.
type Agency struct {
	Code       string        `json:"code"`
	Category   Category      `json:"category"`
	Name       string        `json:"name"` // in the request's language
	Requests   []RequestKind `json:"requests"`
	Signatures []string      `json:"signatures"` // Signature* constants
}

// RequestKind is a kind of request an agency takes («Налоговая декларация»).
type RequestKind struct {
	Code  string `json:"code"`
	Title string `json:"title"`
}

// Agencies is the answer of GET /documents/agencies, by category.
type Agencies struct {
	Items []Agency `json:"items"`
}

// Sending statuses: the timeline отправлено → доставлено → принято /
// отклонено / требуются дополнения; an answer to «требуются дополнения»
// makes the sending отправлено again.
const (
	SendingSent      = "sent"
	SendingDelivered = "delivered"
	SendingAccepted  = "accepted"
	SendingRejected  = "rejected"
	SendingAdditions = "additions"
)

// SendingStatuses are every status, in timeline order.
var SendingStatuses = []string{SendingSent, SendingDelivered, SendingAccepted, SendingRejected, SendingAdditions}

// Final reports whether a sending in status st takes no more changes.
func Final(st string) bool { return st == SendingAccepted || st == SendingRejected }

// Error codes of sendings and incoming documents.
const (
	CodeAgencyUnknown  shared.Code = "agency_unknown"          // field: no such agency
	CodeRequestUnknown shared.Code = "request_unknown"         // field: the agency takes no such request
	CodeTooMany        shared.Code = "documents_too_many"      // field: more than MaxAttached documents
	CodeNotSigned      shared.Code = "document_not_signed"     // a document lacks a signature the agency accepts (Args: its name)
	CodeClosed         shared.Code = "sending_closed"          // accepted or rejected: nothing more can happen
	CodeAwaitingAnswer shared.Code = "sending_awaiting_answer" // the agency asked for additions; the person answers first
	CodeNotAwaiting    shared.Code = "sending_not_awaiting"    // an answer to a sending that asked for nothing
	CodeIncomingKind   shared.Code = "incoming_kind"           // field: not decision, request, certificate or notice
)

func sendingClasses() map[shared.Code]shared.Class {
	return shared.JoinClasses(
		shared.ClassOf(shared.ClassInvalid, CodeAgencyUnknown, CodeRequestUnknown, CodeTooMany, CodeNotSigned,
			CodeIncomingKind),
		shared.ClassOf(shared.ClassConflict, CodeClosed, CodeAwaitingAnswer, CodeNotAwaiting),
	)
}

// MaxAttached is the most documents one sending or one answer carries.
const MaxAttached = 20

// MaxNote is the longest note, reason or list of what is missing.
const MaxNote = 2000

// SendRequest sends documents to an agency (POST /documents/sendings).
type SendRequest struct {
	Agency    string   `json:"agency"`
	Request   string   `json:"request"`
	Note      string   `json:"note,omitempty"`
	Documents []string `json:"documents"` // the person's document ids
}

// Validate checks the form's shape as the browser and the API do; the
// agency, the request and the documents themselves are checked by the
// server.
func (r *SendRequest) Validate() error {
	var f shared.Fields
	r.Note = strings.TrimSpace(r.Note)
	if r.Agency == "" {
		f.Add("agency", shared.CodeRequired)
	}
	if r.Request == "" {
		f.Add("request", shared.CodeRequired)
	}
	checkNote(&f, "note", r.Note, false)
	checkAttached(&f, r.Documents)
	return f.Err()
}

// AnswerRequest answers «требуются дополнения» in the same sending with a
// message and more documents (POST /documents/sendings/{id}/answer).
type AnswerRequest struct {
	Note      string   `json:"note"`
	Documents []string `json:"documents"`
}

// Validate checks the answer: at least one document; a note is optional.
func (r *AnswerRequest) Validate() error {
	var f shared.Fields
	r.Note = strings.TrimSpace(r.Note)
	checkNote(&f, "note", r.Note, false)
	checkAttached(&f, r.Documents)
	return f.Err()
}

// DecisionRequest is an officer's rejection (the reason) or request for
// additions (what is missing), told to the person as written.
type DecisionRequest struct {
	Reason string `json:"reason"`
}

// Validate requires the reason.
func (r *DecisionRequest) Validate() error {
	var f shared.Fields
	r.Reason = strings.TrimSpace(r.Reason)
	checkNote(&f, "reason", r.Reason, true)
	return f.Err()
}

// ValidateAccept checks an acceptance's note: none needed, none too long.
func (r *DecisionRequest) ValidateAccept() error {
	var f shared.Fields
	r.Reason = strings.TrimSpace(r.Reason)
	checkNote(&f, "reason", r.Reason, false)
	return f.Err()
}

func checkNote(f *shared.Fields, field, s string, required bool) {
	switch {
	case s == "" && required:
		f.Add(field, shared.CodeRequired)
	case utf8.RuneCountInString(s) > MaxNote:
		f.Add(field, shared.CodeTooLong)
	}
}

func checkAttached(f *shared.Fields, ids []string) {
	switch {
	case len(ids) == 0:
		f.Add("documents", shared.CodeRequired)
	case len(ids) > MaxAttached:
		f.Add("documents", CodeTooMany)
	}
}

// Attached is a document of a sending, with the step that added it; at
// the officer's desk, with its signatures, to check them in one look.
type Attached struct {
	Document
	AddedAt    time.Time   `json:"addedAt"`
	Signatures []Signature `json:"signatures,omitempty"`
}

// Event is one step of a sending's timeline.
type Event struct {
	Status    string    `json:"status"`         // the sending's status after the step
	Note      string    `json:"note,omitempty"` // a reason, what is missing, or the person's answer
	Documents []string  `json:"documents,omitempty"`
	At        time.Time `json:"at"`
}

// Sending is a package of documents sent to an agency, with its number
// and timeline (GET /documents/sendings/{id}).
type Sending struct {
	ID           string     `json:"id"`
	Number       string     `json:"number"`
	Agency       string     `json:"agency"`
	AgencyName   string     `json:"agencyName"`
	Category     Category   `json:"category"`
	Request      string     `json:"request"`
	RequestTitle string     `json:"requestTitle"`
	Note         string     `json:"note,omitempty"`
	Status       string     `json:"status"`
	CreatedAt    time.Time  `json:"createdAt"`
	UpdatedAt    time.Time  `json:"updatedAt"`
	Documents    []Attached `json:"documents,omitempty"`
	Events       []Event    `json:"events,omitempty"`
}

// SendingList is the answer of GET /documents/sendings, newest first
// (without documents and timelines).
type SendingList struct {
	Items []Sending `json:"items"`
}

// Kinds of incoming documents.
const (
	KindDecision    = "decision"    // решение
	KindRequest     = "request"     // требование, запрос
	KindCertificate = "certificate" // справка, выписка
	KindNotice      = "notice"      // уведомление
)

// IncomingKinds are every kind.
var IncomingKinds = []string{KindDecision, KindRequest, KindCertificate, KindNotice}

// Incoming is a document an agency sent to the person (GET
// /documents/incoming).
type Incoming struct {
	ID            string    `json:"id"`
	Kind          string    `json:"kind"`
	Title         string    `json:"title"`
	Agency        string    `json:"agency"`
	AgencyName    string    `json:"agencyName"`
	SendingID     string    `json:"sendingId,omitempty"`
	SendingNumber string    `json:"sendingNumber,omitempty"`
	Name          string    `json:"name"`
	Type          Type      `json:"type"`
	Size          int64     `json:"size"`
	SHA256        string    `json:"sha256"`
	CreatedAt     time.Time `json:"createdAt"`
	Read          bool      `json:"read"`
	// Signatures is the agency's signature, made by the portal with the
	// agency's key as the document was sent.
	Signatures []Signature `json:"signatures"`
}

// IncomingList is the answer of GET /documents/incoming, newest first.
type IncomingList struct {
	Items  []Incoming `json:"items"`
	Unread int        `json:"unread"`
}

// IncomingRequest is an officer's document sent to a person (POST
// /office/documents/incoming): in reply to a sending of the officer's
// agency, or to the person with an ИНН.
type IncomingRequest struct {
	Agency    string `json:"agency"`
	SendingID string `json:"sendingId,omitempty"`
	INN       string `json:"inn,omitempty"`
	Document  string `json:"document"` // one of the officer's uploaded documents
	Kind      string `json:"kind"`
	Title     string `json:"title"`
}

// Validate checks the form's shape.
func (r *IncomingRequest) Validate() error {
	var f shared.Fields
	r.Title, r.INN = strings.TrimSpace(r.Title), strings.TrimSpace(r.INN)
	if r.Agency == "" {
		f.Add("agency", shared.CodeRequired)
	}
	switch {
	case r.SendingID == "" && r.INN == "":
		f.Add("inn", shared.CodeRequired)
	case r.SendingID == "":
		f.Check("inn", shared.ValidatePersonINN(r.INN)) // a person's: organisations have no cabinet yet
	}
	if r.Document == "" {
		f.Add("document", shared.CodeRequired)
	}
	known := false
	for _, k := range IncomingKinds {
		known = known || k == r.Kind
	}
	if !known {
		f.Add("kind", CodeIncomingKind)
	}
	switch {
	case r.Title == "":
		f.Add("title", shared.CodeRequired)
	case utf8.RuneCountInString(r.Title) > 200:
		f.Add("title", shared.CodeTooLong)
	}
	return f.Err()
}

// QueueItem is a sending on an officer's desk, with how long it waits.
type QueueItem struct {
	Sending
	Person       string    `json:"person"` // ФИО of the sender
	WaitingSince time.Time `json:"waitingSince"`
	AgeMinutes   int64     `json:"ageMinutes"`
}

// Queue is the answer of GET /office/documents: the sendings of the
// officer's agencies waiting for a decision, oldest first. The query takes
// agency, category and status (sent, delivered, additions, accepted,
// rejected; the waiting ones by default).
type Queue struct {
	Items []QueueItem `json:"items"`
}

// OfficeSending is one sending as the officer opens it.
type OfficeSending struct {
	Sending
	Person    string `json:"person"`
	PersonINN string `json:"personInn,omitempty"`
}
