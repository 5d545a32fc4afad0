package documents

import (
	"context"

	"kabinet/server/api"
	"kabinet/shared"
	"kabinet/shared/documents"
	"kabinet/shared/i18n"
)

// Incoming lists what agencies sent to the person, newest first, with the
// number not yet opened.
func (s *Service) Incoming(ctx context.Context, accountID string, lang i18n.Lang) (documents.IncomingList, error) {
	rows, unread, err := listIncoming(ctx, s.db, accountID)
	if err != nil {
		return documents.IncomingList{}, err
	}
	out := documents.IncomingList{Items: make([]documents.Incoming, len(rows)), Unread: unread}
	ids := make([]string, len(rows))
	for i, r := range rows {
		out.Items[i], ids[i] = r.public(lang), r.ID
		out.Items[i].Signatures = []documents.Signature{}
	}
	if s.Signatures == nil || len(ids) == 0 {
		return out, nil
	}
	// One query for the whole list: every id is the person's (listIncoming).
	byID, err := s.Signatures.IncomingRecordsIn(ctx, ids)
	if err != nil {
		return documents.IncomingList{}, err
	}
	for i, id := range ids {
		out.Items[i].Signatures = signaturesOf(byID[id])
	}
	return out, nil
}

// IncomingItem is one of the person's incoming documents; another
// person's is not found.
func (s *Service) IncomingItem(ctx context.Context, accountID, id string, lang i18n.Lang) (documents.Incoming, error) {
	if !api.ValidUUID(id) {
		return documents.Incoming{}, shared.E(shared.CodeNotFound)
	}
	r, err := incomingOf(ctx, s.db, accountID, id)
	if err != nil {
		return documents.Incoming{}, err
	}
	out := r.public(lang)
	out.Signatures, err = s.incomingSignatures(ctx, accountID, id)
	return out, err
}

// MarkRead marks one of the person's incoming documents read.
func (s *Service) MarkRead(ctx context.Context, accountID, id string) error {
	if _, err := s.IncomingItem(ctx, accountID, id, i18n.RU); err != nil {
		return err
	}
	return markIncomingRead(ctx, s.db, accountID, id)
}

// IncomingContent opens one of the person's incoming documents for
// download, which marks it read.
func (s *Service) IncomingContent(ctx context.Context, accountID, id string) (incomingRow, BlobReader, error) {
	if !api.ValidUUID(id) {
		return incomingRow{}, nil, shared.E(shared.CodeNotFound)
	}
	row, err := incomingOf(ctx, s.db, accountID, id)
	if err != nil {
		return incomingRow{}, nil, err
	}
	if err := markIncomingRead(ctx, s.db, accountID, id); err != nil {
		return incomingRow{}, nil, err
	}
	r, err := s.Blobs.Open(ctx, row.BlobID)
	return row, r, err
}
