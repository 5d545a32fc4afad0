package auth

import (
	"context"

	"github.com/gofiber/fiber/v2"
	"github.com/uptrace/bun"

	"kabinet/server/api"
)

// MethodRegistration marks the session a registration ends in: the person
// has just chosen the password and proven the phone and the e-mail with
// codes, so asking for the password again would prove nothing new. It is
// not a second factor.
const MethodRegistration = "registration"

// OpenRegistered opens the first session of an account whose registration
// has just ended, inside the caller's transaction (the one that activated
// the account), with the journal's sign-in entry.
func (s *Service) OpenRegistered(ctx context.Context, db bun.IDB, accountID string, m api.Meta) (string, *Session, error) {
	return s.openSession(ctx, db, LoginAccount{ID: accountID}, opening{methods: []string{MethodRegistration}}, m)
}

// SetSessionCookie hands the browser a session opened outside the sign-in
// handlers (OpenRegistered).
func (s *Service) SetSessionCookie(c *fiber.Ctx, token string, sess *Session) {
	s.setCookie(c, token, sess.ExpiresAt)
}
