package signature

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/pgdriver"

	"kabinet/server/api"
	kdb "kabinet/server/db"
	"kabinet/shared"
	sharedsig "kabinet/shared/signature"
)

// The records of signatures: every signature of a document, of any kind,
// kept with the document's SHA-256, the signer, the time, the method, the
// certificate and the CMS, and sealed by the portal's key so that a row
// changed in the database no longer verifies.

// sealed is what the seal covers: every field of the record that says
// who signed what, when and how. encoding/json writes a struct's fields in
// their order, so the bytes are the same at every check.
type sealed struct {
	ID         string           `json:"id"`
	DocumentID string           `json:"documentId"`
	IncomingID string           `json:"incomingId,omitempty"` // left out for a person's document: older seals hold
	AccountID  string           `json:"accountId"`
	Kind       string           `json:"kind"`
	SHA256     string           `json:"sha256"`
	Signer     sharedsig.Signer `json:"signer"`
	SignedAt   string           `json:"signedAt"`
	Method     string           `json:"method"`
	Status     string           `json:"status"`
	Serial     string           `json:"serial"`
	CMS        string           `json:"cms"` // SHA-256 of the CMS, which holds the certificate
}

func (r *recordRow) sealedDigest() []byte {
	b, _ := json.Marshal(sealed{ID: r.ID, DocumentID: r.DocumentID, IncomingID: r.IncomingID, AccountID: r.AccountID, Kind: r.Kind,
		SHA256: hex.EncodeToString(r.SHA256), Signer: r.Signer, SignedAt: r.SignedAt.UTC().Format(time.RFC3339),
		Method: r.Method, Status: r.Status, Serial: r.Serial, CMS: hex.EncodeToString(r.CMSSHA256)})
	h := sha256.Sum256(b)
	return h[:]
}

// subject is what a record is a signature of: a person's document, or an
// incoming document (an agency's signature).
type subject struct{ document, incoming string }

func document(id string) subject { return subject{document: id} }

// newRecord makes a sealed record of a signature.
func (s *Service) newRecord(kind, accountID string, of subject, sum []byte, signer sharedsig.Signer, at time.Time, method string,
	status sharedsig.Status, cert *x509.Certificate, cms []byte) (*recordRow, error) {
	id, err := newUUID()
	if err != nil {
		return nil, err
	}
	cmsSum := sha256.Sum256(cms)
	r := &recordRow{ID: id, DocumentID: of.document, IncomingID: of.incoming, AccountID: accountID, Kind: kind, SHA256: sum,
		SignerName: signer.Name, SignerSNILS: signer.SNILS, SignerINN: signer.INN, Signer: signer,
		SignedAt: at.UTC().Truncate(time.Second), Method: method, Status: string(status),
		Serial: serialOf(cert), Issuer: issuerName(cert), Certificate: cert.Raw, CMS: cms, CMSSHA256: cmsSum[:]}
	if r.Seal, err = ecdsa.SignASN1(rand.Reader, s.seal.key, r.sealedDigest()); err != nil {
		return nil, fmt.Errorf("signature.newRecord: %w", err)
	}
	return r, nil
}

// record stores a new record with its journal entry, in db's
// transaction. A person's document holds at most MaxDocumentSignatures.
func (s *Service) record(ctx context.Context, db bun.IDB, r *recordRow, m api.Meta) error {
	if r.DocumentID != "" {
		if err := roomForSignature(ctx, db, r.DocumentID); err != nil {
			return err
		}
	}
	if err := insertRecord(ctx, db, r); err != nil {
		// The document was deleted while it was signed (another tab):
		// the insert waited on its row, then broke its foreign key.
		var pgErr pgdriver.Error
		if errors.As(err, &pgErr) && pgErr.Field('C') == "23503" {
			return shared.E(shared.CodeNotFound)
		}
		return err
	}
	details := map[string]string{"document": r.DocumentID, "kind": r.Kind, "signature": r.ID, "sha256": hex.EncodeToString(r.SHA256)}
	if r.IncomingID != "" {
		delete(details, "document")
		details["incoming"] = r.IncomingID
	}
	return s.journal(ctx, db, r.AccountID, sharedsig.JournalSigned, m, details)
}

