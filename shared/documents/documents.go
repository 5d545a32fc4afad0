// Package documents is the vocabulary of the document layer that every
// cabinet uses: the file types the portal accepts, the person's documents,
// the sendings to agencies with their status timeline, the incoming
// documents from agencies and the officer's desk — the wire types, the
// error codes and the checks the browser and the API both run (the name of
// a file, its size). The type of a file is decided by its content, on the
// server only (server/documents).
package documents

import (
	"strings"
	"time"
	"unicode/utf8"

	"kabinet/shared"
)

// Type is a kind of file the portal accepts, decided by the file's
// content, never by its name or the browser's Content-Type.
type Type string

// The accepted types.
const (
	TypePDF  Type = "pdf"
	TypeDOCX Type = "docx"
	TypeXLSX Type = "xlsx"
	TypeXML  Type = "xml"
	TypeJPEG Type = "jpg"
	TypePNG  Type = "png"
)

// Types are the accepted types, in the order the page lists them.
var Types = []Type{TypePDF, TypeDOCX, TypeXLSX, TypeXML, TypeJPEG, TypePNG}

// MIME is the media type a document of t is served with.
func (t Type) MIME() string {
	switch t {
	case TypePDF:
		return "application/pdf"
	case TypeDOCX:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case TypeXLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case TypeXML:
		return "application/xml"
	case TypeJPEG:
		return "image/jpeg"
	case TypePNG:
		return "image/png"
	}
	return "application/octet-stream"
}

// Known reports whether t is one of Types.
func (t Type) Known() bool {
	for _, k := range Types {
		if k == t {
			return true
		}
	}
	return false
}

// MaxSize is the largest file the portal takes: 5 MB (MiB, as a file
// manager counts them).
const MaxSize = 5 << 20

// The most one account keeps in «Мои документы»: files and their bytes
// (a shared file counts for each account that holds it): without a bound
// one person's uploads could fill the portal's disk. What the portal
// itself puts there counts, but is never refused.
const (
	MaxFiles = 500
	MaxBytes = 500 << 20
)

// MaxNameLength is the longest file name, in characters.
const MaxNameLength = 255

// NameHeader carries the file's name on an upload (POST /documents, the
// file itself is the raw body): the name percent-encoded as UTF-8
// (encodeURIComponent in a browser, url.PathEscape in Go), because a
// header cannot carry Cyrillic as it is.
const NameHeader = "X-Document-Name"

// Error codes of the document layer. Each upload failure has its own, so
// that the page says exactly what is wrong next to the file field.
const (
	CodeType      shared.Code = "document_type"          // by its content, not PDF, DOCX, XLSX, XML, JPG or PNG
	CodeLegacy    shared.Code = "document_legacy_office" // an old binary DOC or XLS
	CodeDamaged   shared.Code = "document_damaged"       // looks like PDF, DOCX, XLSX, JPG or PNG but its structure is broken
	CodeXML       shared.Code = "document_xml"           // not well-formed XML, or in an encoding other than UTF-8 and windows-1251
	CodeTooLarge  shared.Code = "document_too_large"     // over MaxSize
	CodeEmpty     shared.Code = "document_empty"         // no bytes at all
	CodeFull      shared.Code = "document_full"          // the account keeps MaxFiles files or MaxBytes bytes already
	CodeZipBomb   shared.Code = "document_zip_bomb"      // a DOCX or XLSX that would unpack into far more than it weighs
	CodeNamePath  shared.Code = "document_name_path"     // the name holds a folder: / or \ or is . or ..
	CodeNameChars shared.Code = "document_name_chars"    // control or direction-changing characters, or not UTF-8

	CodeSigned shared.Code = "document_signed" // delete refused: the document was signed
	CodeSent   shared.Code = "document_sent"   // delete refused: the document was sent to an agency
	CodeInUse  shared.Code = "document_in_use" // delete refused: a cabinet's filing refers to it
)

// CodeClasses returns the class of every code this package declares (a
// new map: the caller may keep or change it).
func CodeClasses() map[shared.Code]shared.Class {
	return shared.JoinClasses(
		shared.ClassOf(shared.ClassInvalid, CodeType, CodeLegacy, CodeDamaged, CodeXML, CodeEmpty,
			CodeZipBomb, CodeNamePath, CodeNameChars),
		map[shared.Code]shared.Class{CodeTooLarge: shared.ClassTooLarge},
		shared.ClassOf(shared.ClassConflict, CodeSigned, CodeSent, CodeInUse, CodeFull),
		sendingClasses(),
	)
}

