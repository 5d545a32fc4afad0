package signature

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/auth"
	"kabinet/shared"
	sharedsig "kabinet/shared/signature"
)

// Signing a document: a ПЭП, sealed by the portal, or a «Ключ Кабинета»
// signature in two steps — the portal prepares the signed attributes, the
// browser's key signs them, the portal assembles the CMS.

// requestTTL is how long a prepared signature waits for the browser.
const requestTTL = 10 * time.Minute

// methodStepUp and methodKey are the methods recorded for a ПЭП and a
// «Ключ Кабинета» signature.
const (
	methodStepUp = "step_up"
	methodKey    = "ecdsa-p256-sha256"
)

// SignSimple signs a document with a ПЭП: the confirmed account has just
// confirmed with a second factor (the session's step-up is fresh), or
// confirms now with a step-up approved on the phone for this very
// document (req.Approval, spent here); the portal records who signed what,
// when and how, and seals the record and a CMS of the document with its
// own key.
func (s *Service) SignSimple(ctx context.Context, sess *auth.Session, documentID string, req sharedsig.SimpleRequest, m api.Meta) (sharedsig.Record, error) {
	if req.Approval == "" && !auth.Fresh(sess) {
		return sharedsig.Record{}, shared.E(shared.CodeStepUpRequired)
	}
	accountID := sess.AccountID
	acc, err := s.deps.Accounts.Get(ctx, accountID)
	if err != nil {
		return sharedsig.Record{}, err
	}
	if err := signerAccount(acc); err != nil {
		return sharedsig.Record{}, err
	}
	sum, name, err := s.documentMeta(ctx, accountID, documentID)
	if err != nil {
		return sharedsig.Record{}, err
	}
	method := methodStepUp
	if req.Approval != "" {
		if err := s.deps.Sessions.StepUpByApproval(ctx, sess, req.Approval, signPurpose(name, sum), m); err != nil {
			return sharedsig.Record{}, err
		}
		method = sharedsig.MethodPhone
	}
	at := s.now().UTC().Truncate(time.Second)
	d, err := newDraft(s.seal.cert, sum, at)
	if err != nil {
		return sharedsig.Record{}, err
	}
	cms, err := d.signWith(s.seal.key)
	if err != nil {
		return sharedsig.Record{}, err
	}
	signer := sharedsig.Signer{Name: fullName(acc), Surname: acc.LastName, GivenName: strings.TrimSpace(acc.FirstName + " " + acc.MiddleName),
		SNILS: shared.Digits(acc.SNILS), INN: shared.Digits(acc.INN)}
	r, err := s.newRecord(sharedsig.KindSimple, accountID, document(documentID), sum, signer, at, method, sharedsig.StatusValid, s.seal.cert, cms)
	if err != nil {
		return sharedsig.Record{}, err
	}
	if err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return s.record(ctx, tx, r, m) }); err != nil {
		return sharedsig.Record{}, err
	}
	return s.public(*r), nil
}

// AskPhone starts a ПЭП confirmed on the phone: the person's phone is
// asked to approve the step-up for this document, by its name and hash.
func (s *Service) AskPhone(ctx context.Context, sess *auth.Session, documentID string, m api.Meta) (shared.QRTicket, error) {
	acc, err := s.deps.Accounts.Get(ctx, sess.AccountID)
	if err != nil {
		return shared.QRTicket{}, err
	}
	if err := signerAccount(acc); err != nil {
		return shared.QRTicket{}, err
	}
	sum, name, err := s.documentMeta(ctx, sess.AccountID, documentID)
	if err != nil {
		return shared.QRTicket{}, err
	}
	return s.deps.Sessions.StartStepUpApproval(ctx, sess, signPurpose(name, sum), m)
}

// signPurpose is what the phone approves for a ПЭП: signing this document.
func signPurpose(name string, sum []byte) auth.Purpose {
	return auth.Purpose{Action: shared.StepUpSignDocument, Subject: name, SHA256: sum}
}

// documentHash is the SHA-256 of a document the person may see.
func (s *Service) documentHash(ctx context.Context, accountID, documentID string) ([]byte, error) {
	sum, _, err := s.documentMeta(ctx, accountID, documentID)
	return sum, err
}

