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
// security page, where a factor is added — and nothing beyond: every
// other route that needs a session (the cabinets, their documents,
// signatures and lookups) answers factor_required, or step_up_required
// where a fresh factor is asked anyway. The routes are the server's own,
// so a route mounted later without the guard fails here unless it is
// named as reference information. Once a factor is proven in the
// session, the cabinet opens.
func TestPasswordAloneOpensOnlyReferenceInformation(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	p := person(e, c, "+79120000091", "gate@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: p.Password}, nil)

	for _, path := range []string{"/me", "/me/journal", "/me/sessions", "/notifications", "/session", "/ip/okved"} {
		if status, err := c.Do("GET", path, nil, nil); status != http.StatusOK {
			t.Errorf("GET %s with a password alone: %d %+v, want 200 (reference information)", path, status, err)
		}
	}

	const id = "0b6ad3a2-6d3c-4a8e-9d59-3f1f7b0e2a10"
	ids := strings.NewReplacer(":id", id, ":inn", "7707083893", ":code", "x", ":year", "2026", ":serial", "01",
		":number", "1", ":category", "x", ":doc", id)
	var gated []string
	for _, r := range e.P.App.GetRoutes(true) {
		path, ok := strings.CutPrefix(r.Path, shared.APIPrefix)
		// The back office has its own test (TestBackOfficeNeedsASecondFactor).
		if !ok || r.Method == "HEAD" || strings.HasPrefix(path, "/office/") || reference(r.Method, path) {
			continue
		}
		path = ids.Replace(path)
		if status, _ := e.Client().Do(r.Method, path, nil, nil); status != http.StatusUnauthorized {
			continue // open without a session: sign-in, registration, verification pages
		}
		gated = append(gated, r.Method+" "+path)
		status, err := c.Do(r.Method, path, nil, nil)
		if status != http.StatusForbidden || err == nil || (err.Code != npd.CodeFactorRequired && err.Code != shared.CodeStepUpRequired) {
			t.Errorf("%s %s with a password alone: %d %+v, want 403 factor_required", r.Method, path, status, err)
		}
	}
	if len(gated) < 40 {
		t.Fatalf("only %d routes beyond reference information found: %v", len(gated), gated)
	}

	// A factor set up in the session is proven in it: the cabinet opens.
	c.AddApp()
	if status, err := c.Do("GET", "/npd", nil, nil); err != nil && err.Code == npd.CodeFactorRequired {
		t.Errorf("GET /npd after the factor: %d %+v", status, err)
	}
}

// reference says which routes a password alone may reach: the session,
// the person's own account and its security (where a factor is added),
// notices, the ИП cabinet's home (which says why it does not open) and
// the classifier of activities.
func reference(method, path string) bool {
	switch {
	case path == "/session" || path == "/session/extend" || path == "/logout" || path == "/me" || strings.HasPrefix(path, "/me/"):
		return true
	case path == "/notifications" || strings.HasPrefix(path, "/notifications/"):
		return true
	case method == "GET" && (path == "/ip" || path == "/ip/okved"):
		return true
	}
	return false
}
