package auth

import (
	"github.com/gofiber/fiber/v2"

	"kabinet/server/api"
	"kabinet/server/derrors"
	"kabinet/shared"
)

// The signed-in person's second factors (an authenticator app, recovery
// codes, passkeys, SMS) and proving one again: the step-up before a
// sensitive change, or the password where there is no factor.

func (s *Service) handleFactors(c *fiber.Ctx, _ api.NoBody) (shared.Factors, error) {
	f, err := s.Factors(c.UserContext(), accountOf(c))
	if err != nil {
		return f, err
	}
	f.Phone, err = s.CanApproveStepUp(c.UserContext(), Current(c))
	return f, err
}

func (s *Service) handleStartTOTP(c *fiber.Ctx, _ api.NoBody) (shared.TOTPEnrolment, error) {
	return s.StartTOTP(c.UserContext(), Current(c), accountOf(c))
}

func (s *Service) handleConfirmTOTP(c *fiber.Ctx, req shared.TOTPConfirmRequest) (shared.RecoveryCodes, error) {
	return s.ConfirmTOTP(c.UserContext(), Current(c), accountOf(c), req.Code, api.MetaOf(c))
}

func (s *Service) handleRemoveTOTP(c *fiber.Ctx, _ api.NoBody) error {
	return s.RemoveTOTP(c.UserContext(), accountOf(c), api.MetaOf(c))
}

func (s *Service) handleRenewRecoveryCodes(c *fiber.Ctx, _ api.NoBody) (shared.RecoveryCodes, error) {
	return s.RenewRecoveryCodes(c.UserContext(), accountOf(c), api.MetaOf(c))
}

func (s *Service) handlePasskeys(c *fiber.Ctx, _ api.NoBody) (shared.PasskeyList, error) {
	return s.Passkeys(c.UserContext(), Current(c).AccountID)
}

func (s *Service) handlePasskeyOptions(c *fiber.Ctx, req shared.PasskeyBeginRequest) (shared.PasskeyOptions, error) {
	return s.BeginPasskey(c.UserContext(), Current(c), accountOf(c), req, api.MetaOf(c))
}

func (s *Service) handleAddPasskey(c *fiber.Ctx, req shared.PasskeyRegisterRequest) (shared.Passkey, error) {
	return s.FinishPasskey(c.UserContext(), Current(c), accountOf(c), req, api.MetaOf(c))
}

func (s *Service) handleRemovePasskey(c *fiber.Ctx, _ api.NoBody) error {
	return s.RemovePasskey(c.UserContext(), accountOf(c), api.Param(c, "id"), api.MetaOf(c))
}

func (s *Service) handleStartSMSFactor(c *fiber.Ctx, _ api.NoBody) (shared.Challenge, error) {
	return s.StartSMSFactor(c.UserContext(), Current(c), accountOf(c))
}

func (s *Service) handleConfirmSMSFactor(c *fiber.Ctx, req shared.SMSFactorConfirmRequest) error {
	return s.ConfirmSMSFactor(c.UserContext(), Current(c), accountOf(c), req.Code, api.MetaOf(c))
}

func (s *Service) handleRemoveSMSFactor(c *fiber.Ctx, _ api.NoBody) error {
	return s.RemoveSMSFactor(c.UserContext(), accountOf(c), api.MetaOf(c))
}

func (s *Service) handleStepUpOptions(c *fiber.Ctx, _ api.NoBody) (shared.PasskeyOptions, error) {
	return s.BeginPasskeyStepUp(c.UserContext(), Current(c), accountOf(c))
}

func (s *Service) handleStepUpSMS(c *fiber.Ctx, _ api.NoBody) (shared.Challenge, error) {
	return s.SendStepUpSMS(c.UserContext(), Current(c), accountOf(c))
}

// handleStepUp proves a second factor in the session and answers the
// session as it now is.
func (s *Service) handleStepUp(c *fiber.Ctx, req shared.SecondFactorRequest) (info shared.SessionInfo, err error) {
	defer derrors.Wrap(&err, "auth.handleStepUp(account %s)", Current(c).AccountID)
	if err := s.StepUp(c.UserContext(), Current(c), accountOf(c), req, api.MetaOf(c)); err != nil {
		return info, err
	}
	return s.Info(c.UserContext(), Current(c), accountOf(c))
}

// handleReauth proves the password again (an account without a second
// factor) and answers the session as it now is.
func (s *Service) handleReauth(c *fiber.Ctx, req shared.ReauthRequest) (info shared.SessionInfo, err error) {
	defer derrors.Wrap(&err, "auth.handleReauth(account %s)", Current(c).AccountID)
	if err := s.Reauth(c.UserContext(), Current(c), req, api.MetaOf(c)); err != nil {
		return info, err
	}
	return s.Info(c.UserContext(), Current(c), accountOf(c))
}
