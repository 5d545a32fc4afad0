// Package client is the front end's one typed API client: every /api/v1 call
// over the shared request and response types. It runs in the browser (where
// net/http becomes fetch and same-origin cookies travel with each request)
// and in tests against an httptest server.
//
// Every answer that is not 2xx becomes a *shared.Error; a request that never
// reaches the server becomes shared.CodeUnavailable. Reads (GET) that meet
// an unavailable server are sent again a few times with a backoff. The client also keeps
// the session's idle clock (see Idle), refreshed by every successful call,
// because the server extends the session on activity.
package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"kabinet/shared"
	"kabinet/shared/npd"
)

// response is what a transport brings back: the status, the headers the
// client reads (Date, Retry-After) and the body.
type response struct {
	status int
	header http.Header
	body   []byte
}

// transport sends one request. In the browser it is the Fetch API called
// directly (net/http's client would add megabytes to app.wasm for the same
// fetch); elsewhere it is net/http (tests, tools).
type transport func(ctx context.Context, method, url string, header http.Header, body []byte) (response, error)

// Client calls the Kabinet API. The zero value is not usable; call New.
type Client struct {
	base  string // scheme://host of the server, no trailing slash
	send  transport
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error // waits between retries

	mu    sync.Mutex
	lang  string
	kiosk string // the kiosk's device secret, sent as shared.KioskHeader
	idle  Idle
	skew  time.Duration // server clock − local clock, from the Date header
}

// New returns a client for the server at base ("https://kabinet.example";
// empty means relative URLs, which only the browser's fetch accepts). It
// uses the platform's transport: fetch in the browser, net/http elsewhere.
func New(base string) *Client { return newClient(base, platformTransport()) }

func newClient(base string, send transport) *Client {
	return &Client{base: strings.TrimRight(base, "/"), send: send, now: time.Now, sleep: sleep, lang: "ru"}
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// SetLang sets the Accept-Language of the following requests ("ru", "en").
func (c *Client) SetLang(lang string) {
	c.mu.Lock()
	c.lang = lang
	c.mu.Unlock()
}

// SetKiosk makes this browser a kiosk: every request carries its device
// secret ("" makes it an ordinary browser again).
func (c *Client) SetKiosk(secret string) {
	c.mu.Lock()
	c.kiosk = secret
	c.mu.Unlock()
}

// ServerNow estimates the server's current time from the Date headers seen.
func (c *Client) ServerNow() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now().Add(c.skew)
}

// Idle returns a snapshot of the session's idle clock.
func (c *Client) Idle() Idle {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.idle
}

// ForgetSession clears the idle clock (after logout or a 401).
func (c *Client) ForgetSession() {
	c.mu.Lock()
	c.idle = Idle{}
	c.mu.Unlock()
}

// do sends one request. in, when not nil, is sent as JSON; out, when not
// nil, receives the JSON answer.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	res, received, err := c.exchange(ctx, method, path, in)
	if err != nil {
		return err
	}
	c.touch(received)
	return c.decode(res, received, out)
}

// Raw is a request body sent as it is (a file), not as JSON.
type Raw struct {
	Body []byte
	Type string
}

// exchange sends one request and brings back a 2xx answer with the time
// it arrived; any other answer becomes a *shared.Error.
func (c *Client) exchange(ctx context.Context, method, path string, in any) (response, time.Time, error) {
	var body []byte
	contentType := "application/json"
	if raw, ok := in.(Raw); ok {
		body, contentType = raw.Body, raw.Type
	} else if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return response{}, time.Time{}, &shared.Error{Code: shared.CodeInternal, Message: err.Error()}
		}
		body = b
	}
	c.mu.Lock()
	lang, kiosk := c.lang, c.kiosk
	c.mu.Unlock()
	h := http.Header{}
	if kiosk != "" {
		h.Set(shared.KioskHeader, kiosk)
	}
	h.Set(shared.AppHeader, shared.AppHeaderValue)
	h.Set("Accept", "application/json")
	h.Set("Accept-Language", lang)
	if in != nil {
		h.Set("Content-Type", contentType)
	}

	for attempt := 0; ; attempt++ {
		res, received, err := c.roundTrip(ctx, method, path, h, body)
		wait, again := retryAfter(method, attempt, err)
		if !again || c.sleep(ctx, wait) != nil {
			return res, received, err
		}
	}
}

// Retries of idempotent requests while the server is unavailable (a
// restart of the database or of the server itself takes a few seconds).
const (
	maxRetries   = 3
	firstBackoff = time.Second
	maxBackoff   = 5 * time.Second
)

