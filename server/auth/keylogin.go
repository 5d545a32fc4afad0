package auth

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"kabinet/server/api"
	"kabinet/shared"
	"kabinet/shared/signature"
)

// OpenWithKey opens the session of a sign-in with a «Ключ Кабинета»,
// which the signature service checked (a one-time challenge signed by the
// key of a certificate the portal issued to the account). Like a passkey
// it is a second factor in itself — the key never leaves the person's
// device — so the session counts as freshly stepped up; a password
// lockout does not apply. The session opens as every sign-in's does.
func (s *Service) OpenWithKey(ctx context.Context, accountID string, m api.Meta) (string, *Session, error) {
	acc, err := s.accounts.Get(ctx, accountID)
	if err != nil {
		return "", nil, err
	}
	if acc.Status == shared.StatusBlocked {
		return "", nil, shared.E(shared.CodeAccountBlocked)
	}
	return s.openSession(ctx, s.db, loginAccountOf(acc), opening{methods: []string{signature.MethodKey}, stepUp: true}, m)
}

// SignedIn sets the cookie of a session opened outside the sign-in
// handlers (OpenWithKey) and answers its SessionInfo.
func (s *Service) SignedIn(c *fiber.Ctx, token string, sess *Session) error {
	return s.signedIn(c, token, sess)
}