// documentMeta is the SHA-256 and the name of a document the person may see.
func (s *Service) documentMeta(ctx context.Context, accountID, documentID string) ([]byte, string, error) {
	if !api.ValidUUID(documentID) {
		return nil, "", shared.E(shared.CodeNotFound)
	}
	sum, name, err := s.documents().Meta(ctx, accountID, documentID)
	if err != nil {
		return nil, "", err
	}
	if len(sum) != 32 {
		return nil, "", fmt.Errorf("signature: document %s has a SHA-256 of %d bytes", documentID, len(sum))
	}
	return sum, name, nil
}

// usableCertificate is one of the account's certificates that can sign now.
func (s *Service) usableCertificate(ctx context.Context, db bun.IDB, accountID, serial string) (certRow, *x509.Certificate, error) {
	r, err := certificateBySerial(ctx, db, serial)
	if err != nil {
		return r, nil, err
	}
	if r.AccountID != accountID {
		return r, nil, shared.E(sharedsig.CodeCertUnknown)
	}
	if err := r.usable(s.now()); err != nil {
		return r, nil, err
	}
	cert, err := x509.ParseCertificate(r.DER)
	if err != nil {
		return r, nil, fmt.Errorf("signature: certificate %s: %w", serial, err)
	}
	return r, cert, nil
}

// Prepare starts a «Ключ Кабинета» signature: the signed attributes for
// the browser's key to sign, kept until Complete.
func (s *Service) Prepare(ctx context.Context, accountID, documentID string, req sharedsig.PrepareRequest) (sharedsig.Prepared, error) {
	if err := req.Validate(); err != nil {
		return sharedsig.Prepared{}, err
	}
	acc, err := s.deps.Accounts.Get(ctx, accountID)
	if err != nil {
		return sharedsig.Prepared{}, err
	}
	if err := signerAccount(acc); err != nil {
		return sharedsig.Prepared{}, err
	}
	sum, err := s.documentHash(ctx, accountID, documentID)
	if err != nil {
		return sharedsig.Prepared{}, err
	}
	_, cert, err := s.usableCertificate(ctx, s.db, accountID, normalSerial(req.Serial))
	if err != nil {
		return sharedsig.Prepared{}, err
	}
	at := s.now().UTC().Truncate(time.Second)
	d, err := newDraft(cert, sum, at)
	if err != nil {
		return sharedsig.Prepared{}, err
	}
	r := requestRow{AccountID: accountID, DocumentID: documentID, Serial: serialOf(cert), SHA256: sum, SigningTime: at,
		SignedAttrs: d.attrs, ExpiresAt: s.now().Add(requestTTL).UTC().Truncate(time.Microsecond)}
	if err := insertRequest(ctx, s.db, &r); err != nil {
		return sharedsig.Prepared{}, err
	}
	return sharedsig.Prepared{ID: r.ID, DocumentSHA256: hex.EncodeToString(sum), SignedAttributes: d.attrs,
		SigningTime: at, ExpiresAt: r.ExpiresAt}, nil
}

