// Package portaltest runs a whole portal for tests: a fresh migrated
// database (dbtest), the Fiber app listening on 127.0.0.1, the job workers,
// and HTTP clients that behave like the browser app (cookies, Origin, the
// app header). The API tests and the browser tests both start from here.
// Packages using it call dbtest.Main from their TestMain.
package portaltest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"github.com/uptrace/bun"

	"kabinet/server/account"
	"kabinet/server/audit"
	"kabinet/server/config"
	"kabinet/server/dbtest"
	"kabinet/server/portal"
	"kabinet/shared"
)

// Env is a running portal on a fresh database.
type Env struct {
	T   testing.TB
	URL string // http://127.0.0.1:PORT
	// LocalURL is the same portal as http://localhost:PORT (passkeys need
	// a host name).
	LocalURL string
	DB       *bun.DB
	P        *portal.Portal
	Cfg      config.Config
	Logs     *Log
}

// Start runs a portal serving webDir, in development mode (dev outbox)
// with throttling out of the way; tune changes the configuration.
func Start(t testing.TB, webDir string, tune func(*config.Config)) *Env {
	t.Helper()
	return StartOn(t, webDir, dbtest.NewDB(t), tune)
}

// Second starts another server process of the same portal: its own Fiber
// app, workers and LISTEN connection, over e's database (what two servers
// behind a load balancer are).
func (e *Env) Second(tune func(*config.Config)) *Env {
	e.T.Helper()
	return StartOn(e.T, e.Cfg.WebDir, e.DB, tune)
}

// JournalKey is the tests' journal key: one for every portal, so that
// portals started over the same database verify each other's rows.
var JournalKey = bytes.Repeat([]byte{0x4b}, audit.KeySize)

// StartOn runs a portal over db.
func StartOn(t testing.TB, webDir string, db *bun.DB, tune func(*config.Config)) *Env {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := config.Default()
	c.Addr, c.Dev, c.IPLimit, c.WebDir = ln.Addr().String(), true, 1000, webDir
	c.JournalKey = JournalKey
	c.JournalAnchorFile = filepath.Join(t.TempDir(), "journal.anchor")
	if tune != nil {
		tune(&c)
	}
	// The tests reach the portal directly over http; a tune may still name
	// another public URL (an https one behind a proxy) for what it changes.
	direct := "http://" + c.Addr
	if c.PublicURL == "" {
		c.PublicURL = direct
	}
	// The browser tests of passkeys open the portal as localhost: an IP
	// address cannot be a WebAuthn relying party.
	c.Origins = []string{direct, "http://localhost:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)}
	logs := &Log{}
	p, err := portal.New(context.Background(), c, db, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = p.App.Listener(ln) }()
	p.RunWorkers(context.Background())
	t.Cleanup(func() {
		_ = p.Shutdown(5 * time.Second)
		if t.Failed() {
			t.Logf("server log (last lines):\n%s", logs.Tail(40))
		}
	})
	return &Env{T: t, URL: direct, LocalURL: c.Origins[1], DB: db, P: p, Cfg: c, Logs: logs}
}

// Log is the server log, written by many goroutines.
type Log struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *Log) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// Tail returns the last n lines.
func (l *Log) Tail(n int) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	lines := strings.Split(strings.TrimRight(l.buf.String(), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// String returns the whole log.
func (l *Log) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

var sixDigits = regexp.MustCompile(`\b(\d{6})\b`)

// LastCode is the newest one-time code sent to `to` (in canonical form).
func (e *Env) LastCode(to string) string {
	e.T.Helper()
	for _, m := range e.MessagesTo(to) {
		if c := sixDigits.FindStringSubmatch(m.Body); c != nil {
			return c[1]
		}
	}
	e.T.Fatalf("no code was sent to %s", to)
	return ""
}

// MessagesTo returns the outbox messages to `to`, newest first.
func (e *Env) MessagesTo(to string) []shared.OutboxMessage {
	e.T.Helper()
	msgs, err := e.P.Notify.Outbox(context.Background(), 500)
	if err != nil {
		e.T.Fatal(err)
	}
	var out []shared.OutboxMessage
	for _, m := range msgs {
		if m.To == to {
			out = append(out, m)
		}
	}
	return out
}

// SeedDemo creates the demo accounts (README) and the demo registry entries.
func (e *Env) SeedDemo() {
	e.T.Helper()
	if _, err := e.P.Accounts.SeedDemo(context.Background()); err != nil {
		e.T.Fatalf("seeding the demo accounts: %v", err)
	}
	if err := e.P.Registry.SeedDemo(context.Background()); err != nil {
		e.T.Fatalf("seeding the demo registry: %v", err)
	}
}

// Client is one browser's worth of API access: a cookie jar and the
// headers the app sends.
type Client struct {
	e    *Env
	HTTP *http.Client
	// Header is sent with every request (a kiosk's device secret).
	Header http.Header
}

// Client returns a new client with an empty cookie jar.
func (e *Env) Client() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{e: e, HTTP: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

// Do sends a JSON request under /api/v1; out receives a 2xx body. It
// returns the status and, for errors, the decoded *shared.Error. hdr are
// header name/value pairs to set ("" removes the header).
// Raw is a request body sent as it is, not as JSON.
type Raw struct {
	Body []byte
	Type string // Content-Type
}

// Do sends a request: in as JSON (or a Raw body); the answer is decoded
// into out as JSON, or copied into it when out is a *[]byte.
func (c *Client) Do(method, path string, in, out any, hdr ...string) (int, *shared.Error) {
	t := c.e.T
	t.Helper()
	var body io.Reader
	contentType := "application/json"
	if raw, ok := in.(Raw); ok {
		body, contentType = bytes.NewReader(raw.Body), raw.Type
	} else if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.e.URL+shared.APIPrefix+path, body)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Origin", c.e.URL)
	req.Header.Set(shared.AppHeader, shared.AppHeaderValue)
	for k, vs := range c.Header {
		req.Header[k] = vs
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i+1] == "" {
			req.Header.Del(hdr[i])
		} else {
			req.Header.Set(hdr[i], hdr[i+1])
		}
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		var e shared.Error
		if err := json.Unmarshal(raw, &e); err != nil {
			t.Fatalf("%s %s: %d with a body that is not an error: %q", method, path, resp.StatusCode, raw)
		}
		return resp.StatusCode, &e
	}
	if b, ok := out.(*[]byte); ok {
		*b = raw
	} else if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: decode %q: %v", method, path, raw, err)
		}
	}
	return resp.StatusCode, nil
}

