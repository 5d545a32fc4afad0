package auth

import (
	"github.com/gofiber/fiber/v2"

	"kabinet/server/api"
	"kabinet/shared"
)

// Routes mounts sign-in, sign-out and the session endpoints on r.
func (s *Service) Routes(r fiber.Router) {
	r.Post("/login", s.handleLogin)
	// Per route: a Group("") with middleware would guard every later route.
	authed := s.Authenticate()
	r.Post("/logout", authed, s.handleLogout)
	r.Get("/session", authed, s.handleSession)
	r.Post("/session/extend", authed, s.handleSession) // Authenticate already extended it
	r.Get("/me/sessions", authed, s.handleSessions)
	r.Post("/me/sessions/revoke-others", authed, s.handleRevokeOthers)
	r.Delete("/me/sessions/:id", authed, s.handleRevokeOne)
}

func (s *Service) handleLogin(c *fiber.Ctx) error {
	var req shared.LoginRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	token, sess, err := s.Login(c.UserContext(), req, api.MetaOf(c))
	if err != nil {
		return err
	}
	acc, err := s.accounts.Get(c.UserContext(), sess.AccountID)
	if err != nil {
		return err
	}
	s.setCookie(c, token, sess.ExpiresAt)
	return c.JSON(s.Info(sess, acc))
}

func (s *Service) handleLogout(c *fiber.Ctx) error {
	if err := s.Logout(c.UserContext(), Current(c), api.MetaOf(c)); err != nil {
		return err
	}
	s.clearCookie(c)
	return api.NoContent(c)
}

func (s *Service) handleSession(c *fiber.Ctx) error {
	sess := Current(c)
	acc, err := s.accounts.Get(c.UserContext(), sess.AccountID)
	if err != nil {
		return err
	}
	return c.JSON(s.Info(sess, acc))
}
