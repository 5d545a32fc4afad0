// The passport scan of Р21001: a document of the person's «Мои
// документы» (the document layer, server/documents), which the filing
// refers to by id and the registry officer opens from the desk.

package ip

import (
	"context"
	"io"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	serverdocs "kabinet/server/documents"
	"kabinet/shared"
	"kabinet/shared/documents"
	"kabinet/shared/i18n"
	sharedip "kabinet/shared/ip"
)

// Files is the document layer as the filings use it: one of the
// person's own documents (another person's is shared.CodeNotFound), and
// the registry's decisions delivered to the person's «Входящие».
type Files interface {
	Card(ctx context.Context, accountID, id string, lang i18n.Lang) (documents.Card, error)
	Open(ctx context.Context, accountID, documentID string) (io.ReadCloser, error)
	Upload(ctx context.Context, accountID, name string, body io.Reader, m api.Meta) (documents.Document, error)
	Deliver(ctx context.Context, tx bun.IDB, d serverdocs.Delivery, m api.Meta) (string, error)
}

// scanTypes are the types a passport scan may have.
var scanTypes = []documents.Type{documents.TypePDF, documents.TypeJPEG, documents.TypePNG}

// checkScan checks that the scan a Р21001 names is one of the filer's
// own documents, of a type a scan has: the id comes from the browser.
func (s *Service) checkScan(ctx context.Context, accountID, id string) error {
	if id == "" {
		return nil
	}
	if s.Files == nil {
		return fieldErr("passportScan", shared.CodeNotFound)
	}
	c, err := s.Files.Card(ctx, accountID, id, i18n.RU)
	if shared.ErrorCode(err) == shared.CodeNotFound {
		return fieldErr("passportScan", shared.CodeNotFound)
	}
	if err != nil {
		return err
	}
	for _, t := range scanTypes {
		if c.Type == t {
			return nil
		}
	}
	return fieldErr("passportScan", sharedip.CodeScanType)
}

// Attachment is a filing's attached document as the officer downloads it.
type Attachment struct {
	Name string
	Type documents.Type
	Body io.ReadCloser
}

// OfficeScan opens the passport scan of a submitted Р21001 for the
// registry officer: the applicant's document, read as its owner's.
func (s *Service) OfficeScan(ctx context.Context, filingID string) (Attachment, error) {
	f, err := filingByID(ctx, s.db, filingID, false)
	if err != nil {
		return Attachment{}, err
	}
	if f.Status == sharedip.StatusDraft || f.Form != sharedip.FormRegistration || s.Files == nil {
		return Attachment{}, shared.E(shared.CodeNotFound)
	}
	v, err := answersOf(f.Form, f.Answers)
	if err != nil {
		return Attachment{}, err
	}
	id := v.(*sharedip.Registration).PassportScan
	if !api.ValidUUID(id) {
		return Attachment{}, shared.E(shared.CodeNotFound)
	}
	c, err := s.Files.Card(ctx, f.AccountID, id, i18n.RU)
	if err != nil {
		return Attachment{}, err
	}
	body, err := s.Files.Open(ctx, f.AccountID, id)
	if err != nil {
		return Attachment{}, err
	}
	return Attachment{Name: c.Name, Type: c.Type, Body: body}, nil
}
