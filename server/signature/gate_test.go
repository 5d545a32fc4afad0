package signature_test

import (
	"net/http"
	"strings"
	"testing"

	"kabinet/shared"
	"kabinet/shared/npd"
)

// The signatures of documents are part of the cabinets (ASVS 6.3.3): a
// session without a second factor reaches none of them, as the server
// has them; the public ones (verification, CA, sign-in) need no session.
func TestDocumentRoutesNeedASecondFactor(t *testing.T) {
	e, _ := start(t, nil)
	c := e.Client()
	e.Register(c, shared.RegisterRequest{LastName: "Белова", FirstName: "Нина", Phone: "+7 912 400-01-01",
		Email: "nina@example.ru", Password: "Moy-Portal-2026!"})
	const id = "0b6ad3a2-6d3c-4a8e-9d59-3f1f7b0e2a10"
	var gated int
	for _, r := range e.P.App.GetRoutes(true) {
		path, ok := strings.CutPrefix(r.Path, shared.APIPrefix)
		if !ok || r.Method == http.MethodHead || !strings.HasPrefix(path, "/signature/") ||
			!strings.Contains(path, ":id") {
			continue
		}
		gated++
		status, err := c.Do(r.Method, strings.Replace(path, ":id", id, 1), nil, nil)
		if status != http.StatusForbidden || err == nil || err.Code != npd.CodeFactorRequired {
			t.Errorf("%s %s without a second factor: %d %+v", r.Method, path, status, err)
		}
	}
	if gated < 6 {
		t.Fatalf("only %d document routes of signatures found", gated)
	}
	anon := e.Client()
	for _, path := range []string{"/signature/ca", "/signature/crl", "/signature/certificates/4abc/status"} {
		if status, err := anon.Do("GET", path, nil, nil); status != http.StatusOK {
			t.Errorf("GET %s without a session: %d %+v", path, status, err)
		}
	}
}
