package client

// The signed-in person's own calls (/me…): profile, password, second
// factors and step-up, passkeys, the phone as an approver, sessions, the
// journal, notifications, and the dev outbox.

import (
	"context"
	"net/url"

	"kabinet/shared"
)

// VerifyContact starts confirming the signed-in owner's phone or e-mail
// (POST /me/verify).
func (c *Client) VerifyContact(ctx context.Context, channel string) (shared.Challenge, error) {
	return send[shared.Challenge](ctx, c, methodPost, "/me/verify", shared.ContactVerifyRequest{Channel: channel})
}

// Me returns the owner's account (GET /me).
func (c *Client) Me(ctx context.Context) (shared.Account, error) {
	return get[shared.Account](ctx, c, "/me")
}

// UpdateProfile saves the owner's personal data (PUT /me/profile).
func (c *Client) UpdateProfile(ctx context.Context, r shared.ProfileRequest) (shared.Account, error) {
	return send[shared.Account](ctx, c, methodPut, "/me/profile", r)
}

// ChangePassword changes the password (POST /me/password).
func (c *Client) ChangePassword(ctx context.Context, r shared.PasswordChangeRequest) error {
	return c.do(ctx, methodPost, "/me/password", r, nil)
}

// Factors returns the owner's second factors (GET /me/factors).
func (c *Client) Factors(ctx context.Context) (shared.Factors, error) {
	return get[shared.Factors](ctx, c, "/me/factors")
}

// StartTOTP starts adding an authenticator app (POST /me/totp): the
// secret and its QR code.
func (c *Client) StartTOTP(ctx context.Context) (shared.TOTPEnrolment, error) {
	return send[shared.TOTPEnrolment](ctx, c, methodPost, "/me/totp", struct{}{})
}

// ConfirmTOTP confirms the app with its first code (POST /me/totp/confirm)
// and returns the recovery codes, shown once.
func (c *Client) ConfirmTOTP(ctx context.Context, code string) (shared.RecoveryCodes, error) {
	return send[shared.RecoveryCodes](ctx, c, methodPost, "/me/totp/confirm", shared.TOTPConfirmRequest{Code: code})
}

// RemoveTOTP removes the authenticator app (DELETE /me/totp); it needs a
// fresh step-up (step_up_required otherwise).
func (c *Client) RemoveTOTP(ctx context.Context) error {
	return c.do(ctx, methodDelete, "/me/totp", nil, nil)
}

// RenewRecoveryCodes replaces the recovery codes (POST /me/recovery-codes);
// it needs a fresh step-up.
func (c *Client) RenewRecoveryCodes(ctx context.Context) (shared.RecoveryCodes, error) {
	return send[shared.RecoveryCodes](ctx, c, methodPost, "/me/recovery-codes", struct{}{})
}

// Reauth gives the password again before a sensitive change, in an
// account without a second factor (POST /me/reauth).
func (c *Client) Reauth(ctx context.Context, password string) (shared.SessionInfo, error) {
	return send[shared.SessionInfo](ctx, c, methodPost, "/me/reauth", shared.ReauthRequest{Password: password})
}

// StepUp confirms the person with a second factor for the sensitive
// actions of the next minutes (POST /me/step-up; no ticket).
func (c *Client) StepUp(ctx context.Context, method, code string) (shared.SessionInfo, error) {
	return send[shared.SessionInfo](ctx, c, methodPost, "/me/step-up", shared.SecondFactorRequest{Method: method, Code: code})
}

// StartContactChange sends a code to a new phone or e-mail (POST /me/contact).
func (c *Client) StartContactChange(ctx context.Context, r shared.ContactChangeRequest) (shared.Challenge, error) {
	return send[shared.Challenge](ctx, c, methodPost, "/me/contact", r)
}

