package portal_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/config"
	"kabinet/server/dbtest"
	"kabinet/server/portal"
	"kabinet/shared"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// env is a running portal on a fresh database, reached over real HTTP.
type env struct {
	t    testing.TB
	url  string
	db   *bun.DB
	p    *portal.Portal
	cfg  config.Config
	logs *bytes.Buffer
}

// start runs a portal on 127.0.0.1 with cfg changed by tune.
func start(t testing.TB, tune func(*config.Config)) *env {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := config.Default()
	c.Addr, c.Dev, c.IPLimit, c.WebDir = ln.Addr().String(), true, 1000, fakeWeb(t)
	if tune != nil {
		tune(&c)
	}
	c.PublicURL = "http://" + c.Addr
	c.Origins = []string{c.PublicURL}
	db := dbtest.NewDB(t)
	logs := &bytes.Buffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	p, err := portal.New(context.Background(), c, db, log)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = p.App.Listener(ln) }()
	ctx, cancel := context.WithCancel(context.Background())
	p.RunWorkers(ctx)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
		cancel()
		_ = p.App.ShutdownWithTimeout(5 * time.Second)
	})
	return &env{t: t, url: c.PublicURL, db: db, p: p, cfg: c, logs: logs}
}

// fakeWeb is a web directory with a stand-in app.wasm and its compressed
// copies (the real build is the Makefile's; here only serving is tested).
func fakeWeb(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{"app.wasm": "\x00asm raw", "app.wasm.gz": "gzip body", "app.wasm.br": "brotli body"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// client is one browser: a cookie jar and the app's headers.
type client struct {
	e    *env
	http *http.Client
	ip   string // X-Forwarded-For is not trusted, so every client is 127.0.0.1
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, http: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

// do sends a request; out (when non-nil) receives the 2xx JSON body. It
// returns the status and, for errors, the decoded *shared.Error.
func (c *client) do(method, path string, in, out any, hdr ...string) (int, *shared.Error) {
	c.e.t.Helper()
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.e.url+shared.APIPrefix+path, body)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", c.e.url)
	req.Header.Set(shared.AppHeader, shared.AppHeaderValue)
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i+1] == "" {
			req.Header.Del(hdr[i])
		} else {
			req.Header.Set(hdr[i], hdr[i+1])
		}
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		var e shared.Error
		if err := json.Unmarshal(raw, &e); err != nil {
			c.e.t.Fatalf("%s %s: %d with a body that is not an error: %q", method, path, resp.StatusCode, raw)
		}
		return resp.StatusCode, &e
	}
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			c.e.t.Fatalf("%s %s: decode %q: %v", method, path, raw, err)
		}
	}
	return resp.StatusCode, nil
}

// mustOK fails the test unless the request succeeded.
func (c *client) mustOK(method, path string, in, out any) {
	c.e.t.Helper()
	if status, e := c.do(method, path, in, out); e != nil {
		c.e.t.Fatalf("%s %s: %d %+v", method, path, status, e)
	}
}

var sixDigits = regexp.MustCompile(`\b(\d{6})\b`)

// lastCode reads the newest one-time code sent to `to` from the outbox.
func (e *env) lastCode(to string) string {
	e.t.Helper()
	msgs, err := e.p.Notify.Outbox(context.Background(), 100)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, m := range msgs {
		if m.To == to {
			if c := sixDigits.FindStringSubmatch(m.Body); c != nil {
				return c[1]
			}
		}
	}
	e.t.Fatalf("no code sent to %s", to)
	return ""
}

// messagesTo returns the outbox messages to `to`, newest first.
func (e *env) messagesTo(to string) []shared.OutboxMessage {
	e.t.Helper()
	msgs, err := e.p.Notify.Outbox(context.Background(), 500)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []shared.OutboxMessage
	for _, m := range msgs {
		if m.To == to {
			out = append(out, m)
		}
	}
	return out
}

const goodPassword = "Moy-Kabinet-2026!"

// person registers, confirms both contacts and returns the request used.
func (e *env) person(c *client, phone, email string) shared.RegisterRequest {
	e.t.Helper()
	req := shared.RegisterRequest{LastName: "Смирнова", FirstName: "Ольга", MiddleName: "Павловна",
		Phone: phone, Email: email, Password: goodPassword}
	var reg shared.RegisterResponse
	c.mustOK("POST", "/register", req, &reg)
	norm := req
	norm.Normalize()
	c.mustOK("POST", "/verify", shared.VerifyRequest{ChallengeID: reg.Phone.ID, Code: e.lastCode(norm.Phone)}, nil)
	c.mustOK("POST", "/verify", shared.VerifyRequest{ChallengeID: reg.Email.ID, Code: e.lastCode(norm.Email)}, nil)
	return norm
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