// retryAfter says whether a request that failed with err on its attempt
// (0 for the first) is worth sending again, and after how long: only reads
// (GET, HEAD), which cannot do a thing twice, and only when the server or
// the network was unavailable. The server's Retry-After wins over the
// doubling backoff; neither waits more than maxBackoff.
func retryAfter(method string, attempt int, err error) (time.Duration, bool) {
	if method != http.MethodGet && method != http.MethodHead || attempt >= maxRetries {
		return 0, false
	}
	e, ok := shared.AsError(err)
	if !ok || e.Code != shared.CodeUnavailable {
		return 0, false
	}
	wait := firstBackoff << attempt
	if e.RetryAfter > 0 {
		wait = time.Duration(e.RetryAfter) * time.Second
	}
	return min(wait, maxBackoff), true
}

// roundTrip sends the request once; an answer that is not 2xx becomes a
// *shared.Error, and no answer at all CodeUnavailable.
func (c *Client) roundTrip(ctx context.Context, method, path string, h http.Header, body []byte) (response, time.Time, error) {
	res, err := c.send(ctx, method, c.base+shared.APIPrefix+path, h, body)
	if err != nil {
		return response{}, time.Time{}, shared.E(shared.CodeUnavailable)
	}
	received := c.now()
	c.noteDate(res.header.Get("Date"), received)

	if res.status < 200 || res.status > 299 {
		e := decodeError(res)
		if e.Code == shared.CodeUnauthenticated || e.Code == shared.CodeSessionExpired {
			c.ForgetSession()
		}
		return response{}, received, e
	}
	return res, received, nil
}

// decode reads a 2xx answer's JSON into out (when not nil); a session
// answer also sets the idle clock.
func (c *Client) decode(res response, received time.Time, out any) error {
	if out == nil || res.status == http.StatusNoContent || len(res.body) == 0 {
		return nil
	}
	if err := json.Unmarshal(res.body, out); err != nil {
		return &shared.Error{Code: shared.CodeInternal, Message: "bad answer: " + err.Error()}
	}
	if s, ok := out.(*shared.SessionInfo); ok {
		c.observe(*s, received)
	}
	return nil
}

// decodeError reads the *shared.Error of a non-2xx answer, falling back to a
// code derived from the status when the body is not one.
func decodeError(res response) *shared.Error {
	var e shared.Error
	if json.Unmarshal(res.body, &e) != nil || e.Code == "" {
		e = shared.Error{Code: codeOfStatus(res.status)}
	}
	if e.RetryAfter == 0 {
		if s, err := strconv.Atoi(res.header.Get("Retry-After")); err == nil && s > 0 {
			e.RetryAfter = s
		}
	}
	return &e
}

func codeOfStatus(status int) shared.Code {
	switch {
	case status == http.StatusBadRequest, status == http.StatusUnprocessableEntity:
		return shared.CodeInvalidInput
	case status == http.StatusUnauthorized:
		return shared.CodeUnauthenticated
	case status == http.StatusForbidden:
		return shared.CodeForbidden
	case status == http.StatusNotFound:
		return shared.CodeNotFound
	case status == http.StatusConflict:
		return shared.CodeConflict
	case status == http.StatusTooManyRequests:
		return shared.CodeRateLimited
	case status == http.StatusBadGateway, status == http.StatusServiceUnavailable, status == http.StatusGatewayTimeout:
		return shared.CodeUnavailable
	default:
		return shared.CodeInternal
	}
}

func (c *Client) noteDate(date string, received time.Time) {
	if date == "" {
		return
	}
	t, err := http.ParseTime(date)
	if err != nil {
		return
	}
	c.mu.Lock()
	// Date is truncated to the second (so on average half a second
	// behind) and a slow answer adds its latency: only a skew of more
	// than two seconds is a real clock difference worth correcting, or
	// countdowns would start at 1:01.
	skew := t.Add(500 * time.Millisecond).Sub(received)
	if skew > -2*time.Second && skew < 2*time.Second {
		skew = 0
	}
	c.skew = skew
	c.mu.Unlock()
}

func (c *Client) observe(s shared.SessionInfo, received time.Time) {
	c.mu.Lock()
	c.idle = IdleFrom(s, received)
	c.mu.Unlock()
}

func (c *Client) touch(at time.Time) {
	c.mu.Lock()
	c.idle = c.idle.Touched(at)
	c.mu.Unlock()
}

func get[T any](ctx context.Context, c *Client, path string) (T, error) {
	var out T
	err := c.do(ctx, http.MethodGet, path, nil, &out)
	return out, err
}

func send[T any](ctx context.Context, c *Client, method, path string, in any) (T, error) {
	var out T
	err := c.do(ctx, method, path, in, &out)
	return out, err
}

// Session returns the caller's session (GET /session); 401 when signed out.
func (c *Client) Session(ctx context.Context) (shared.SessionInfo, error) {
	return get[shared.SessionInfo](ctx, c, "/session")
}

// ExtendSession keeps the session alive (POST /session/extend).
func (c *Client) ExtendSession(ctx context.Context) (shared.SessionInfo, error) {
	return send[shared.SessionInfo](ctx, c, http.MethodPost, "/session/extend", struct{}{})
}