// roomForSignature refuses a signature beyond MaxDocumentSignatures of
// the document. The count is taken under a lock of the document's
// signatures, held to the end of the transaction that inserts, or two
// signatures at once would both count one place free and both take it.
func roomForSignature(ctx context.Context, db bun.IDB, documentID string) error {
	if err := kdb.LockKey(ctx, db, "docsig:"+documentID); err != nil {
		return err
	}
	n, err := signaturesOfDocument(ctx, db, documentID)
	if err != nil {
		return err
	}
	if n >= sharedsig.MaxDocumentSignatures {
		return &shared.Error{Code: sharedsig.CodeTooManySignatures, Args: []string{strconv.Itoa(sharedsig.MaxDocumentSignatures)}}
	}
	return nil
}

func (s *Service) public(r recordRow) sharedsig.Record {
	return sharedsig.Record{ID: r.ID, DocumentID: r.DocumentID, IncomingID: r.IncomingID, Kind: r.Kind, DocumentSHA256: hex.EncodeToString(r.SHA256),
		Signer: r.Signer, SignedAt: r.SignedAt, Method: r.Method, Serial: r.Serial, Issuer: r.Issuer,
		Status: sharedsig.Status(r.Status), Sealed: ecdsa.VerifyASN1(&s.seal.key.PublicKey, r.sealedDigest(), r.Seal)}
}

// Records lists the signatures of a document the person may see.
func (s *Service) Records(ctx context.Context, accountID, documentID string) (sharedsig.RecordList, error) {
	if _, _, err := s.documents().Meta(ctx, accountID, documentID); err != nil {
		return sharedsig.RecordList{}, err
	}
	rows, err := recordsOf(ctx, s.db, "document_id", documentID)
	return s.list(rows), err
}

// IncomingRecords lists the signatures of an incoming document (the
// agency's) for the person it was sent to.
func (s *Service) IncomingRecords(ctx context.Context, accountID, incomingID string) (sharedsig.RecordList, error) {
	if _, _, err := s.documents().IncomingMeta(ctx, accountID, incomingID); err != nil {
		return sharedsig.RecordList{}, err
	}
	rows, err := recordsOf(ctx, s.db, "incoming_id", incomingID)
	return s.list(rows), err
}

// IncomingRecordsIn lists the signatures of several incoming documents in
// one query, by document (each id a key, with an empty list when unsigned).
// It checks no access: the caller (the documents service listing
// «Входящие») found every id among the person's own incoming documents.
func (s *Service) IncomingRecordsIn(ctx context.Context, incomingIDs []string) (map[string]sharedsig.RecordList, error) {
	out := make(map[string]sharedsig.RecordList, len(incomingIDs))
	for _, id := range incomingIDs {
		out[id] = sharedsig.RecordList{Items: []sharedsig.Record{}}
	}
	rows, err := recordsOfIncoming(ctx, s.db, incomingIDs)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		l := out[r.IncomingID]
		l.Items = append(l.Items, s.public(r))
		out[r.IncomingID] = l
	}
	return out, nil
}

func (s *Service) list(rows []recordRow) sharedsig.RecordList {
	out := sharedsig.RecordList{Items: make([]sharedsig.Record, len(rows))}
	for i, r := range rows {
		out.Items[i] = s.public(r)
	}
	return out
}

// Export is a signature as a .p7s file next to its document (a detached
// CMS that `openssl cms -verify` and the verification page accept), for
// those who may see the document; its name is the document's and .p7s.
func (s *Service) Export(ctx context.Context, accountID, id string) (name string, cms []byte, err error) {
	if !api.ValidUUID(id) {
		return "", nil, shared.E(shared.CodeNotFound)
	}
	r, err := recordByID(ctx, s.db, id)
	if err != nil {
		return "", nil, err
	}
	meta := s.documents().Meta
	if r.IncomingID != "" {
		meta = s.documents().IncomingMeta
	}
	if _, name, err = meta(ctx, accountID, r.DocumentID+r.IncomingID); err != nil {
		return "", nil, err
	}
	return name + ".p7s", r.CMS, nil
}

// newUUID is a random (version 4) UUID, made here because the seal covers
// the record's id before the row is written.
func newUUID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil
}
