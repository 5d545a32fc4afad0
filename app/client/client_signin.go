package client

// The ways in and out: the session, registration and its codes, the
// password and second-factor sign-in, passkeys, QR and phone approval,
// recovery, and «это не я».

import (
	"context"
	"net/url"

	"kabinet/shared"
)

// Session returns the caller's session (GET /session); 401 when signed out.
func (c *Client) Session(ctx context.Context) (shared.SessionInfo, error) {
	return get[shared.SessionInfo](ctx, c, "/session")
}

// ExtendSession keeps the session alive (POST /session/extend).
func (c *Client) ExtendSession(ctx context.Context) (shared.SessionInfo, error) {
	return send[shared.SessionInfo](ctx, c, methodPost, "/session/extend", struct{}{})
}

// Register creates an account (POST /register).
func (c *Client) Register(ctx context.Context, r shared.RegisterRequest) (shared.RegisterResponse, error) {
	return send[shared.RegisterResponse](ctx, c, methodPost, "/register", r)
}

// Challenge looks up a one-time-code challenge (GET /verify/{id}).
func (c *Client) Challenge(ctx context.Context, id string) (shared.Challenge, error) {
	return get[shared.Challenge](ctx, c, "/verify/"+url.PathEscape(id))
}

// Verify answers a challenge (POST /verify).
func (c *Client) Verify(ctx context.Context, r shared.VerifyRequest) (shared.VerifyResponse, error) {
	return send[shared.VerifyResponse](ctx, c, methodPost, "/verify", r)
}

// Resend asks for a new code (POST /verify/resend).
func (c *Client) Resend(ctx context.Context, challengeID string) (shared.Challenge, error) {
	return send[shared.Challenge](ctx, c, methodPost, "/verify/resend", shared.ResendRequest{ChallengeID: challengeID})
}

// Login signs in with a password (POST /login). When the account has a
// second factor the server answers 202 with the step to finish at
// LoginSecondFactor: then the step is not nil and there is no session yet.
func (c *Client) Login(ctx context.Context, r shared.LoginRequest) (shared.SessionInfo, *shared.SecondFactorStep, error) {
	res, received, err := c.exchange(ctx, methodPost, "/login", r)
	if err != nil {
		return shared.SessionInfo{}, nil, err
	}
	if res.status == statusAccepted {
		var step shared.SecondFactorStep
		if err := c.decode(res, received, &step); err != nil {
			return shared.SessionInfo{}, nil, err
		}
		if step.Ticket == "" {
			return shared.SessionInfo{}, nil, &shared.Error{Code: shared.CodeInternal, Message: "bad answer: no ticket"}
		}
		return shared.SessionInfo{}, &step, nil
	}
	c.touch(received)
	var s shared.SessionInfo
	err = c.decode(res, received, &s)
	return s, nil, err
}

// LoginSecondFactor finishes a sign-in with the second factor
// (POST /login/second-factor with the ticket of Login's step).
func (c *Client) LoginSecondFactor(ctx context.Context, r shared.SecondFactorRequest) (shared.SessionInfo, error) {
	return send[shared.SessionInfo](ctx, c, methodPost, "/login/second-factor", r)
}

// Logout ends the session (POST /logout).
func (c *Client) Logout(ctx context.Context) error {
	err := c.do(ctx, methodPost, "/logout", struct{}{}, nil)
	c.ForgetSession()
	return err
}

// RecoverStart sends a recovery code (POST /recover/start).
func (c *Client) RecoverStart(ctx context.Context, r shared.RecoverStartRequest) (shared.Challenge, error) {
	return send[shared.Challenge](ctx, c, methodPost, "/recover/start", r)
}

// RecoverFinish sets a new password with the code (POST /recover/finish).
func (c *Client) RecoverFinish(ctx context.Context, r shared.RecoverFinishRequest) error {
	return c.do(ctx, methodPost, "/recover/finish", r, nil)
}

// FileFactorReset files «нет доступа к второму фактору» with the ticket
// of the password step (POST /login/factor-reset).
func (c *Client) FileFactorReset(ctx context.Context, ticket string) error {
	_, err := send[struct{}](ctx, c, methodPost, "/login/factor-reset", shared.FactorResetRequest{Ticket: ticket})
	return err
}

// StartPushApproval asks the account's phones to approve this sign-in.
func (c *Client) StartPushApproval(ctx context.Context, ticket string) (shared.QRTicket, error) {
	return send[shared.QRTicket](ctx, c, methodPost, "/login/second-factor/push", shared.PushApprovalRequest{Ticket: ticket})
}

// LoginSMS sends the SMS code of a sign-in's second step.
func (c *Client) LoginSMS(ctx context.Context, ticket string) (shared.Challenge, error) {
	return send[shared.Challenge](ctx, c, methodPost, "/login/second-factor/sms", shared.SMSCodeRequest{Ticket: ticket})
}

// PasskeyLoginOptions starts a passkey sign-in (POST /login/passkey/options):
// ticket "" for a sign-in without a login, or the password step's ticket.
func (c *Client) PasskeyLoginOptions(ctx context.Context, ticket string) (shared.PasskeyOptions, error) {
	return send[shared.PasskeyOptions](ctx, c, methodPost, "/login/passkey/options", shared.PasskeyLoginOptionsRequest{Ticket: ticket})
}

// PasskeyLogin signs in with a passkey alone (POST /login/passkey).
func (c *Client) PasskeyLogin(ctx context.Context, r shared.PasskeyLoginRequest) (shared.SessionInfo, error) {
	return send[shared.SessionInfo](ctx, c, methodPost, "/login/passkey", r)
}

// StartQR asks for a QR sign-in ticket for this screen (POST /login/qr).
func (c *Client) StartQR(ctx context.Context) (shared.QRTicket, error) {
	return send[shared.QRTicket](ctx, c, methodPost, "/login/qr", struct{}{})
}

// RotateQR replaces the ticket's code (POST /login/qr/{id}/rotate).
func (c *Client) RotateQR(ctx context.Context, id, secret string) (shared.QRTicket, error) {
	return send[shared.QRTicket](ctx, c, methodPost, "/login/qr/"+url.PathEscape(id)+"/rotate", shared.QRSecretRequest{Secret: secret})
}

// WaitQR waits until the ticket's state is not seen any more (or a while).
func (c *Client) WaitQR(ctx context.Context, id, secret, seen string) (shared.QRStatus, error) {
	return send[shared.QRStatus](longPoll(ctx), c, methodPost, "/login/qr/"+url.PathEscape(id)+"/wait", shared.QRSecretRequest{Secret: secret, Seen: seen})
}

// FinishQR signs this screen in with an approved ticket.
func (c *Client) FinishQR(ctx context.Context, id, secret string) (shared.SessionInfo, error) {
	return send[shared.SessionInfo](ctx, c, methodPost, "/login/qr/"+url.PathEscape(id)+"/finish", shared.QRSecretRequest{Secret: secret})
}

// NotMe signs the account out everywhere with a notice's token.
func (c *Client) NotMe(ctx context.Context, token string) error {
	err := c.do(ctx, methodPost, "/not-me", shared.NotMeRequest{Token: token}, nil)
	c.ForgetSession()
	return err
}