// Register creates an account (POST /register).
func (c *Client) Register(ctx context.Context, r shared.RegisterRequest) (shared.RegisterResponse, error) {
	return send[shared.RegisterResponse](ctx, c, http.MethodPost, "/register", r)
}

// Challenge looks up a one-time-code challenge (GET /verify/{id}).
func (c *Client) Challenge(ctx context.Context, id string) (shared.Challenge, error) {
	return get[shared.Challenge](ctx, c, "/verify/"+url.PathEscape(id))
}

// Verify answers a challenge (POST /verify).
func (c *Client) Verify(ctx context.Context, r shared.VerifyRequest) (shared.VerifyResponse, error) {
	return send[shared.VerifyResponse](ctx, c, http.MethodPost, "/verify", r)
}

// Resend asks for a new code (POST /verify/resend).
func (c *Client) Resend(ctx context.Context, challengeID string) (shared.Challenge, error) {
	return send[shared.Challenge](ctx, c, http.MethodPost, "/verify/resend", shared.ResendRequest{ChallengeID: challengeID})
}

// VerifyContact starts confirming the signed-in owner's phone or e-mail
// (POST /me/verify).
func (c *Client) VerifyContact(ctx context.Context, channel string) (shared.Challenge, error) {
	return send[shared.Challenge](ctx, c, http.MethodPost, "/me/verify", shared.ContactVerifyRequest{Channel: channel})
}

// Login signs in with a password (POST /login). When the account has a
// second factor the server answers 202 with the step to finish at
// LoginSecondFactor: then the step is not nil and there is no session yet.
func (c *Client) Login(ctx context.Context, r shared.LoginRequest) (shared.SessionInfo, *shared.SecondFactorStep, error) {
	res, received, err := c.exchange(ctx, http.MethodPost, "/login", r)
	if err != nil {
		return shared.SessionInfo{}, nil, err
	}
	if res.status == http.StatusAccepted {
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
	return send[shared.SessionInfo](ctx, c, http.MethodPost, "/login/second-factor", r)
}

// Logout ends the session (POST /logout).
func (c *Client) Logout(ctx context.Context) error {
	err := c.do(ctx, http.MethodPost, "/logout", struct{}{}, nil)
	c.ForgetSession()
	return err
}

// RecoverStart sends a recovery code (POST /recover/start).
func (c *Client) RecoverStart(ctx context.Context, r shared.RecoverStartRequest) (shared.Challenge, error) {
	return send[shared.Challenge](ctx, c, http.MethodPost, "/recover/start", r)
}

// RecoverFinish sets a new password with the code (POST /recover/finish).
func (c *Client) RecoverFinish(ctx context.Context, r shared.RecoverFinishRequest) error {
	return c.do(ctx, http.MethodPost, "/recover/finish", r, nil)
}

// Me returns the owner's account (GET /me).
func (c *Client) Me(ctx context.Context) (shared.Account, error) {
	return get[shared.Account](ctx, c, "/me")
}

// UpdateProfile saves the owner's personal data (PUT /me/profile).
func (c *Client) UpdateProfile(ctx context.Context, r shared.ProfileRequest) (shared.Account, error) {
	return send[shared.Account](ctx, c, http.MethodPut, "/me/profile", r)
}

// ChangePassword changes the password (POST /me/password).
func (c *Client) ChangePassword(ctx context.Context, r shared.PasswordChangeRequest) error {
	return c.do(ctx, http.MethodPost, "/me/password", r, nil)
}

// Factors returns the owner's second factors (GET /me/factors).
func (c *Client) Factors(ctx context.Context) (shared.Factors, error) {
	return get[shared.Factors](ctx, c, "/me/factors")
}

// StartTOTP starts adding an authenticator app (POST /me/totp): the
// secret and its QR code.
func (c *Client) StartTOTP(ctx context.Context) (shared.TOTPEnrolment, error) {
	return send[shared.TOTPEnrolment](ctx, c, http.MethodPost, "/me/totp", struct{}{})
}

// ConfirmTOTP confirms the app with its first code (POST /me/totp/confirm)
// and returns the recovery codes, shown once.
func (c *Client) ConfirmTOTP(ctx context.Context, code string) (shared.RecoveryCodes, error) {
	return send[shared.RecoveryCodes](ctx, c, http.MethodPost, "/me/totp/confirm", shared.TOTPConfirmRequest{Code: code})
}

// RemoveTOTP removes the authenticator app (DELETE /me/totp); it needs a
// fresh step-up (step_up_required otherwise).
func (c *Client) RemoveTOTP(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, "/me/totp", nil, nil)
}

