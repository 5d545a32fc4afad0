// Signing a filing with the «Ключ Кабинета»: the filing's answers become
// an XML document of «Мои документы», which the person signs as any
// document (server/signature's CAdES, prepared and completed through
// the document layer); the submission names that document, and the
// server checks that it is these answers and bears a valid key
// signature of the person.

package ip

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/derrors"
	"kabinet/shared"
	"kabinet/shared/documents"
	"kabinet/shared/i18n"
	sharedip "kabinet/shared/ip"
)

// MethodKey is the signing method of a filing signed with the «Ключ
// Кабинета».
const MethodKey = "key"

// filingXML is what a key signs: the form, the filing and its answers as
// stored, so that the same answers give the same bytes.
func filingXML(f *filingRow) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	fmt.Fprintf(&b, "<filing form=%q id=%q>", f.Form, f.ID)
	_ = xml.EscapeText(&b, f.Answers)
	b.WriteString("</filing>\n")
	return b.Bytes()
}

// FilingDocument makes the draft's answers, complete and valid, a
// document of the person's «Мои документы» for signing with the key.
func (s *Service) FilingDocument(ctx context.Context, accountID, id string, m api.Meta) (documents.Document, error) {
	f, err := filingOf(ctx, s.db, accountID, id, false)
	if err != nil {
		return documents.Document{}, err
	}
	if f.Status != sharedip.StatusDraft {
		return documents.Document{}, shared.E(sharedip.CodeFilingState)
	}
	v, err := answersOf(f.Form, f.Answers)
	if err != nil {
		return documents.Document{}, err
	}
	if err := v.Validate(true, s.now().In(shared.Moscow)); err != nil {
		return documents.Document{}, err
	}
	if s.Files == nil {
		return documents.Document{}, shared.E(sharedip.CodeNotKeySigned)
	}
	return s.Files.Upload(ctx, accountID, "Заявление "+formName(f.Form)+".xml", bytes.NewReader(filingXML(f)), m)
}

// keySignature checks the document a submission names: the person's,
// the filing's answers as they are now, with a valid key signature.
func (s *Service) keySignature(ctx context.Context, accountID string, f *filingRow, docID string) (Signature, error) {
	if s.Files == nil {
		return Signature{}, shared.E(sharedip.CodeNotKeySigned)
	}
	c, err := s.Files.Card(ctx, accountID, docID, i18n.RU)
	if shared.ErrorCode(err) == shared.CodeNotFound {
		return Signature{}, fieldErr("document", shared.CodeNotFound)
	}
	if err != nil {
		return Signature{}, err
	}
	sum := sha256.Sum256(filingXML(f))
	if c.SHA256 != hex.EncodeToString(sum[:]) {
		return Signature{}, shared.E(sharedip.CodeSignedOther)
	}
	for _, sig := range c.Signatures {
		if sig.Kind == documents.SignatureKey && sig.Valid {
			return Signature{Method: MethodKey, Hash: sum[:], Document: docID}, nil
		}
	}
	return Signature{}, shared.E(sharedip.CodeNotKeySigned)
}

// Holds says whether a submitted filing refers to the document: its
// passport scan, or the answers it was signed as. The document layer
// then refuses to delete it (documents.Holder). A draft holds nothing:
// its scan is checked again when it is submitted.
func (s *Service) Holds(ctx context.Context, db bun.IDB, documentID string) (held bool, err error) {
	defer derrors.Wrap(&err, "ip.Holds(%q)", documentID)
	err = db.NewRaw(`SELECT EXISTS (SELECT 1 FROM ip_filings WHERE status <> ?
		AND (signed_document = ? OR answers->>'passportScan' = ?::text))`,
		sharedip.StatusDraft, documentID, documentID).Scan(ctx, &held)
	return held, err
}
