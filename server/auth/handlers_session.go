package auth

import (
	"github.com/gofiber/fiber/v2"

	"kabinet/server/api"
	"kabinet/server/derrors"
	"kabinet/shared"
)

// The signed-in person's session and their other sessions.

func (s *Service) handleSession(c *fiber.Ctx) (err error) {
	sess := Current(c)
	defer derrors.Wrap(&err, "auth.handleSession(account %s)", sess.AccountID)
	acc, err := s.accounts.Get(c.UserContext(), sess.AccountID)
	if err != nil {
		return err
	}
	info, err := s.Info(c.UserContext(), sess, acc)
	if err != nil {
		return err
	}
	return c.JSON(info)
}

func (s *Service) handleSessions(c *fiber.Ctx, _ api.NoBody) (shared.SessionList, error) {
	sess := Current(c)
	return s.Sessions(c.UserContext(), sess.AccountID, sess.ID)
}

func (s *Service) handleRevokeOne(c *fiber.Ctx, _ api.NoBody) error {
	return s.RevokeOne(c.UserContext(), Current(c), api.Param(c, "id"), api.MetaOf(c))
}

func (s *Service) handleRevokeOthers(c *fiber.Ctx, _ api.NoBody) error {
	return s.RevokeOthers(c.UserContext(), Current(c), api.MetaOf(c))
}
