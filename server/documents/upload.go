package documents

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	kdb "kabinet/server/db"
	"kabinet/shared"
	"kabinet/shared/documents"
	"kabinet/shared/i18n"
)

// Upload stores a file the person sends: the name checked first, the
// content streamed into the blob store (at most documents.MaxSize, one
// chunk in memory at a time), its type decided by the content, and then,
// in one transaction, the bytes sealed (stored once, whoever uploaded
// them before) and the document recorded once per owner — the same bytes
// uploaded again answer the earlier document, marked Duplicate.
func (s *Service) Upload(ctx context.Context, accountID, name string, body io.Reader, m api.Meta) (documents.Document, error) {
	name = strings.TrimSpace(name)
	if err := documents.ValidateName(name); err != nil {
		return documents.Document{}, err
	}
	blob, err := s.Blobs.Put(ctx, body, documents.MaxSize)
	if errors.Is(err, ErrTooLarge) {
		return documents.Document{}, documents.FileError(documents.CodeTooLarge)
	}
	if err != nil {
		return documents.Document{}, err
	}
	var out documents.Document
	err = s.detect(ctx, blob, func(t documents.Type) error {
		return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			sealed, err := s.Blobs.Seal(ctx, tx, blob)
			if err != nil {
				return err
			}
			row, found, err := documentByBlob(ctx, tx, accountID, sealed.ID)
			if err != nil || found {
				out, out.Duplicate = row.public(), true
				return err
			}
			if err := roomFor(ctx, tx, accountID, sealed.Size); err != nil {
				return err
			}
			id, err := insertDocument(ctx, tx, accountID, sealed.ID, name, t)
			if err != nil {
				return err
			}
			if row, err = documentOf(ctx, tx, accountID, id, ""); err != nil {
				return err
			}
			out = row.public()
			return s.Journal.Append(ctx, tx, audit.Entry{AccountID: accountID, Kind: documents.JournalUploaded, IP: m.IP,
				UserAgent: m.UserAgent, Details: map[string]string{"document": id, "name": name, "type": string(t),
					"sha256": hex.EncodeToString(sealed.SHA256)}})
		})
	})
	if err != nil {
		// Unsealed again after a rollback: nothing else refers to it.
		_ = s.Blobs.Discard(context.WithoutCancel(ctx), blob)
		return documents.Document{}, err
	}
	return out, nil
}

// detect decides the blob's type and, when it is one the portal takes,
// hands it to keep.
func (s *Service) detect(ctx context.Context, blob Blob, keep func(documents.Type) error) error {
	if blob.Size == 0 {
		return documents.FileError(documents.CodeEmpty)
	}
	r, err := s.Blobs.Open(ctx, blob.ID)
	if err != nil {
		return err
	}
	t, err := Detect(storageErrors{r}, blob.Size)
	if err != nil {
		return err
	}
	return keep(t)
}

// storageErrors marks the failures of reading the store, so that Detect
// passes them on instead of calling the file damaged.
type storageErrors struct{ r io.ReaderAt }

func (s storageErrors) ReadAt(p []byte, off int64) (int, error) {
	n, err := s.r.ReadAt(p, off)
	if err != nil && err != io.EOF {
		var read readError
		if !errors.As(err, &read) {
			err = readError{err}
		}
	}
	return n, err
}

// filterOf parses the list's query: q (a part of the name, at most 100
// characters), type, status, from and to (YYYY-MM-DD).
func filterOf(q func(string) string) (filter, error) {
	f := filter{Query: strings.TrimSpace(q("q")), Type: q("type"), Status: q("status")}
	var fields shared.Fields
	for name, dst := range map[string]*time.Time{"from": &f.From, "to": &f.To} {
		if v := q(name); v != "" {
			d, err := shared.ParseDay(v, shared.Moscow)
			fields.Check(name, err)
			*dst = d
		}
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		fields.Add("to", shared.CodeBadDate)
	}
	if f.Type != "" && !documents.Type(f.Type).Known() {
		fields.Add("type", shared.CodeBadFormat)
	}
	switch f.Status {
	case "", documents.StatusUploaded, documents.StatusSigned, documents.StatusSent:
	default:
		fields.Add("status", shared.CodeBadFormat)
	}
	if len([]rune(f.Query)) > 100 {
		fields.Add("q", shared.CodeTooLong)
	}
	return f, fields.Err()
}