// ValidateName checks a file's name as the browser and the API both do:
// present, at most MaxNameLength characters, no folder in it and no
// character that hides what the name says (a control character, a
// right-to-left override that turns «fdp.exe» around). The name is the
// one the person sees and downloads again; it never becomes a path on the
// server. The error names the field "name".
func ValidateName(name string) error {
	var f shared.Fields
	switch {
	case strings.TrimSpace(name) == "":
		f.Add("name", shared.CodeRequired)
	case !utf8.ValidString(name) || strings.ContainsFunc(name, hiddenRune):
		f.Add("name", CodeNameChars)
	case strings.ContainsAny(name, `/\`) || name == "." || name == "..":
		f.Add("name", CodeNamePath)
	case utf8.RuneCountInString(name) > MaxNameLength:
		f.Add("name", shared.CodeTooLong)
	}
	if err := f.Err(); err != nil {
		code := f["name"].Code
		if code == CodeNameChars || code == CodeNamePath {
			return &shared.Error{Code: code, Fields: f}
		}
		return err
	}
	return nil
}

// hiddenRune reports characters a file name must not hold: the C0 and C1
// controls and DEL, and the Unicode direction overrides and isolates,
// which make a name read differently from what it is.
func hiddenRune(r rune) bool {
	switch {
	case r < 0x20 || r >= 0x7f && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}

// CheckSize checks a file's size before (browser) and after (server) it
// is read: not empty and not over MaxSize. The error names the field
// "file".
func CheckSize(size int64) error {
	switch {
	case size <= 0:
		return FileError(CodeEmpty)
	case size > MaxSize:
		return FileError(CodeTooLarge)
	}
	return nil
}

// FileError is an upload failure: its code, and the same code on the file
// field, so the page shows it next to the field.
func FileError(code shared.Code, args ...string) *shared.Error {
	return &shared.Error{Code: code, Args: args, Fields: map[string]shared.FieldError{"file": {Code: code}}}
}

// DownloadName is the name a document is downloaded under: its own, with
// the extension of its type added when the name ends otherwise (a PDF
// uploaded as «report.exe» downloads as «report.exe.pdf», so that the
// computer opens it for what it is).
func DownloadName(name string, t Type) string {
	ext := "." + string(t)
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ext) || t == TypeJPEG && strings.HasSuffix(lower, ".jpeg") {
		return name
	}
	return name + ext
}

// Document statuses, derived from what happened to the document.
const (
	StatusUploaded = "uploaded" // neither signed nor sent
	StatusSigned   = "signed"   // signed, not sent
	StatusSent     = "sent"     // attached to a sending
)

// Document is one of the person's files (POST /documents answers it, GET
// /documents lists them).
type Document struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Type      Type      `json:"type"`
	Size      int64     `json:"size"`
	SHA256    string    `json:"sha256"` // hex
	Status    string    `json:"status"` // Status* constants
	CreatedAt time.Time `json:"createdAt"`
	// Duplicate is set on an upload of bytes the person had uploaded
	// before: the answer is that earlier document, stored once.
	Duplicate bool `json:"duplicate,omitempty"`
}

// DocumentList is the answer of GET /documents, newest first. The query
// takes q (a part of the name), type, status, from and to (YYYY-MM-DD,
// the day of the upload in Moscow, both included).
type DocumentList struct {
	Items []Document `json:"items"`
}

// Signature is a signature of a document, as its card shows it. The
// signatures themselves are the signature layer's (server/signature:
// their records, checks and .p7s exports).
type Signature struct {
	ID       string    `json:"id"`
	Kind     string    `json:"kind"` // Signature* constants
	Signer   string    `json:"signer"`
	SignedAt time.Time `json:"signedAt"`
	// Valid: the signature held when it was made and its record is as
	// the portal sealed it.
	Valid bool `json:"valid"`
}

// SendingRef is a sending a document is attached to, on its card.
type SendingRef struct {
	ID     string `json:"id"`
	Number string `json:"number"`
	Agency string `json:"agency"` // the agency's name
	Status string `json:"status"`
}

// Card is one document with its hash, signatures, sendings and history
// (GET /documents/{id}).
type Card struct {
	Document
	Signatures []Signature           `json:"signatures"`
	Sendings   []SendingRef          `json:"sendings"`
	History    []shared.JournalEntry `json:"history"`
}

// Journal event kinds of the document layer (the person's journal; staff
// actions carry the officer as the actor).
const (
	JournalUploaded  = "documents.uploaded"
	JournalDeleted   = "documents.deleted"
	JournalSent      = "documents.sent"
	JournalDelivered = "documents.delivered"
	JournalAccepted  = "documents.accepted"
	JournalRejected  = "documents.rejected"
	JournalAdditions = "documents.additions_requested"
	JournalAnswered  = "documents.answered"
	JournalIncoming  = "documents.incoming"
)

// JournalKinds are every kind above (for the catalogue's "event."+kind).
var JournalKinds = []string{JournalUploaded, JournalDeleted, JournalSent, JournalDelivered, JournalAccepted,
	JournalRejected, JournalAdditions, JournalAnswered, JournalIncoming}
