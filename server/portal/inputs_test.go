package portal_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

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
	op.MustOK("POST", "/login", shared.LoginRequest{Login: "operator@example.ru", Password: "Operator-Demo-2026"}, nil)
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