// RenewRecoveryCodes replaces the recovery codes (POST /me/recovery-codes);
// it needs a fresh step-up.
func (c *Client) RenewRecoveryCodes(ctx context.Context) (shared.RecoveryCodes, error) {
	return send[shared.RecoveryCodes](ctx, c, http.MethodPost, "/me/recovery-codes", struct{}{})
}

// Reauth gives the password again before a sensitive change, in an
// account without a second factor (POST /me/reauth).
func (c *Client) Reauth(ctx context.Context, password string) (shared.SessionInfo, error) {
	return send[shared.SessionInfo](ctx, c, http.MethodPost, "/me/reauth", shared.ReauthRequest{Password: password})
}

// FileFactorReset files «нет доступа к второму фактору» with the ticket
// of the password step (POST /login/factor-reset).
func (c *Client) FileFactorReset(ctx context.Context, ticket string) error {
	_, err := send[struct{}](ctx, c, http.MethodPost, "/login/factor-reset", shared.FactorResetRequest{Ticket: ticket})
	return err
}

// StepUp confirms the person with a second factor for the sensitive
// actions of the next minutes (POST /me/step-up; no ticket).
func (c *Client) StepUp(ctx context.Context, method, code string) (shared.SessionInfo, error) {
	return send[shared.SessionInfo](ctx, c, http.MethodPost, "/me/step-up", shared.SecondFactorRequest{Method: method, Code: code})
}

// NPDPayer is the signed-in person as an НПД payer (GET /npd).
func (c *Client) NPDPayer(ctx context.Context) (npd.Payer, error) {
	return get[npd.Payer](ctx, c, "/npd")
}

// NPDRegister registers as self-employed (POST /npd/register).
func (c *Client) NPDRegister(ctx context.Context, r npd.RegisterRequest) (npd.Payer, error) {
	return send[npd.Payer](ctx, c, http.MethodPost, "/npd/register", r)
}

// NPDDeregister ends the status with the person's reason (POST /npd/deregister).
func (c *Client) NPDDeregister(ctx context.Context, reason string) error {
	return c.do(ctx, http.MethodPost, "/npd/deregister", npd.DeregisterRequest{Reason: reason}, nil)
}

// Receipts lists the person's receipts (GET /npd/receipts?from&to&buyer&status&q).
func (c *Client) Receipts(ctx context.Context, filter url.Values) (npd.ReceiptList, error) {
	path := "/npd/receipts"
	if len(filter) > 0 {
		path += "?" + filter.Encode()
	}
	return get[npd.ReceiptList](ctx, c, path)
}

// CreateReceipt issues a receipt (POST /npd/receipts).
func (c *Client) CreateReceipt(ctx context.Context, r npd.ReceiptRequest) (npd.Receipt, error) {
	return send[npd.Receipt](ctx, c, http.MethodPost, "/npd/receipts", r)
}

// AnnulReceipt annuls a receipt with one of the two reasons.
func (c *Client) AnnulReceipt(ctx context.Context, id, reason string) (npd.Receipt, error) {
	return send[npd.Receipt](ctx, c, http.MethodPost, "/npd/receipts/"+url.PathEscape(id)+"/annul", npd.AnnulRequest{Reason: reason})
}

// PublicReceipt is the check page's receipt (GET /r/{number}, no sign-in).
func (c *Client) PublicReceipt(ctx context.Context, number string) (npd.Receipt, error) {
	return get[npd.Receipt](ctx, c, "/r/"+url.PathEscape(number))
}

// StartContactChange sends a code to a new phone or e-mail (POST /me/contact).
func (c *Client) StartContactChange(ctx context.Context, r shared.ContactChangeRequest) (shared.Challenge, error) {
	return send[shared.Challenge](ctx, c, http.MethodPost, "/me/contact", r)
}

// ConfirmContactChange puts the new contact in place with its code.
func (c *Client) ConfirmContactChange(ctx context.Context, r shared.VerifyRequest) (shared.Account, error) {
	return send[shared.Account](ctx, c, http.MethodPost, "/me/contact/confirm", r)
}

// StartPushApproval asks the account's phones to approve this sign-in.
func (c *Client) StartPushApproval(ctx context.Context, ticket string) (shared.QRTicket, error) {
	return send[shared.QRTicket](ctx, c, http.MethodPost, "/login/second-factor/push", shared.PushApprovalRequest{Ticket: ticket})
}

// PushStatus tells whether this session gets sign-in requests by push.
func (c *Client) PushStatus(ctx context.Context) (shared.PushStatus, error) {
	return get[shared.PushStatus](ctx, c, "/me/push")
}

// SubscribePush stores this browser's push subscription for the session.
func (c *Client) SubscribePush(ctx context.Context, s shared.PushSubscription) error {
	return c.do(ctx, http.MethodPost, "/me/push", s, nil)
}

// UnsubscribePush stops push requests to this session.
func (c *Client) UnsubscribePush(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, "/me/push", nil, nil)
}

