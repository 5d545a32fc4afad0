package auth

import (
	"github.com/gofiber/fiber/v2"

	"kabinet/server/api"
	"kabinet/shared"
)

// Routes mounts sign-in, sign-out and the session endpoints on r. Guards
// are given per route: a Group("") with middleware would guard every
// later route. authed needs a session, acc loads its account for the
// handler (accountOf), stepUp needs a recent second factor.
func (s *Service) Routes(r fiber.Router) {
	r.Post("/login", s.handleLogin)
	r.Post("/login/second-factor", s.handleSecondFactor)
	r.Post("/login/second-factor/sms", api.JSON(s.handleLoginSMS))
	r.Post("/login/second-factor/push", api.Created(s.handleLoginPush))
	r.Post("/login/factor-reset", api.Empty(s.handleFileFactorReset))
	r.Post("/login/qr", api.Created(s.handleStartQR))
	r.Post("/login/qr/:id/rotate", api.JSON(s.handleRotateQR))
	r.Post("/login/qr/:id/wait", api.JSON(s.handleWaitQR))
	r.Post("/login/qr/:id/finish", s.handleFinishQR)
	r.Post("/not-me", s.handleNotMe)
	r.Post("/login/passkey/options", api.JSON(s.handlePasskeyLoginOptions))
	r.Post("/login/passkey", s.handlePasskeyLogin)

	authed, acc, stepUp := s.Authenticate(), s.loadAccount, RequireStepUp()
	r.Post("/logout", authed, s.handleLogout)
	r.Get("/session", authed, s.handleSession)
	r.Post("/session/extend", authed, s.handleSession) // Authenticate already extended it
	r.Get("/me/sessions", authed, api.JSON(s.handleSessions))
	r.Post("/me/sessions/revoke-others", authed, api.Empty(s.handleRevokeOthers))
	r.Delete("/me/sessions/:id", authed, api.Empty(s.handleRevokeOne))
	r.Get("/me/factors", authed, acc, api.JSON(s.handleFactors))
	r.Post("/me/totp", authed, acc, api.JSON(s.handleStartTOTP))
	r.Post("/me/totp/confirm", authed, acc, api.JSON(s.handleConfirmTOTP))
	r.Delete("/me/totp", authed, stepUp, acc, api.Empty(s.handleRemoveTOTP))
	r.Post("/me/recovery-codes", authed, stepUp, acc, api.JSON(s.handleRenewRecoveryCodes))
	r.Get("/me/passkeys", authed, api.JSON(s.handlePasskeys))
	r.Post("/me/passkeys/options", authed, acc, api.JSON(s.handlePasskeyOptions))
	r.Post("/me/passkeys", authed, acc, api.Created(s.handleAddPasskey))
	r.Delete("/me/passkeys/:id", authed, stepUp, acc, api.Empty(s.handleRemovePasskey))
	r.Post("/me/step-up/options", authed, acc, api.JSON(s.handleStepUpOptions))
	r.Get("/me/push", authed, api.JSON(s.handlePushStatus))
	r.Post("/me/push", authed, api.Empty(s.handleSubscribePush))
	r.Delete("/me/push", authed, api.Empty(s.handleUnsubscribePush))
	r.Get("/me/approvals", authed, api.JSON(s.handleApprovals))
	r.Post("/me/approvals/wait", authed, api.JSON(s.handleWaitApprovals))
	r.Get("/me/approvals/:id", authed, api.JSON(s.handleApproval))
	r.Post("/me/qr/scan", authed, acc, api.JSON(s.handleScanQR))
	r.Post("/me/qr/:id/approve", authed, acc, api.Empty(s.handleApproveQR))
	r.Post("/me/qr/:id/deny", authed, acc, api.Empty(s.handleDenyQR))
	r.Post("/me/step-up/sms", authed, acc, api.JSON(s.handleStepUpSMS))
	r.Post("/me/sms-factor", authed, acc, api.JSON(s.handleStartSMSFactor))
	r.Post("/me/sms-factor/confirm", authed, acc, api.Empty(s.handleConfirmSMSFactor))
	r.Delete("/me/sms-factor", authed, stepUp, acc, api.Empty(s.handleRemoveSMSFactor))
	r.Post("/me/reauth", authed, acc, api.JSON(s.handleReauth))
	r.Post("/me/step-up", authed, acc, api.JSON(s.handleStepUp))
}

const accountLocal = "kabinet.account"

// loadAccount is middleware that loads the signed-in person's account,
// before the body is read, for the handler after it (accountOf).
func (s *Service) loadAccount(c *fiber.Ctx) error {
	acc, err := s.accounts.Get(c.UserContext(), Current(c).AccountID)
	if err != nil {
		return err
	}
	c.Locals(accountLocal, acc)
	return c.Next()
}

// accountOf returns the account loadAccount loaded for the request.
func accountOf(c *fiber.Ctx) shared.Account {
	acc, _ := c.Locals(accountLocal).(shared.Account)
	return acc
}
