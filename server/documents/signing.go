package documents

import (
	"context"
	"io"

	"kabinet/server/api"
	"kabinet/shared"
)

// What the signature layer (server/signature's Documents) asks of a
// document: its hash and name, and its bytes, for the owner only.

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

// Open streams one of the owner's documents; the caller closes it.
func (s *Service) Open(ctx context.Context, accountID, documentID string) (io.ReadCloser, error) {
	_, r, err := s.Content(ctx, accountID, documentID)
	if err != nil {
		return nil, err
	}
	return io.NopCloser(r), nil
}
