package portal_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"kabinet/server/portal"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

// Every back-office route the app serves is in the route table that
// mounts it behind its permission and that docs/authorization.md is made
// from: a route added beside the table would be served unchecked and
// undocumented (ASVS 8.1.1, 8.2.1).
func TestEveryOfficeRouteIsInTheTable(t *testing.T) {
	e := start(t, nil)
	var served, table []string
	for _, r := range e.P.App.GetRoutes(true) {
		path, ok := strings.CutPrefix(r.Path, shared.APIPrefix)
		if ok && strings.HasPrefix(path, "/office/") && r.Method != http.MethodHead {
			served = append(served, r.Method+" "+path)
		}
	}
	for _, r := range portal.OfficeRoutes() {
		table = append(table, r.Method+" "+r.Path)
	}
	slices.Sort(served)
	slices.Sort(table)
	if diff := cmp.Diff(table, served); diff != "" {
		t.Errorf("served back-office routes differ from the table (-table +served):\n%s", diff)
	}
}

// Each staff role reaches exactly the back-office routes its work needs
// (ASVS 8.2.1): the operator is refused the tax desk, the tax officer
// people's accounts, blocking and kiosks; the administrator reaches all;
// a person without a role none. The expectation is written out here, not
// read from shared.RolePermissions, so a change to the matrix that lets a
// role further fails.
func TestStaffRolesReachOnlyTheirRoutes(t *testing.T) {
	e := start(t, nil)
	e.SeedDemo()
	routes := officeRoutes(t, e)

	admin := e.Client()
	p := person(e, admin, "+79120000031", "admin@example.ru")
	if _, err := e.DB.ExecContext(context.Background(), `INSERT INTO staff_roles (account_id, role)
		SELECT id, ? FROM accounts WHERE email = ?`, shared.RoleAdmin, p.Email); err != nil {
		t.Fatal(err)
	}
	admin.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: p.Password}, nil)
	admin.AddApp() // the back office needs a second factor in the session
	operator, tax, registrar, fns, nobody := e.Client(), e.Client(), e.Client(), e.Client(), e.Client()
	operator.SignInDemo("operator@example.ru")
	tax.SignInDemo("tax@example.ru")
	registrar.SignInDemo("registry@example.ru")
	fns.SignInDemo("fns@example.ru")
	nobody.SignInDemo("anna@example.ru")

	// mayReach is the policy: the tax desk is the tax officer's, the
	// ЕГРИП desk the registry officer's, the agencies' document desk
	// their officers', the rest of the back office (people, kiosks) the
	// operator's.
	mayReach := func(role, path string) bool {
		switch role {
		case shared.RoleAdmin:
			return true
		case shared.RoleTaxOfficer:
			return strings.HasPrefix(path, "/office/npd/")
		case shared.RoleRegistryOfficer:
			return strings.HasPrefix(path, "/office/ip/")
		case shared.RoleOfficerFNS:
			return strings.HasPrefix(path, "/office/documents")
		case shared.RoleOperator:
			return !strings.HasPrefix(path, "/office/npd/") && !strings.HasPrefix(path, "/office/ip/") &&
				!strings.HasPrefix(path, "/office/documents")
		}
		return false
	}
	for _, tc := range []struct {
		role string
		c    *portaltest.Client
	}{{shared.RoleOperator, operator}, {shared.RoleTaxOfficer, tax}, {shared.RoleRegistryOfficer, registrar}, {shared.RoleOfficerFNS, fns},
		{shared.RoleAdmin, admin}, {"person", nobody}} {
		t.Run(tc.role, func(t *testing.T) {
			for _, r := range routes {
				// An empty body: a permitted route answers with a
				// validation or not-found error, a refused one with 403.
				status, err := tc.c.Do(r[0], r[1], struct{}{}, nil)
				refused := status == http.StatusForbidden && err != nil && err.Code == shared.CodeForbidden
				if want := mayReach(tc.role, r[1]); refused == want {
					t.Errorf("%s %s: %d %+v, want reached %v", r[0], r[1], status, err, want)
				}
			}
		})
	}
}