// MustOK fails the test unless the request succeeded.
func (c *Client) MustOK(method, path string, in, out any) {
	c.e.T.Helper()
	if status, e := c.Do(method, path, in, out); e != nil {
		c.e.T.Fatalf("%s %s: %d %+v", method, path, status, e)
	}
}

// Register creates an account through the API, with the consent to the
// processing of personal data the page asks for, and confirms both
// contacts with the codes from the outbox; it returns the request in
// canonical form.
func (e *Env) Register(c *Client, req shared.RegisterRequest) shared.RegisterRequest {
	e.T.Helper()
	req.Consent = true
	var reg shared.RegisterResponse
	c.MustOK("POST", "/register", req, &reg)
	req.Normalize()
	c.MustOK("POST", "/verify", shared.VerifyRequest{ChallengeID: reg.Phone.ID, Code: e.LastCode(req.Phone)}, nil)
	c.MustOK("POST", "/verify", shared.VerifyRequest{ChallengeID: reg.Email.ID, Code: e.LastCode(req.Email)}, nil)
	// The person registered a while ago: the next code to either contact
	// need not wait for the pause after the registration's codes.
	e.PassCodePause(req.Phone, req.Email)
	return req
}

// PassCodePause moves the last code sent to each destination back by the
// pause between codes, as if the person had waited that long.
func (e *Env) PassCodePause(to ...string) {
	e.T.Helper()
	_, err := e.DB.NewRaw("UPDATE send_budget SET last_code_at = last_code_at - ?::interval WHERE destination IN (?)",
		fmt.Sprintf("%d milliseconds", e.Cfg.CodeResend.Milliseconds()), bun.In(to)).Exec(context.Background())
	if err != nil {
		e.T.Fatal(err)
	}
}

// TOTPCode is the code an authenticator app with secret would show that
// the server still accepts for the account with email: a code is taken
// once per 30-second step and never ahead of its step, so after a sign-in
// in the same step it waits for the next one.
func (e *Env) TOTPCode(email, secret string) string {
	e.T.Helper()
	var last int64
	err := e.DB.NewRaw(`SELECT t.last_step FROM totp_factors t JOIN accounts a ON a.id = t.account_id
		WHERE a.email = ? AND t.confirmed_at IS NOT NULL`, strings.ToLower(email)).Scan(context.Background(), &last)
	if err != nil {
		e.T.Fatalf("the authenticator of %s: %v", email, err)
	}
	step := max(time.Now().Unix()/30, last+1)
	if wait := time.Until(time.Unix(step*30, 0)); wait > 0 {
		time.Sleep(wait)
	}
	code, err := totp.GenerateCode(strings.ReplaceAll(secret, " ", ""), time.Unix(step*30, 0))
	if err != nil {
		e.T.Fatal(err)
	}
	return code
}

// SignIn signs c in with the password and, when the account asks for it,
// the authenticator app's code (secret): what staff do, as the back office
// needs a second factor. It returns the session.
func (c *Client) SignIn(email, password, secret string) shared.SessionInfo {
	c.e.T.Helper()
	var step shared.SecondFactorStep
	status, e := c.Do("POST", "/login", shared.LoginRequest{Login: email, Password: password}, &step)
	if e != nil {
		c.e.T.Fatalf("POST /login %s: %d %+v", email, status, e)
	}
	var info shared.SessionInfo
	if status != http.StatusAccepted {
		c.MustOK("GET", "/session", nil, &info)
		return info
	}
	c.MustOK("POST", "/login/second-factor", shared.SecondFactorRequest{Ticket: step.Ticket, Method: shared.FactorTOTP,
		Code: c.e.TOTPCode(email, secret)}, &info)
	return info
}

// SignInDemo signs c in as the demo account with login (README), with its
// authenticator app when it has one (the staff).
func (c *Client) SignInDemo(login string) shared.SessionInfo {
	c.e.T.Helper()
	for _, d := range account.Demos {
		if d.Login == login {
			return c.SignIn(login, d.Password, d.TOTP)
		}
	}
	c.e.T.Fatalf("no demo account %s", login)
	return shared.SessionInfo{}
}

// AddApp sets up an authenticator app for c's account (the first factor
// needs no step-up) and returns its secret. Proving it also counts as a
// second factor of c's session.
func (c *Client) AddApp() string {
	c.e.T.Helper()
	var en shared.TOTPEnrolment
	c.MustOK("POST", "/me/totp", nil, &en)
	code, err := totp.GenerateCode(strings.ReplaceAll(en.Secret, " ", ""), time.Now())
	if err != nil {
		c.e.T.Fatal(err)
	}
	c.MustOK("POST", "/me/totp/confirm", shared.TOTPConfirmRequest{Code: code}, nil)
	return en.Secret
}
