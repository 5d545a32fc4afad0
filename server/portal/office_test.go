package portal_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	"kabinet/shared/npd"
)

// officeRoutes are the back office's API routes as the app serves them,
// with their parameters filled in: every one, so that a route added later
// is checked too.
func officeRoutes(t *testing.T, e *portaltest.Env) [][2]string {
	t.Helper()
	var out [][2]string
	for _, r := range e.P.App.GetRoutes(true) {
		path, ok := strings.CutPrefix(r.Path, shared.APIPrefix)
		if !ok || !strings.HasPrefix(path, "/office/") || r.Method == http.MethodHead {
			continue
		}
		path = strings.NewReplacer(":id", "0b7e2f0c-5a8e-4c55-9d55-2a7f0e6c1d01", ":inn", "123456789047").Replace(path)
		out = append(out, [2]string{r.Method, path})
	}
	if len(out) < 10 {
		t.Fatalf("found only %d back-office routes: %v", len(out), out)
	}
	return out
}

// everyRoute calls every back-office route as c and reports the routes
// whose answer has (want true) or lacks (want false) the code.
func everyRoute(t *testing.T, routes [][2]string, c *portaltest.Client, code shared.Code, want bool) {
	t.Helper()
	for _, r := range routes {
		status, err := c.Do(r[0], r[1], struct{}{}, nil)
		got := err != nil && err.Code == code
		if got != want {
			t.Errorf("%s %s: %d %+v, want code %s: %v", r[0], r[1], status, err, code, want)
		}
	}
}

// A staff member whose session has no second factor gets nothing from the
// back office, every route answering factor_required; once a factor is
// proven in the session, or the session is opened with one, the routes
// let the staff member through.
func TestBackOfficeNeedsASecondFactor(t *testing.T) {
	e := start(t, nil)
	e.SeedDemo()
	routes := officeRoutes(t, e)

	staff := e.Client()
	p := person(e, staff, "+79120000017", "staff@example.ru")
	if _, err := e.DB.ExecContext(context.Background(), `INSERT INTO staff_roles (account_id, role)
		SELECT id, unnest(?::text[]) FROM accounts WHERE email = ?`,
		"{"+shared.RoleOperator+","+shared.RoleTaxOfficer+","+shared.RoleRegistryOfficer+","+shared.RoleOfficerFNS+"}", p.Email); err != nil {
		t.Fatal(err)
	}
	var info shared.SessionInfo
	staff.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: p.Password}, &info)
	if info.SecondFactor || !info.Account.Can(shared.PermPeopleRead) || !info.Account.Can(shared.PermNPDManage) {
		t.Fatalf("password-only staff session: secondFactor %v, permissions %v", info.SecondFactor, info.Account.Permissions)
	}
	t.Run("password only", func(t *testing.T) {
		everyRoute(t, routes, staff, npd.CodeFactorRequired, true)
	})
	t.Run("not staff", func(t *testing.T) {
		anna := e.Client()
		anna.SignInDemo("anna@example.ru")
		everyRoute(t, routes, anna, shared.CodeForbidden, true)
	})

	secret := staff.AddApp()
	t.Run("factor set up in the session", func(t *testing.T) {
		everyRoute(t, routes, staff, npd.CodeFactorRequired, false)
		everyRoute(t, routes, staff, shared.CodeForbidden, false)
	})
	t.Run("signed in with the factor", func(t *testing.T) {
		again := e.Client()
		if info := again.SignIn(p.Email, p.Password, secret); !info.SecondFactor {
			t.Fatalf("a session opened with password and app code: %+v", info)
		}
		everyRoute(t, routes, again, npd.CodeFactorRequired, false)
	})
	t.Run("demo staff", func(t *testing.T) {
		for _, login := range []string{"operator@example.ru", "tax@example.ru", "registry@example.ru", "fns@example.ru"} {
			c := e.Client()
			status, _ := c.Do("POST", "/login", shared.LoginRequest{Login: login, Password: demoStaffPassword(login)}, nil)
			if status != http.StatusAccepted {
				t.Errorf("%s with the password alone: %d, want 202 and the second step", login, status)
			}
			if info := c.SignInDemo(login); !info.SecondFactor {
				t.Errorf("%s with the app's code: no second factor in %+v", login, info)
			}
		}
	})
}

func demoStaffPassword(login string) string {
	return map[string]string{"operator@example.ru": "Operator-Demo-2026", "tax@example.ru": "Inspector-Demo-2026",
		"registry@example.ru": "Registry-Demo-2026", "fns@example.ru": "Officer-Demo-2026"}[login]
}