// WaitApprovals waits until the waiting sign-ins differ from seen. It is
// passive: listening for requests is not the person's activity, so it
// neither extends the session on the server nor the idle clock here.
func (c *Client) WaitApprovals(ctx context.Context, seen []string) (shared.ApprovalList, error) {
	var out shared.ApprovalList
	res, received, err := c.exchange(ctx, http.MethodPost, "/me/approvals/wait?passive=1", shared.ApprovalsWaitRequest{Seen: seen})
	if err != nil {
		return out, err
	}
	return out, c.decode(res, received, &out)
}

// Approval is one waiting sign-in (GET /me/approvals/{id}).
func (c *Client) Approval(ctx context.Context, id string) (shared.QRRequest, error) {
	return get[shared.QRRequest](ctx, c, "/me/approvals/"+url.PathEscape(id))
}

// LoginSMS sends the SMS code of a sign-in's second step.
func (c *Client) LoginSMS(ctx context.Context, ticket string) (shared.Challenge, error) {
	return send[shared.Challenge](ctx, c, http.MethodPost, "/login/second-factor/sms", shared.SMSCodeRequest{Ticket: ticket})
}

// StepUpSMS sends an SMS code for a step-up.
func (c *Client) StepUpSMS(ctx context.Context) (shared.Challenge, error) {
	return send[shared.Challenge](ctx, c, http.MethodPost, "/me/step-up/sms", struct{}{})
}

// StartSMSFactor sends the code that switches SMS codes on.
func (c *Client) StartSMSFactor(ctx context.Context) (shared.Challenge, error) {
	return send[shared.Challenge](ctx, c, http.MethodPost, "/me/sms-factor", struct{}{})
}

// ConfirmSMSFactor switches SMS codes on with the code.
func (c *Client) ConfirmSMSFactor(ctx context.Context, code string) error {
	return c.do(ctx, http.MethodPost, "/me/sms-factor/confirm", shared.SMSFactorConfirmRequest{Code: code}, nil)
}

// RemoveSMSFactor switches SMS codes off (step-up required).
func (c *Client) RemoveSMSFactor(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, "/me/sms-factor", nil, nil)
}

// StepUpPasskey confirms a sensitive action with a passkey: the ceremony
// of StepUpOptions and the browser's answer.
func (c *Client) StepUpPasskey(ctx context.Context, ceremony string, credential []byte) (shared.SessionInfo, error) {
	return send[shared.SessionInfo](ctx, c, http.MethodPost, "/me/step-up",
		shared.SecondFactorRequest{Method: shared.FactorPasskey, Ceremony: ceremony, Credential: credential})
}

// StepUpOptions starts a step-up with a passkey (POST /me/step-up/options).
func (c *Client) StepUpOptions(ctx context.Context) (shared.PasskeyOptions, error) {
	return send[shared.PasskeyOptions](ctx, c, http.MethodPost, "/me/step-up/options", struct{}{})
}

// Passkeys lists the owner's passkeys (GET /me/passkeys).
func (c *Client) Passkeys(ctx context.Context) (shared.PasskeyList, error) {
	return get[shared.PasskeyList](ctx, c, "/me/passkeys")
}

// BeginPasskey asks for registration options (POST /me/passkeys/options).
func (c *Client) BeginPasskey(ctx context.Context, name string) (shared.PasskeyOptions, error) {
	return send[shared.PasskeyOptions](ctx, c, http.MethodPost, "/me/passkeys/options", shared.PasskeyBeginRequest{Name: name})
}

// AddPasskey finishes a registration (POST /me/passkeys).
func (c *Client) AddPasskey(ctx context.Context, r shared.PasskeyRegisterRequest) (shared.Passkey, error) {
	return send[shared.Passkey](ctx, c, http.MethodPost, "/me/passkeys", r)
}

// RemovePasskey removes one of the owner's passkeys (step-up required).
func (c *Client) RemovePasskey(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, "/me/passkeys/"+url.PathEscape(id), nil, nil)
}

// PasskeyLoginOptions starts a passkey sign-in (POST /login/passkey/options):
// ticket "" for a sign-in without a login, or the password step's ticket.
func (c *Client) PasskeyLoginOptions(ctx context.Context, ticket string) (shared.PasskeyOptions, error) {
	return send[shared.PasskeyOptions](ctx, c, http.MethodPost, "/login/passkey/options", shared.PasskeyLoginOptionsRequest{Ticket: ticket})
}

// PasskeyLogin signs in with a passkey alone (POST /login/passkey).
func (c *Client) PasskeyLogin(ctx context.Context, r shared.PasskeyLoginRequest) (shared.SessionInfo, error) {
	return send[shared.SessionInfo](ctx, c, http.MethodPost, "/login/passkey", r)
}

