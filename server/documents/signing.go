package documents

import (
	"context"
	"io"

	"kabinet/server/api"
	"kabinet/shared"
)

// What the signature layer (server/signature's Documents) asks of a
// document: its hash and name, and its bytes, for the owner only (or,
// for an incoming document, the person it was sent to).

// Meta is the SHA-256 and the name of one of the owner's documents;
// another person's is not found.
func (s *Service) Meta(ctx context.Context, accountID, documentID string) ([]byte, string, error) {
	if !api.ValidUUID(documentID) {
		return nil, "", shared.E(shared.CodeNotFound)
	}
	row, err := documentOf(ctx, s.db, accountID, documentID, "")
	if err != nil {
		return nil, "", err
	}
	return row.SHA256, row.Name, nil
}

// IncomingMeta is the SHA-256 and the name of a document an agency sent
// to the person; another person's is not found.
func (s *Service) IncomingMeta(ctx context.Context, accountID, id string) ([]byte, string, error) {
	if !api.ValidUUID(id) {
		return nil, "", shared.E(shared.CodeNotFound)
	}
	row, err := incomingOf(ctx, s.db, accountID, id)
	if err != nil {
		return nil, "", err
	}
	return row.SHA256, row.Name, nil
}

// Open streams one of the owner's documents; the caller closes it.
func (s *Service) Open(ctx context.Context, accountID, documentID string) (io.ReadCloser, error) {
	_, r, err := s.Content(ctx, accountID, documentID)
	if err != nil {
		return nil, err
	}
	return io.NopCloser(r), nil
}