// List is the owner's documents that match f, newest first.
func (s *Service) List(ctx context.Context, accountID string, f filter) (documents.DocumentList, error) {
	rows, err := listDocuments(ctx, s.db, accountID, f)
	if err != nil {
		return documents.DocumentList{}, err
	}
	out := documents.DocumentList{Items: make([]documents.Document, len(rows))}
	for i, r := range rows {
		out.Items[i] = r.public()
	}
	return out, nil
}

// Card is one of the owner's documents with its sendings and history;
// another person's document is not found.
func (s *Service) Card(ctx context.Context, accountID, id string, lang i18n.Lang) (documents.Card, error) {
	if !api.ValidUUID(id) {
		return documents.Card{}, shared.E(shared.CodeNotFound)
	}
	row, err := documentOf(ctx, s.db, accountID, id, "")
	if err != nil {
		return documents.Card{}, err
	}
	sendings, err := sendingsOfDocument(ctx, s.db, id)
	if err != nil {
		return documents.Card{}, err
	}
	card := documents.Card{Document: row.public(), Sendings: make([]documents.SendingRef, len(sendings))}
	if card.Signatures, err = s.signatures(ctx, accountID, id); err != nil {
		return documents.Card{}, err
	}
	ids := make([]string, len(sendings))
	for i, r := range sendings {
		ids[i] = r.ID
		card.Sendings[i] = documents.SendingRef{ID: r.ID, Number: r.Number, Agency: pick(lang, r.NameRU, r.NameEN), Status: r.Status}
	}
	card.History, err = audit.About(ctx, s.db, accountID, map[string][]string{"document": {id}, "sending": ids}, 100)
	return card, err
}

// Delete removes one of the owner's documents, unless it was sent or
// signed (refused with that reason); its bytes go with it when nothing
// else refers to them.
func (s *Service) Delete(ctx context.Context, accountID, id string, m api.Meta) error {
	if !api.ValidUUID(id) {
		return shared.E(shared.CodeNotFound)
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		row, err := documentOf(ctx, tx, accountID, id, "FOR UPDATE OF d")
		if err != nil {
			return err
		}
		why, err := s.Used(ctx, tx, id)
		if err != nil {
			return err
		}
		if why != "" {
			return shared.E(why)
		}
		if err := deleteDocument(ctx, tx, id); err != nil {
			return err
		}
		if err := s.Blobs.Release(ctx, tx, row.BlobID); err != nil {
			return err
		}
		return s.Journal.Append(ctx, tx, audit.Entry{AccountID: accountID, Kind: documents.JournalDeleted, IP: m.IP,
			UserAgent: m.UserAgent, Details: map[string]string{"document": id, "name": row.Name}})
	})
}

// Content opens one of the owner's documents for download.
func (s *Service) Content(ctx context.Context, accountID, id string) (documentRow, BlobReader, error) {
	if !api.ValidUUID(id) {
		return documentRow{}, nil, shared.E(shared.CodeNotFound)
	}
	row, err := documentOf(ctx, s.db, accountID, id, "")
	if err != nil {
		return documentRow{}, nil, err
	}
	r, err := s.Blobs.Open(ctx, row.BlobID)
	return row, r, err
}

// roomFor refuses a file of size that would take the account's
// «Мои документы» over MaxFiles files or MaxBytes bytes (CodeFull). It
// takes the account's upload lock first, so two uploads at once count
// each other.
func roomFor(ctx context.Context, tx bun.Tx, accountID string, size int64) error {
	if err := kdb.LockKey(ctx, tx, "documents:"+accountID); err != nil {
		return err
	}
	var held struct {
		Files int   `bun:"files"`
		Bytes int64 `bun:"bytes"`
	}
	if err := tx.NewRaw(`SELECT count(*) AS files, coalesce(sum(b.size), 0) AS bytes
		FROM documents d JOIN document_blobs b ON b.id = d.blob_id WHERE d.account_id = ?`, accountID).Scan(ctx, &held); err != nil {
		return fmt.Errorf("documents.roomFor: %w", err)
	}
	if held.Files >= documents.MaxFiles || held.Bytes+size > documents.MaxBytes {
		return documents.FileError(documents.CodeFull)
	}
	return nil
}