// StartQR asks for a QR sign-in ticket for this screen (POST /login/qr).
func (c *Client) StartQR(ctx context.Context) (shared.QRTicket, error) {
	return send[shared.QRTicket](ctx, c, http.MethodPost, "/login/qr", struct{}{})
}

// RotateQR replaces the ticket's code (POST /login/qr/{id}/rotate).
func (c *Client) RotateQR(ctx context.Context, id, secret string) (shared.QRTicket, error) {
	return send[shared.QRTicket](ctx, c, http.MethodPost, "/login/qr/"+url.PathEscape(id)+"/rotate", shared.QRSecretRequest{Secret: secret})
}

// WaitQR waits until the ticket's state is not seen any more (or a while).
func (c *Client) WaitQR(ctx context.Context, id, secret, seen string) (shared.QRStatus, error) {
	return send[shared.QRStatus](ctx, c, http.MethodPost, "/login/qr/"+url.PathEscape(id)+"/wait", shared.QRSecretRequest{Secret: secret, Seen: seen})
}

// FinishQR signs this screen in with an approved ticket.
func (c *Client) FinishQR(ctx context.Context, id, secret string) (shared.SessionInfo, error) {
	return send[shared.SessionInfo](ctx, c, http.MethodPost, "/login/qr/"+url.PathEscape(id)+"/finish", shared.QRSecretRequest{Secret: secret})
}

// ScanQR opens a scanned code on the phone (POST /me/qr/scan).
func (c *Client) ScanQR(ctx context.Context, code string) (shared.QRRequest, error) {
	return send[shared.QRRequest](ctx, c, http.MethodPost, "/me/qr/scan", shared.QRScanRequest{Code: code})
}

// ApproveQR allows the sign-in with the number and, when needed, a factor.
func (c *Client) ApproveQR(ctx context.Context, id string, r shared.QRApproveRequest) error {
	return c.do(ctx, http.MethodPost, "/me/qr/"+url.PathEscape(id)+"/approve", r, nil)
}

// DenyQR declines the sign-in.
func (c *Client) DenyQR(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodPost, "/me/qr/"+url.PathEscape(id)+"/deny", struct{}{}, nil)
}

// NotMe signs the account out everywhere with a notice's token.
func (c *Client) NotMe(ctx context.Context, token string) error {
	err := c.do(ctx, http.MethodPost, "/not-me", shared.NotMeRequest{Token: token}, nil)
	c.ForgetSession()
	return err
}

// Kiosks lists the kiosks (back office).
func (c *Client) Kiosks(ctx context.Context) (shared.KioskList, error) {
	return get[shared.KioskList](ctx, c, "/office/kiosks")
}

// RegisterKiosk adds a kiosk (back office).
func (c *Client) RegisterKiosk(ctx context.Context, r shared.KioskRequest) (shared.KioskRegistered, error) {
	return send[shared.KioskRegistered](ctx, c, http.MethodPost, "/office/kiosks", r)
}

// RevokeKiosk retires a kiosk (back office).
func (c *Client) RevokeKiosk(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodPost, "/office/kiosks/"+url.PathEscape(id)+"/revoke", struct{}{}, nil)
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
	return c.do(ctx, http.MethodDelete, "/me/sessions/"+url.PathEscape(id), nil, nil)
}

// RevokeOtherSessions signs out every other browser (POST /me/sessions/revoke-others).
func (c *Client) RevokeOtherSessions(ctx context.Context) error {
	return c.do(ctx, http.MethodPost, "/me/sessions/revoke-others", struct{}{}, nil)
}

// Outbox returns the dev outbox (GET /dev/outbox; not_found outside dev).
func (c *Client) Outbox(ctx context.Context) ([]shared.OutboxMessage, error) {
	return get[[]shared.OutboxMessage](ctx, c, "/dev/outbox")
}

// SearchPeople searches accounts for the back office.
func (c *Client) SearchPeople(ctx context.Context, q string) (shared.PeopleSearch, error) {
	return get[shared.PeopleSearch](ctx, c, "/office/people?q="+url.QueryEscape(q))
}

// Person returns one account for the back office.
func (c *Client) Person(ctx context.Context, id string) (shared.Account, error) {
	return get[shared.Account](ctx, c, "/office/people/"+url.PathEscape(id))
}

// PersonJournal returns a page of a person's journal for the back office.
func (c *Client) PersonJournal(ctx context.Context, id string, before int64) (shared.JournalPage, error) {
	return get[shared.JournalPage](ctx, c, "/office/people/"+url.PathEscape(id)+"/journal"+beforeQuery(before))
}

// ConfirmIdentity records an in-person identity check.
func (c *Client) ConfirmIdentity(ctx context.Context, id string, r shared.ConfirmIdentityRequest) (shared.Account, error) {
	return send[shared.Account](ctx, c, http.MethodPost, "/office/people/"+url.PathEscape(id)+"/confirm", r)
}

