package portal_test

import (
	"net/http"
	"strings"
	"testing"

	"kabinet/shared"
	"kabinet/shared/npd"
)

// TestPasswordAloneOpensOnlyReferenceInformation (ASVS 6.3.3): a session
// opened with a password alone reaches the person's own account and the
// security page, where a factor is added — and nothing beyond: every route
// of the cabinets, their documents and lookups answers factor_required.
// Once a factor is proven in the session, the same routes let it through.
func TestPasswordAloneOpensOnlyReferenceInformation(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	p := person(e, c, "+79120000091", "gate@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: p.Password}, nil)

	for _, path := range []string{"/me", "/me/journal", "/me/sessions", "/notifications", "/session"} {
		if status, err := c.Do("GET", path, nil, nil); status != http.StatusOK {
			t.Errorf("GET %s with a password alone: %d %+v, want 200 (reference information)", path, status, err)
		}
	}

	// Every cabinet route the server has, as it has them: a route mounted
	// later without the guard fails here.
	const id = "0b6ad3a2-6d3c-4a8e-9d59-3f1f7b0e2a10"
	var gated []string
	for _, r := range e.P.App.GetRoutes(true) {
		path, ok := strings.CutPrefix(r.Path, shared.APIPrefix)
		if !ok || !beyondReference(path) || r.Method == "HEAD" {
			continue
		}
		gated = append(gated, r.Method+" "+path)
		path = strings.NewReplacer(":id", id, ":inn", "7707083893", ":code", "x", ":year", "2026").Replace(path)
		status, err := c.Do(r.Method, path, nil, nil)
		if status != http.StatusForbidden || err == nil || err.Code != npd.CodeFactorRequired {
			t.Errorf("%s %s with a password alone: %d %+v, want 403 factor_required", r.Method, path, status, err)
		}
	}
	if len(gated) < 10 {
		t.Fatalf("only %d cabinet routes found: %v", len(gated), gated)
	}

	// A factor set up in the session is proven in it: the cabinet opens.
	c.AddApp()
	if status, err := c.Do("GET", "/npd", nil, nil); err != nil && err.Code == npd.CodeFactorRequired {
		t.Errorf("GET /npd after the factor: %d %+v", status, err)
	}
}

// beyondReference says which API paths are more than the person's own
// account and reference pages: the cabinets and what they issue.
func beyondReference(path string) bool {
	for _, prefix := range []string{"/npd", "/documents/", "/registry/"} {
		if strings.HasPrefix(path, prefix) {
			return true
		}
	}
	return false
}
