package auth

import (
	"github.com/gofiber/fiber/v2"

	"kabinet/server/api"
	"kabinet/server/derrors"
	"kabinet/shared"
)

// Signing in and out: the password, the second factor by code, SMS or a
// push to a phone, a passkey, and "it was not me" from a sign-in notice.

func (s *Service) handleLogin(c *fiber.Ctx) error {
	var req shared.LoginRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	token, sess, acc, step, err := s.Login(c.UserContext(), req, api.MetaOf(c), s.priorOf(c))
	if err != nil {
		return err
	}
	if step != nil {
		return c.Status(fiber.StatusAccepted).JSON(step)
	}
	return s.signedInAs(c, token, sess, acc)
}

func (s *Service) handleSecondFactor(c *fiber.Ctx) error {
	var req shared.SecondFactorRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	if req.Ticket == "" {
		return shared.E(shared.CodeCodeExpired)
	}
	token, sess, err := s.SecondFactor(c.UserContext(), req, api.Lang(c), api.MetaOf(c))
	if err != nil {
		return err
	}
	return s.signedIn(c, token, sess)
}

func (s *Service) handleLoginSMS(c *fiber.Ctx, req shared.SMSCodeRequest) (shared.Challenge, error) {
	return s.SendLoginSMS(c.UserContext(), req.Ticket, api.MetaOf(c))
}

func (s *Service) handleLoginPush(c *fiber.Ctx, req shared.PushApprovalRequest) (shared.QRTicket, error) {
	return s.StartPushApproval(c.UserContext(), req.Ticket, api.MetaOf(c))
}

func (s *Service) handleFileFactorReset(c *fiber.Ctx, req shared.FactorResetRequest) error {
	return s.FileFactorReset(c.UserContext(), req, api.MetaOf(c))
}

func (s *Service) handlePasskeyLoginOptions(c *fiber.Ctx, req shared.PasskeyLoginOptionsRequest) (shared.PasskeyOptions, error) {
	return s.BeginPasskeyLogin(c.UserContext(), req, api.MetaOf(c))
}

func (s *Service) handlePasskeyLogin(c *fiber.Ctx) error {
	var req shared.PasskeyLoginRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	token, sess, acc, err := s.PasskeyLogin(c.UserContext(), req, api.MetaOf(c), s.priorOf(c))
	if err != nil {
		return err
	}
	return s.signedInAs(c, token, sess, acc)
}

// signedIn sets the cookie of a new session and answers its SessionInfo.
func (s *Service) signedIn(c *fiber.Ctx, token string, sess *Session) (err error) {
	defer derrors.Wrap(&err, "auth.signedIn(account %s)", sess.AccountID)
	acc, err := s.accounts.Get(c.UserContext(), sess.AccountID)
	if err != nil {
		return err
	}
	return s.signedInAs(c, token, sess, acc)
}

// signedInAs is signedIn with the account already loaded by the sign-in.
func (s *Service) signedInAs(c *fiber.Ctx, token string, sess *Session, acc shared.Account) (err error) {
	info, err := s.Info(c.UserContext(), sess, acc)
	if err != nil {
		return err
	}
	if err := s.endPrior(c, sess); err != nil {
		return err
	}
	s.setCookie(c, token, sess.ExpiresAt)
	return c.JSON(info)
}

func (s *Service) handleNotMe(c *fiber.Ctx) error {
	var req shared.NotMeRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	if err := s.NotMe(c.UserContext(), req.Token, api.MetaOf(c)); err != nil {
		return err
	}
	s.clearCookie(c)
	return api.NoContent(c)
}

func (s *Service) handleLogout(c *fiber.Ctx) error {
	if err := s.Logout(c.UserContext(), Current(c), api.MetaOf(c)); err != nil {
		return err
	}
	s.clearCookie(c)
	return api.NoContent(c)
}