// PersonSessions lists a person's open sessions for the back office.
func (c *Client) PersonSessions(ctx context.Context, id string) (shared.SessionList, error) {
	return get[shared.SessionList](ctx, c, "/office/people/"+url.PathEscape(id)+"/sessions")
}

// EndPersonSessions ends one of a person's sessions (handle) or, with
// handle "", all of them.
func (c *Client) EndPersonSessions(ctx context.Context, id, handle string) error {
	path := "/office/people/" + url.PathEscape(id) + "/sessions/end"
	if handle != "" {
		path = "/office/people/" + url.PathEscape(id) + "/sessions/" + url.PathEscape(handle) + "/end"
	}
	_, err := send[struct{}](ctx, c, http.MethodPost, path, struct{}{})
	return err
}

// FactorResets lists the pending requests to remove lost second factors.
func (c *Client) FactorResets(ctx context.Context) (shared.FactorResetList, error) {
	return get[shared.FactorResetList](ctx, c, "/office/factor-resets")
}

// SettleFactorReset approves (after the passport check) or rejects a request.
func (c *Client) SettleFactorReset(ctx context.Context, id string, approve bool, d shared.FactorResetDecision) error {
	verb := "/reject"
	if approve {
		verb = "/approve"
	}
	_, err := send[struct{}](ctx, c, http.MethodPost, "/office/factor-resets/"+url.PathEscape(id)+verb, d)
	return err
}

// Block blocks an account with a reason.
func (c *Client) Block(ctx context.Context, id string, reason string) (shared.Account, error) {
	return send[shared.Account](ctx, c, http.MethodPost, "/office/people/"+url.PathEscape(id)+"/block", shared.StatusChangeRequest{Reason: reason})
}

// Unblock unblocks an account with a reason.
func (c *Client) Unblock(ctx context.Context, id string, reason string) (shared.Account, error) {
	return send[shared.Account](ctx, c, http.MethodPost, "/office/people/"+url.PathEscape(id)+"/unblock", shared.StatusChangeRequest{Reason: reason})
}

func beforeQuery(before int64) string {
	if before <= 0 {
		return ""
	}
	return "?before=" + strconv.FormatInt(before, 10)
}

// NPDSummary is the cabinet's figures (GET /npd/summary).
func (c *Client) NPDSummary(ctx context.Context) (npd.Summary, error) {
	return get[npd.Summary](ctx, c, "/npd/summary")
}

// NPDIncome is the income by month of a year (GET /npd/income?year=).
func (c *Client) NPDIncome(ctx context.Context, year int) (npd.Income, error) {
	return get[npd.Income](ctx, c, fmt.Sprintf("/npd/income?year=%d", year))
}

// NPDIncomeByDay is the income by day of a month, YYYY-MM (GET /npd/income?month=).
func (c *Client) NPDIncomeByDay(ctx context.Context, month string) (npd.Income, error) {
	return get[npd.Income](ctx, c, "/npd/income?month="+url.QueryEscape(month))
}

// NPDLedger is the tax periods (GET /npd/ledger).
func (c *Client) NPDLedger(ctx context.Context) (npd.Ledger, error) {
	return get[npd.Ledger](ctx, c, "/npd/ledger")
}

// Penalty explains a notice's penalty day by day (GET /npd/notices/{id}/penalty).
func (c *Client) Penalty(ctx context.Context, noticeID string) (npd.PenaltyExplained, error) {
	return get[npd.PenaltyExplained](ctx, c, "/npd/notices/"+url.PathEscape(noticeID)+"/penalty")
}

// PayNotice is how to pay a notice (GET /npd/notices/{id}/pay).
func (c *Client) PayNotice(ctx context.Context, noticeID string) (npd.PayInfo, error) {
	return get[npd.PayInfo](ctx, c, "/npd/notices/"+url.PathEscape(noticeID)+"/pay")
}

// PayAdvance is how to pay in advance (GET /npd/pay?amount=; 0: the running tax).
func (c *Client) PayAdvance(ctx context.Context, amount shared.Kopecks) (npd.PayInfo, error) {
	return get[npd.PayInfo](ctx, c, fmt.Sprintf("/npd/pay?amount=%d", int64(amount)))
}

// NPDPayments is the payment history (GET /npd/payments).
func (c *Client) NPDPayments(ctx context.Context) (npd.Payments, error) {
	return get[npd.Payments](ctx, c, "/npd/payments")
}

// Certificates lists the documents issued to the person (GET /npd/certificates).
func (c *Client) Certificates(ctx context.Context) (npd.IssuedDocuments, error) {
	return get[npd.IssuedDocuments](ctx, c, "/npd/certificates")
}

// OrderCertificate issues a certificate (POST /npd/certificates).
func (c *Client) OrderCertificate(ctx context.Context, r npd.CertificateRequest) (npd.IssuedDocument, error) {
	return send[npd.IssuedDocument](ctx, c, http.MethodPost, "/npd/certificates", r)
}

