// Package documents is the document layer on the server, shared by every
// cabinet: a person's uploaded files (the type decided by the content,
// stored once per SHA-256 behind the Blobs interface), their list and
// card, sendings to agencies with a numbered status timeline, the
// documents agencies send back («Входящие»), and the agencies' officers'
// desk in the back office. Every change is journalled and told to the
// person. It owns the tables document_blobs, document_blob_chunks,
// documents, agencies, agency_requests, sendings, sending_documents,
// sending_events and incoming_documents.
package documents

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/auth"
	"kabinet/server/notify"
	"kabinet/shared"
	"kabinet/shared/documents"
	sharedsig "kabinet/shared/signature"
)

// Accounts is the part of the account service the layer calls.
type Accounts interface {
	GetIn(ctx context.Context, db bun.IDB, id string) (shared.Account, error)
	// ConfirmedByINN finds the person an officer names by ИНН: a
	// confirmed account's id, or CodeNotFound.
	ConfirmedByINN(ctx context.Context, inn string) (string, error)
}

// Signatures is the signature layer (server/signature) as the documents
// use it: the signatures of a document the person may see. A sending
// needs each document signed, validly, in a kind its agency accepts; the
// card and the officer's desk show them. Nil (tests of the documents
// alone): no sending needs a signature and no document shows any.
//
// An incoming document is signed on its agency's behalf as it is sent
// (SignIncoming, inside the sending's transaction); the person sees that
// signature (IncomingRecords; IncomingRecordsIn for a whole list, in one
// query, of ids the documents service already found among the person's).
type Signatures interface {
	Records(ctx context.Context, accountID, documentID string) (sharedsig.RecordList, error)
	SignIncoming(ctx context.Context, db bun.IDB, officerID, incomingID string, a sharedsig.Agency, sum []byte, m api.Meta) (sharedsig.Record, error)
	IncomingRecords(ctx context.Context, accountID, incomingID string) (sharedsig.RecordList, error)
	IncomingRecordsIn(ctx context.Context, incomingIDs []string) (map[string]sharedsig.RecordList, error)
}

// Holder is a cabinet that refers to its people's documents (the ИП
// filings to a passport scan and to the signed answers): a document it
// holds may not be deleted. The portal lists the holders as it wires the
// services, so the layer learns of its users without importing them.
type Holder interface {
	Holds(ctx context.Context, db bun.IDB, documentID string) (bool, error)
}

// Deps are the services the layer uses.
type Deps struct {
	Blobs      Blobs
	Accounts   Accounts
	Notify     *notify.Service
	Journal    *audit.Journal
	Signatures Signatures
	Holders    []Holder
}

// Service runs the document layer.
type Service struct {
	db  *bun.DB
	log *slog.Logger
	Deps
	now func() time.Time
}

// New returns the service; Blobs defaults to PostgreSQL.
func New(db *bun.DB, log *slog.Logger, d Deps) *Service {
	if d.Blobs == nil {
		d.Blobs = NewPGBlobs(db)
	}
	return &Service{db: db, log: log, Deps: d, now: time.Now}
}

// Used says why a document may not be deleted: documents.CodeSent when it
// is attached to a sending, documents.CodeSigned when it was signed (the
// signature layer's document_signatures, whose records must stay
// checkable against the document), documents.CodeInUse when a Holder
// refers to it; "" when nothing holds it. Run in the deleting
// transaction (db), with the document's row locked.
func (s *Service) Used(ctx context.Context, db bun.IDB, id string) (shared.Code, error) {
	sent, signed, err := usesOf(ctx, db, id)
	switch {
	case err != nil:
		return "", err
	case sent:
		return documents.CodeSent, nil
	case signed:
		return documents.CodeSigned, nil
	}
	for _, h := range s.Holders {
		if held, err := h.Holds(ctx, db, id); err != nil || held {
			return documents.CodeInUse, err
		}
	}
	return "", nil
}

// signatures lists the document's signatures as its owner sees them.
func (s *Service) signatures(ctx context.Context, ownerID, documentID string) ([]documents.Signature, error) {
	out := []documents.Signature{}
	if s.Signatures == nil {
		return out, nil
	}
	l, err := s.Signatures.Records(ctx, ownerID, documentID)
	if err != nil {
		return nil, err
	}
	return signaturesOf(l), nil
}

// incomingSignatures lists the agency's signature of an incoming
// document as the person it was sent to sees it.
func (s *Service) incomingSignatures(ctx context.Context, accountID, id string) ([]documents.Signature, error) {
	if s.Signatures == nil {
		return []documents.Signature{}, nil
	}
	l, err := s.Signatures.IncomingRecords(ctx, accountID, id)
	if err != nil {
		return nil, err
	}
	return signaturesOf(l), nil
}

func signaturesOf(l sharedsig.RecordList) []documents.Signature {
	out := []documents.Signature{}
	for _, r := range l.Items {
		out = append(out, documents.Signature{ID: r.ID, Kind: r.Kind, Signer: r.Signer.Name, SignedAt: r.SignedAt,
			Valid: r.Status == sharedsig.StatusValid && r.Sealed})
	}
	return out
}

// staff is the officer acting at the desk: who, and the agencies whose
// sendings the officer's permissions reach.
type staff struct {
	ID       string
	Agencies []string
}

// staffOf reads the officer from the session: the agencies are those of
// the documents.agency.<code> permissions.
func staffOf(sess *auth.Session) staff {
	st := staff{ID: sess.AccountID, Agencies: []string{}}
	for _, p := range sess.Permissions() {
		if code, ok := strings.CutPrefix(p, shared.PermAgencyPrefix); ok && code != "" {
			st.Agencies = append(st.Agencies, code)
		}
	}
	return st
}

// serves reports whether the officer's desk reaches the agency.
func (st staff) serves(agency string) bool { return slices.Contains(st.Agencies, agency) }
