package portal_test

import (
	"bufio"
	"encoding/json"
	"maps"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

// probe is one hostile request and the typed answer it must get.
type probe struct {
	name         string
	c            *portaltest.Client
	method, path string
	body         any
	status       int
	field        string
	code         shared.Code
}

// withNUL returns, for every string field of req (all set), the JSON name
// of the field and a body with a NUL byte in that field.
func withNUL(t *testing.T, req any) map[string]map[string]any {
	t.Helper()
	b, _ := json.Marshal(req)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]any{}
	for k, v := range m {
		if _, ok := v.(string); ok {
			body := maps.Clone(m)
			body[k] = "x\x00y"
			out[k] = body
		}
	}
	return out
}

// Inputs that used to travel as far as PostgreSQL, which refused them, and
// came back 500 internal: a NUL byte in any JSON string or query, dates
// before year 1900 (year 1, year 0, negative years) in every date query.
// Each gets 422 invalid_input naming the field, and nothing is logged as
// an internal failure.
func TestHostileInputsGetTypedAnswers(t *testing.T) {
	e := start(t, nil)
	ivan := selfEmployedIvan(t, e, "2026-08-10 12:00")
	op := e.Client()
	op.SignInDemo("operator@example.ru")
	anon := e.Client()
	const id = "0b6ad3a2-6d3c-4a8e-9d59-3f1f7b0e2a10"

	bodies := []struct {
		c    *portaltest.Client
		path string
		req  any
	}{
		{anon, "/verify", shared.VerifyRequest{ChallengeID: id, Code: "123456"}},
		{anon, "/verify/resend", shared.ResendRequest{ChallengeID: id}},
		{anon, "/recover/finish", shared.RecoverFinishRequest{ChallengeID: id, Code: "123456", Password: goodPassword}},
		{anon, "/login/second-factor", shared.SecondFactorRequest{Ticket: id, Method: "totp", Code: "123456", Ceremony: id}},
		{anon, "/login/second-factor/sms", shared.SMSCodeRequest{Ticket: id}},
		{anon, "/login/second-factor/push", shared.PushApprovalRequest{Ticket: id}},
		{anon, "/login/passkey/options", shared.PasskeyLoginOptionsRequest{Ticket: id}},
		{op, "/office/kiosks", shared.KioskRequest{Name: "Терминал", Centre: "МФЦ", Address: "Москва"}},
	}
	var probes []probe
	for _, b := range bodies {
		for field, body := range withNUL(t, b.req) {
			probes = append(probes, probe{"NUL in " + b.path + " " + field, b.c, "POST", b.path, body,
				http.StatusUnprocessableEntity, field, shared.CodeControlChars})
		}
	}
	for _, path := range []string{"/npd/receipts", "/npd/export.xlsx", "/npd/export.pdf"} {
		probes = append(probes, probe{"NUL in " + path + " q", ivan, "GET", path + "?q=%00", nil,
			http.StatusUnprocessableEntity, "q", shared.CodeControlChars})
		probes = append(probes, probe{"invalid UTF-8 in " + path + " q", ivan, "GET", path + "?q=%ff", nil,
			http.StatusUnprocessableEntity, "q", shared.CodeControlChars})
		for _, param := range []string{"from", "to"} {
			for day, code := range map[string]shared.Code{"0001-01-01": shared.CodeDateRange, "0000-01-01": shared.CodeDateRange,
				"1899-12-31": shared.CodeDateRange, "-0001-01-01": shared.CodeBadDate} {
				probes = append(probes, probe{path + " " + param + "=" + day, ivan, "GET", path + "?" + param + "=" + day, nil,
					http.StatusUnprocessableEntity, param, code})
			}
		}
	}
	slices.SortFunc(probes, func(a, b probe) int { return strings.Compare(a.name, b.name) })
	if len(probes) < 32 {
		t.Fatalf("only %d probes", len(probes))
	}
	for _, p := range probes {
		t.Run(p.name, func(t *testing.T) {
			status, err := p.c.Do(p.method, p.path, p.body, nil)
			if status != p.status || err == nil || err.Code != shared.CodeInvalidInput ||
				err.Fields[p.field].Code != p.code || err.Fields[p.field].Message == "" {
				t.Fatalf("got %d %+v, want %d with %s: %s", status, err, p.status, p.field, p.code)
			}
		})
	}
	if strings.Contains(e.Logs.String(), "request failed") {
		t.Errorf("an input failed as internal:\n%s", e.Logs.Tail(20))
	}
}

// A request line or headers beyond fasthttp's read buffer (4 KiB) are
// refused by the transport before any handler: 431 with a typed code, not
// 500 internal.
func TestOversizeRequestHeadAnswers431(t *testing.T) {
	e := start(t, nil)
	long := strings.Repeat("a", 5000)
	for name, head := range map[string]string{
		"request line": "GET " + shared.APIPrefix + "/health?x=" + long + " HTTP/1.1\r\nHost: kabinet\r\n",
		"header":       "GET " + shared.APIPrefix + "/health HTTP/1.1\r\nHost: kabinet\r\nX-Long: " + long + "\r\n",
		"cookie":       "GET " + shared.APIPrefix + "/health HTTP/1.1\r\nHost: kabinet\r\nCookie: c=" + long + "\r\n",
	} {
		t.Run(name, func(t *testing.T) {
			resp := rawRequest(t, e.Cfg.Addr, head+"Accept-Language: ru\r\n\r\n")
			defer resp.Body.Close()
			var got shared.Error
			if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
				t.Fatalf("status %d, body not an error: %v", resp.StatusCode, err)
			}
			if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge || got.Code != shared.CodeHeadersTooLarge || !contains(got.Message, "cookie") {
				t.Fatalf("got %d %+v, want 431 %s with a message", resp.StatusCode, got, shared.CodeHeadersTooLarge)
			}
		})
	}
}

// rawRequest writes a request as it is (net/http would refuse to send
// some of them) and reads the answer.
func rawRequest(t *testing.T, addr, req string) *http.Response {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Write([]byte(req)); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}