// EmailReceipt sends a receipt by e-mail (POST /npd/receipts/{id}/email).
func (c *Client) EmailReceipt(ctx context.Context, id, to string) error {
	return c.do(ctx, http.MethodPost, "/npd/receipts/"+url.PathEscape(id)+"/email", npd.EmailReceiptRequest{To: to}, nil)
}

// Inbox is the newest notifications (GET /notifications).
func (c *Client) Inbox(ctx context.Context) (shared.Inbox, error) {
	return get[shared.Inbox](ctx, c, "/notifications")
}

// MarkRead marks notifications read; no ids: all (POST /notifications/read).
func (c *Client) MarkRead(ctx context.Context, ids ...int64) error {
	return c.do(ctx, http.MethodPost, "/notifications/read", shared.ReadRequest{IDs: ids}, nil)
}

// NotifyPrefs are the categories switched off (GET /notifications/prefs).
func (c *Client) NotifyPrefs(ctx context.Context) (shared.NotifyPrefs, error) {
	return get[shared.NotifyPrefs](ctx, c, "/notifications/prefs")
}

// SetNotifyPref switches a category on or off (PUT /notifications/prefs/{category}).
func (c *Client) SetNotifyPref(ctx context.Context, category string, on bool) error {
	return c.do(ctx, http.MethodPut, "/notifications/prefs/"+url.PathEscape(category), shared.NotifyPrefRequest{On: on}, nil)
}

// Verification is what the portal knows of an issued document (GET /v/{code}).
func (c *Client) Verification(ctx context.Context, code string) (npd.Verification, error) {
	return get[npd.Verification](ctx, c, "/v/"+url.PathEscape(code))
}

// VerifyFile compares a file with the issued document (POST /v/{code}).
func (c *Client) VerifyFile(ctx context.Context, code string, file []byte) (npd.Verification, error) {
	return send[npd.Verification](ctx, c, http.MethodPost, "/v/"+url.PathEscape(code), Raw{Body: file, Type: "application/pdf"})
}

// Registry looks an organisation or an ИП up by ИНН (GET /registry/{inn}).
func (c *Client) Registry(ctx context.Context, inn string) (shared.RegistryEntry, error) {
	return get[shared.RegistryEntry](ctx, c, "/registry/"+url.PathEscape(inn))
}

// OfficeNPDPayer is a payer as the tax officer sees it (GET /office/npd/payers/{inn}).
func (c *Client) OfficeNPDPayer(ctx context.Context, inn string) (npd.OfficePayer, error) {
	return get[npd.OfficePayer](ctx, c, "/office/npd/payers/"+url.PathEscape(inn))
}

// SetNPDBlocked blocks (with the reason) or unblocks a payer
// (POST /office/npd/payers/{inn}/block, /unblock).
func (c *Client) SetNPDBlocked(ctx context.Context, inn string, block bool, reason string) error {
	action := "/unblock"
	if block {
		action = "/block"
	}
	return c.do(ctx, http.MethodPost, "/office/npd/payers/"+url.PathEscape(inn)+action, npd.StatusRequest{Reason: reason}, nil)
}

// Unidentified lists the payments no notice matched (GET /office/npd/unidentified).
func (c *Client) Unidentified(ctx context.Context) (npd.UnidentifiedPayments, error) {
	return get[npd.UnidentifiedPayments](ctx, c, "/office/npd/unidentified")
}

// AssignPayment records an unidentified payment as the payment of the
// notice with the УИН (POST /office/npd/unidentified/{id}/assign).
func (c *Client) AssignPayment(ctx context.Context, id, uin string) (npd.AssignedPayment, error) {
	return send[npd.AssignedPayment](ctx, c, http.MethodPost, "/office/npd/unidentified/"+url.PathEscape(id)+"/assign",
		npd.AssignPaymentRequest{UIN: uin})
}

// ImportStatement imports a bank statement (CSV), or checks it in a dry
// run (POST /office/npd/statements[?dry=1]).
func (c *Client) ImportStatement(ctx context.Context, csv []byte, dry bool) (npd.StatementResult, error) {
	path := "/office/npd/statements"
	if dry {
		path += "?dry=1"
	}
	return send[npd.StatementResult](ctx, c, http.MethodPost, path, Raw{Body: csv, Type: "text/csv"})
}

// CommonPasswords fetches the list of common passwords (a static file, not
// an API answer) for shared.LoadCommonPasswords.
func (c *Client) CommonPasswords(ctx context.Context) (string, error) {
	res, err := c.send(ctx, http.MethodGet, c.base+shared.CommonPasswordsPath, http.Header{}, nil)
	if err != nil || res.status != http.StatusOK {
		return "", shared.E(shared.CodeUnavailable)
	}
	return string(res.body), nil
}
