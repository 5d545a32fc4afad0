package documents

import (
	"bytes"
	"context"
	"errors"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/shared/documents"
)

// Delivery is a document a cabinet's service puts into a person's
// «Входящие» on an agency's behalf: bytes the portal made (a registry's
// decision), not an officer's upload.
type Delivery struct {
	AccountID string
	Agency    string // agencies.code
	Kind      string // documents.Kind*
	Title     string
	Name      string // the file's name
	Type      documents.Type
	Content   []byte
	SentBy    string // the officer who decided (required)
}

// Deliver records d among the person's incoming documents in tx, the
// caller's transaction (the decision's), and journals it on the person's
// chain; the caller tells the person, in the words of its decision. The
// bytes are stored first, outside tx: when tx rolls back they stay
// unsealed until the hourly sweep (not discarded here: tx may hold the
// blob's row until it ends).
func (s *Service) Deliver(ctx context.Context, tx bun.IDB, d Delivery, m api.Meta) (string, error) {
	if !d.Type.Known() || len(d.Content) == 0 || int64(len(d.Content)) > documents.MaxSize || d.SentBy == "" {
		return "", errors.New("documents.Deliver: no content of a known type within the limit, or no officer")
	}
	blob, err := s.Blobs.Put(ctx, bytes.NewReader(d.Content), documents.MaxSize)
	if err != nil {
		return "", err
	}
	sealed, err := s.Blobs.Seal(ctx, tx, blob)
	if err != nil {
		return "", err
	}
	id, err := insertIncoming(ctx, tx, newIncoming{AccountID: d.AccountID, Agency: d.Agency, BlobID: sealed.ID,
		Kind: d.Kind, Title: d.Title, Name: d.Name, Type: string(d.Type), SentBy: d.SentBy})
	if err != nil {
		return "", err
	}
	return id, s.Journal.Append(ctx, tx, audit.Entry{AccountID: d.AccountID, Kind: documents.JournalIncoming, ActorID: d.SentBy,
		IP: m.IP, UserAgent: m.UserAgent, Details: map[string]string{"incoming": id, "agency": d.Agency, "kind": d.Kind, "title": d.Title}})
}
