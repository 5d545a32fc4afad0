// Package client is the front end's one typed API client: every /api/v1 call
// over the shared request and response types. It runs in the browser (over
// the Fetch API, called directly, with same-origin cookies on each request)
// and in tests against an httptest server (over net/http).
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
	"strconv"
	"strings"
	"sync"
	"time"

	"kabinet/shared"
)

// response is what a transport brings back: the status, the headers the
// client reads (Date, Retry-After) and the body.
type response struct {
	status int
	header Header
	body   []byte
}

// transport sends one request. In the browser it is the Fetch API called
// directly (net/http, even imported only for its names, would add about
// 600 KB of brotli to app.wasm: see http.go); elsewhere it is net/http
// (tests, tools). The response carries only responseHeaders.
type transport func(ctx context.Context, method, url string, header Header, body []byte) (response, error)

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
	Body   []byte
	Type   string
	Header Header // sent with it (an upload's file name)
}

// exchange sends one request and brings back a 2xx answer with the time
// it arrived; any other answer becomes a *shared.Error.
func (c *Client) exchange(ctx context.Context, method, path string, in any) (response, time.Time, error) {
	var body []byte
	contentType := "application/json"
	h := Header{}
	if raw, ok := in.(Raw); ok {
		body, contentType = raw.Body, raw.Type
		for k, v := range raw.Header {
			h.Set(k, v)
		}
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
	if method != methodGet && method != methodHead || attempt >= maxRetries {
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
func (c *Client) roundTrip(ctx context.Context, method, path string, h Header, body []byte) (response, time.Time, error) {
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
	if out == nil || res.status == statusNoContent || len(res.body) == 0 {
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
	case status == statusBadRequest, status == statusUnprocessableEntity:
		return shared.CodeInvalidInput
	case status == statusUnauthorized:
		return shared.CodeUnauthenticated
	case status == statusForbidden:
		return shared.CodeForbidden
	case status == statusNotFound:
		return shared.CodeNotFound
	case status == statusConflict:
		return shared.CodeConflict
	case status == statusTooManyRequests:
		return shared.CodeRateLimited
	case status == statusBadGateway, status == statusServiceUnavailable, status == statusGatewayTimeout:
		return shared.CodeUnavailable
	default:
		return shared.CodeInternal
	}
}

func (c *Client) noteDate(date string, received time.Time) {
	if date == "" {
		return
	}
	t, err := parseHTTPTime(date)
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
	err := c.do(ctx, methodGet, path, nil, &out)
	return out, err
}

func send[T any](ctx context.Context, c *Client, method, path string, in any) (T, error) {
	var out T
	err := c.do(ctx, method, path, in, &out)
	return out, err
}

func beforeQuery(before int64) string {
	if before <= 0 {
		return ""
	}
	return "?before=" + strconv.FormatInt(before, 10)
}

// CommonPasswords fetches the list of common passwords (a static file, not
// an API answer) for shared.LoadCommonPasswords.
func (c *Client) CommonPasswords(ctx context.Context) (string, error) {
	res, err := c.send(ctx, methodGet, c.base+shared.CommonPasswordsPath, Header{}, nil)
	if err != nil || res.status != statusOK {
		return "", shared.E(shared.CodeUnavailable)
	}
	return string(res.body), nil
}

// Texts fetches one language of the message catalogue (a static file the
// server makes from shared/i18n, at path) for i18n.Load.
func (c *Client) Texts(ctx context.Context, path string) ([]byte, error) {
	res, err := c.send(ctx, methodGet, c.base+path, Header{}, nil)
	if err != nil || res.status != statusOK {
		return nil, shared.E(shared.CodeUnavailable)
	}
	return res.body, nil
}