// ConfirmContactChange puts the new contact in place with its code.
func (c *Client) ConfirmContactChange(ctx context.Context, r shared.VerifyRequest) (shared.Account, error) {
	return send[shared.Account](ctx, c, methodPost, "/me/contact/confirm", r)
}

// PushStatus tells whether this session gets sign-in requests by push.
func (c *Client) PushStatus(ctx context.Context) (shared.PushStatus, error) {
	return get[shared.PushStatus](ctx, c, "/me/push")
}

// SubscribePush stores this browser's push subscription for the session.
func (c *Client) SubscribePush(ctx context.Context, s shared.PushSubscription) error {
	return c.do(ctx, methodPost, "/me/push", s, nil)
}

// UnsubscribePush stops push requests to this session.
func (c *Client) UnsubscribePush(ctx context.Context) error {
	return c.do(ctx, methodDelete, "/me/push", nil, nil)
}

// WaitApprovals waits until the waiting sign-ins differ from seen. It is
// passive: listening for requests is not the person's activity, so it
// neither extends the session on the server nor the idle clock here.
func (c *Client) WaitApprovals(ctx context.Context, seen []string) (shared.ApprovalList, error) {
	var out shared.ApprovalList
	res, received, err := c.exchange(longPoll(ctx), methodPost, "/me/approvals/wait?passive=1", shared.ApprovalsWaitRequest{Seen: seen})
	if err != nil {
		return out, err
	}
	return out, c.decode(res, received, &out)
}

// Approval is one waiting sign-in (GET /me/approvals/{id}).
func (c *Client) Approval(ctx context.Context, id string) (shared.QRRequest, error) {
	return get[shared.QRRequest](ctx, c, "/me/approvals/"+url.PathEscape(id))
}

// StepUpSMS sends an SMS code for a step-up.
func (c *Client) StepUpSMS(ctx context.Context) (shared.Challenge, error) {
	return send[shared.Challenge](ctx, c, methodPost, "/me/step-up/sms", struct{}{})
}

// StartSMSFactor sends the code that switches SMS codes on.
func (c *Client) StartSMSFactor(ctx context.Context) (shared.Challenge, error) {
	return send[shared.Challenge](ctx, c, methodPost, "/me/sms-factor", struct{}{})
}

// ConfirmSMSFactor switches SMS codes on with the code.
func (c *Client) ConfirmSMSFactor(ctx context.Context, code string) error {
	return c.do(ctx, methodPost, "/me/sms-factor/confirm", shared.SMSFactorConfirmRequest{Code: code}, nil)
}

// RemoveSMSFactor switches SMS codes off (step-up required).
func (c *Client) RemoveSMSFactor(ctx context.Context) error {
	return c.do(ctx, methodDelete, "/me/sms-factor", nil, nil)
}

// StepUpPasskey confirms a sensitive action with a passkey: the ceremony
// of StepUpOptions and the browser's answer.
func (c *Client) StepUpPasskey(ctx context.Context, ceremony string, credential []byte) (shared.SessionInfo, error) {
	return send[shared.SessionInfo](ctx, c, methodPost, "/me/step-up",
		shared.SecondFactorRequest{Method: shared.FactorPasskey, Ceremony: ceremony, Credential: credential})
}

// StepUpOptions starts a step-up with a passkey (POST /me/step-up/options).
func (c *Client) StepUpOptions(ctx context.Context) (shared.PasskeyOptions, error) {
	return send[shared.PasskeyOptions](ctx, c, methodPost, "/me/step-up/options", struct{}{})
}

// Passkeys lists the owner's passkeys (GET /me/passkeys).
func (c *Client) Passkeys(ctx context.Context) (shared.PasskeyList, error) {
	return get[shared.PasskeyList](ctx, c, "/me/passkeys")
}

// BeginPasskey asks for registration options (POST /me/passkeys/options).
func (c *Client) BeginPasskey(ctx context.Context, name string) (shared.PasskeyOptions, error) {
	return send[shared.PasskeyOptions](ctx, c, methodPost, "/me/passkeys/options", shared.PasskeyBeginRequest{Name: name})
}

