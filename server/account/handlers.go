package account

import (
	"github.com/gofiber/fiber/v2"

	"kabinet/server/api"
	"kabinet/shared"
)

// Routes mounts the account endpoints on r; authed wraps the owner's ones.
func (s *Service) Routes(r fiber.Router, authed fiber.Handler) {
	r.Post("/register", api.Created(s.handleRegister))
	r.Get("/verify/:id", api.JSON(s.handleChallenge))
	r.Post("/verify", s.handleVerify)
	r.Post("/verify/resend", api.JSON(s.handleResend))
	r.Post("/recover/start", api.JSON(s.handleRecoverStart))
	r.Post("/recover/finish", api.Empty(s.handleRecoverFinish))

	me := r.Group("/me", authed)
	me.Get("", api.JSON(s.handleMe))
	me.Put("/profile", api.JSON(s.handleProfile))
	me.Post("/password", api.Empty(s.handlePassword))
	me.Post("/verify", api.JSON(s.handleContactVerify))
	me.Post("/contact", api.JSON(s.handleContact))
	me.Post("/contact/confirm", api.JSON(s.handleContactConfirm))
	me.Get("/journal", s.handleJournal)
}

// Registration, confirming its contacts, and recovering a password.

func (s *Service) handleRegister(c *fiber.Ctx, req shared.RegisterRequest) (shared.RegisterResponse, error) {
	return s.Register(c.UserContext(), req, api.Lang(c), api.MetaOf(c))
}

func (s *Service) handleChallenge(c *fiber.Ctx, _ api.NoBody) (shared.Challenge, error) {
	return s.Challenge(c.UserContext(), api.Param(c, "id"))
}

// handleVerify checks a code sent at registration; the last one opens the
// new account's first session.
func (s *Service) handleVerify(c *fiber.Ctx) error {
	var req shared.VerifyRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	out, token, sess, err := s.Verify(c.UserContext(), req, api.Lang(c), api.MetaOf(c))
	if err != nil {
		return err
	}
	if sess != nil {
		s.auth.SetSessionCookie(c, token, sess)
	}
	return c.JSON(out)
}

func (s *Service) handleResend(c *fiber.Ctx, req shared.ResendRequest) (shared.Challenge, error) {
	return s.Resend(c.UserContext(), req.ChallengeID)
}

func (s *Service) handleRecoverStart(c *fiber.Ctx, req shared.RecoverStartRequest) (shared.Challenge, error) {
	return s.StartRecovery(c.UserContext(), req, api.MetaOf(c))
}

func (s *Service) handleRecoverFinish(c *fiber.Ctx, req shared.RecoverFinishRequest) error {
	return s.FinishRecovery(c.UserContext(), req, api.Lang(c), api.MetaOf(c))
}