// Complete takes the key's signature of the prepared attributes, checks
// it against the certificate and assembles and records the CMS. A wrong
// signature leaves the request to be answered again; a good one uses it.
func (s *Service) Complete(ctx context.Context, accountID, requestID string, req sharedsig.CompleteRequest, m api.Meta) (sharedsig.Record, error) {
	if err := req.Validate(); err != nil {
		return sharedsig.Record{}, err
	}
	if !api.ValidUUID(requestID) {
		return sharedsig.Record{}, shared.E(sharedsig.CodeRequestExpired)
	}
	pr, err := liveRequest(ctx, s.db, accountID, requestID)
	if err != nil {
		return sharedsig.Record{}, err
	}
	// Revoked since it was prepared: refused.
	_, cert, err := s.usableCertificate(ctx, s.db, accountID, pr.Serial)
	if err != nil {
		return sharedsig.Record{}, err
	}
	d, err := newDraft(cert, pr.SHA256, pr.SigningTime)
	if err != nil {
		return sharedsig.Record{}, err
	}
	if !bytes.Equal(d.attrs, pr.SignedAttrs) {
		return sharedsig.Record{}, fmt.Errorf("signature.Complete(%s): the attributes built again differ from those signed", requestID)
	}
	pub, ok := cert.PublicKey.(*ecdsa.PublicKey)
	if !ok {
		return sharedsig.Record{}, fmt.Errorf("signature.Complete(%s): the certificate's key is %T", requestID, cert.PublicKey)
	}
	der, ok := verifyECDSA(pub, d.attrs, req.Signature)
	if !ok {
		return sharedsig.Record{}, shared.E(sharedsig.CodeSignatureInvalid)
	}
	cms, err := d.finish(der)
	if err != nil {
		return sharedsig.Record{}, err
	}
	r, err := s.newRecord(sharedsig.KindKey, accountID, document(pr.DocumentID), pr.SHA256, signerOf(cert), pr.SigningTime, methodKey,
		sharedsig.StatusValid, cert, cms)
	if err != nil {
		return sharedsig.Record{}, err
	}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := useRequest(ctx, tx, requestID); err != nil {
			return err
		}
		return s.record(ctx, tx, r, m)
	})
	if err != nil {
		return sharedsig.Record{}, err
	}
	return s.public(*r), nil
}

// RecordExternal verifies a detached signature made elsewhere against one
// of the person's documents and keeps it with the document: one record per
// signer. A signature that does not hold is refused with its reason
// (CodeNotValid, Args[0] the status); one whose signers would take the
// document past MaxDocumentSignatures is refused whole
// (CodeTooManySignatures).
func (s *Service) RecordExternal(ctx context.Context, accountID, documentID string, sig []byte, m api.Meta) (sharedsig.RecordList, error) {
	sum, err := s.documentHash(ctx, accountID, documentID)
	if err != nil {
		return sharedsig.RecordList{}, err
	}
	docs := s.documents()
	content := Content{SHA256: sum, Open: func() (io.ReadCloser, error) { return docs.Open(ctx, accountID, documentID) }}
	v, der, certs, err := s.verify(ctx, sig, content, verifyOptions{})
	if err != nil {
		return sharedsig.RecordList{}, err
	}
	if v.Status != sharedsig.StatusValid {
		return sharedsig.RecordList{}, &shared.Error{Code: sharedsig.CodeNotValid, Args: []string{string(v.Status)}}
	}
	var out sharedsig.RecordList
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for i, sr := range v.Signers {
			at := s.now()
			if sr.SignedAt != nil {
				at = *sr.SignedAt
			}
			r, err := s.newRecord(sharedsig.KindExternal, accountID, document(documentID), sum, sr.Signer, at, sr.Algorithm, sr.Status, certs[i], der)
			if err != nil {
				return err
			}
			if err := s.record(ctx, tx, r, m); err != nil {
				return err
			}
			out.Items = append(out.Items, s.public(*r))
		}
		return nil
	})
	return out, err
}

// Verify checks a detached signature against a document for anyone (the
// verification page): who signed, when, with what, whether it holds, and
// when the portal made it and it holds, its record as a stranger may read
// it — the kind, the signer's name, the time — without the СНИЛС, the
// ИНН or the portal's ids. Whoever holds a .p7s alone, with any hash,
// must learn no more of the person than the signature itself says.
func (s *Service) Verify(ctx context.Context, sig []byte, doc Content) (sharedsig.Verification, error) {
	v, der, _, err := s.verify(ctx, sig, doc, verifyOptions{})
	if err != nil || v.Status != sharedsig.StatusValid {
		return v, err
	}
	if r, ok, err := recordByCMS(ctx, s.db, sha256Sum(der)); err != nil {
		return v, err
	} else if ok {
		rec := s.public(r)
		rec.ID, rec.DocumentID, rec.IncomingID = "", "", ""
		rec.Signer.SNILS, rec.Signer.INN = "", ""
		v.Record = &rec
	}
	return v, nil
}

// normalSerial is a serial as the tables keep it.
func normalSerial(s string) string { return strings.ToLower(s) }

func sha256Sum(b []byte) []byte {
	s := sha256.Sum256(b)
	return s[:]
}