// AddPasskey finishes a registration (POST /me/passkeys).
func (c *Client) AddPasskey(ctx context.Context, r shared.PasskeyRegisterRequest) (shared.Passkey, error) {
	return send[shared.Passkey](ctx, c, methodPost, "/me/passkeys", r)
}

// RemovePasskey removes one of the owner's passkeys (step-up required).
func (c *Client) RemovePasskey(ctx context.Context, id string) error {
	return c.do(ctx, methodDelete, "/me/passkeys/"+url.PathEscape(id), nil, nil)
}

// ScanQR opens a scanned code on the phone (POST /me/qr/scan).
func (c *Client) ScanQR(ctx context.Context, code string) (shared.QRRequest, error) {
	return send[shared.QRRequest](ctx, c, methodPost, "/me/qr/scan", shared.QRScanRequest{Code: code})
}

// ApproveQR allows the sign-in with the number and, when needed, a factor.
func (c *Client) ApproveQR(ctx context.Context, id string, r shared.QRApproveRequest) error {
	return c.do(ctx, methodPost, "/me/qr/"+url.PathEscape(id)+"/approve", r, nil)
}

// DenyQR declines the sign-in.
func (c *Client) DenyQR(ctx context.Context, id string) error {
	return c.do(ctx, methodPost, "/me/qr/"+url.PathEscape(id)+"/deny", struct{}{}, nil)
}

// Journal returns a page of the owner's journal, newest first; before = 0
// for the first page.
func (c *Client) Journal(ctx context.Context, before int64) (shared.JournalPage, error) {
	return get[shared.JournalPage](ctx, c, "/me/journal"+beforeQuery(before))
}

// Sessions lists the account's signed-in browsers (GET /me/sessions).
func (c *Client) Sessions(ctx context.Context) (shared.SessionList, error) {
	return get[shared.SessionList](ctx, c, "/me/sessions")
}

// RevokeSession signs out one of them (DELETE /me/sessions/{id}).
func (c *Client) RevokeSession(ctx context.Context, id string) error {
	return c.do(ctx, methodDelete, "/me/sessions/"+url.PathEscape(id), nil, nil)
}

// RevokeOtherSessions signs out every other browser (POST /me/sessions/revoke-others).
func (c *Client) RevokeOtherSessions(ctx context.Context) error {
	return c.do(ctx, methodPost, "/me/sessions/revoke-others", struct{}{}, nil)
}

// Outbox returns the dev outbox (GET /dev/outbox; not_found outside dev).
func (c *Client) Outbox(ctx context.Context) ([]shared.OutboxMessage, error) {
	return get[[]shared.OutboxMessage](ctx, c, "/dev/outbox")
}

// Inbox is the newest notifications (GET /notifications).
func (c *Client) Inbox(ctx context.Context) (shared.Inbox, error) {
	return get[shared.Inbox](ctx, c, "/notifications")
}

// MarkRead marks notifications read; no ids: all (POST /notifications/read).
func (c *Client) MarkRead(ctx context.Context, ids ...int64) error {
	return c.do(ctx, methodPost, "/notifications/read", shared.ReadRequest{IDs: ids}, nil)
}

// NotifyPrefs are the categories switched off (GET /notifications/prefs).
func (c *Client) NotifyPrefs(ctx context.Context) (shared.NotifyPrefs, error) {
	return get[shared.NotifyPrefs](ctx, c, "/notifications/prefs")
}

// SetNotifyPref switches a category on or off (PUT /notifications/prefs/{category}).
func (c *Client) SetNotifyPref(ctx context.Context, category string, on bool) error {
	return c.do(ctx, methodPut, "/notifications/prefs/"+url.PathEscape(category), shared.NotifyPrefRequest{On: on}, nil)
}
