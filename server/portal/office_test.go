package portal_test

import (
	"context"
	"fmt"
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

// What staff may not do whatever their role permits: decide their own
// case, or — unless an administrator — manage another staff member's
// account. An operator who could reset an administrator's second
// factors would hand the whole back office to whoever phished the
// administrator's password.
func TestStaffNeitherDecideTheirOwnNorManageTheirPeers(t *testing.T) {
	e := start(t, nil)
	e.SeedDemo()
	ctx := context.Background()
	makeStaff := func(c *portaltest.Client, n int, role string) shared.RegisterRequest {
		t.Helper()
		p := person(e, c, fmt.Sprintf("+7912000009%d", n), fmt.Sprintf("staff9%d@example.ru", n))
		if _, err := e.DB.ExecContext(ctx, "INSERT INTO staff_roles (account_id, role) SELECT id, ? FROM accounts WHERE email = ?", role, p.Email); err != nil {
			t.Fatal(err)
		}
		c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: p.Password}, nil)
		c.AddApp()
		return p
	}
	admin := e.Client()
	adminP := makeStaff(admin, 1, shared.RoleAdmin)
	adminID := accountID(t, e, adminP.Email)
	op := e.Client()
	op.SignInDemo("operator@example.ru")
	opID := accountID(t, e, "operator@example.ru")

	refused := func(what string, status int, err *shared.Error, code shared.Code) {
		t.Helper()
		if status != http.StatusForbidden || err == nil || err.Code != code {
			t.Errorf("%s: %d %+v, want 403 %s", what, status, err, code)
		}
	}
	status, err := op.Do("POST", "/office/people/"+opID+"/confirm", shared.ConfirmIdentityRequest{Document: "паспорт 4510 654341"}, nil)
	refused("the operator confirms herself", status, err, shared.CodeOwnCase)
	// The same id in capitals is the same account.
	status, err = op.Do("POST", "/office/people/"+strings.ToUpper(opID)+"/block", shared.StatusChangeRequest{Reason: "проверка"}, nil)
	refused("the operator blocks herself", status, err, shared.CodeOwnCase)
	status, err = op.Do("POST", "/office/people/"+adminID+"/block", shared.StatusChangeRequest{Reason: "просто так"}, nil)
	refused("the operator blocks an administrator", status, err, shared.CodeStaffPeer)
	status, err = op.Do("POST", "/office/people/"+adminID+"/sessions/end", nil, nil)
	refused("the operator ends an administrator's sessions", status, err, shared.CodeStaffPeer)

	thief := e.Client() // has the administrator's password, not the app
	thief.MustOK("POST", "/login/factor-reset", shared.FactorResetRequest{Ticket: loginTicket(t, thief, adminP.Email)}, nil)
	var l shared.FactorResetList
	op.MustOK("GET", "/office/factor-resets", nil, &l)
	if len(l.Items) != 1 {
		t.Fatalf("pending resets %+v", l)
	}
	status, err = op.Do("POST", "/office/factor-resets/"+l.Items[0].ID+"/approve", shared.FactorResetDecision{Document: "4510 111222"}, nil)
	refused("the operator resets an administrator's factors", status, err, shared.CodeStaffPeer)
	var factors int
	if err := e.DB.NewRaw("SELECT count(*) FROM totp_factors WHERE account_id = ?", adminID).Scan(ctx, &factors); err != nil || factors != 1 {
		t.Fatalf("the administrator's app: %d (%v)", factors, err)
	}

	// An administrator manages the operator; the status still counts.
	admin.MustOK("POST", "/office/people/"+opID+"/block", shared.StatusChangeRequest{Reason: "проверка"}, nil)
}

// operatorAndKiosk seeds the demo and returns the operator, signed in at
// the workplace, and the browser of a kiosk the operator registered.
func operatorAndKiosk(t *testing.T, e *portaltest.Env) (op, kiosk *portaltest.Client, k shared.Kiosk) {
	t.Helper()
	e.SeedDemo()
	op = e.Client()
	op.SignInDemo("operator@example.ru")
	var reg shared.KioskRegistered
	op.MustOK("POST", "/office/kiosks", shared.KioskRequest{Name: "Терминал", Centre: "МФЦ", Address: "Москва"}, &reg)
	kiosk = e.Client()
	kiosk.Header = http.Header{shared.KioskHeader: {reg.Secret}}
	return op, kiosk, reg.Kiosk
}

// The back office never opens on a kiosk: a staff member signed in at a
// terminal the next visitor uses gets neither people's cards nor the
// kiosks' keys there.
func TestTheBackOfficeDoesNotOpenOnAKiosk(t *testing.T) {
	e := start(t, nil)
	op, kiosk, _ := operatorAndKiosk(t, e)
	if info := kiosk.SignInDemo("operator@example.ru"); info.Kiosk == nil {
		t.Fatalf("not a kiosk session: %+v", info)
	}
	for _, r := range [][3]string{{"GET", "/office/people?q=ivan@example.ru"}, {"POST", "/office/kiosks"}} {
		var body any
		if r[0] == "POST" {
			body = shared.KioskRequest{Name: "Терминал 2", Centre: "МФЦ", Address: "Москва"}
		}
		status, err := kiosk.Do(r[0], r[1], body, nil)
		if status != http.StatusForbidden || err == nil || err.Code != shared.CodeKioskStaff {
			t.Errorf("%s %s on a kiosk: %d %+v, want 403 %s", r[0], r[1], status, err, shared.CodeKioskStaff)
		}
	}
	op.MustOK("GET", "/office/people?q=ivan@example.ru", nil, nil) // at the workplace it opens
}

// A kiosk retired while a QR sign-in approved on the phone waits to be
// finished opens no session: its tickets end with it.
func TestARetiredKioskFinishesNoQRSignIn(t *testing.T) {
	e := start(t, nil)
	op, kiosk, k := operatorAndKiosk(t, e)
	scr := showQR(t, kiosk)
	phone, _ := phoneWithPasskey(t, e, "+79120000093", "kiosk93@example.ru")
	var req shared.QRRequest
	phone.MustOK("POST", "/me/qr/scan", shared.QRScanRequest{Code: scr.code()}, &req)
	phone.MustOK("POST", "/me/qr/"+req.ID+"/approve", shared.QRApproveRequest{Number: scr.ticket.Number}, nil)
	op.MustOK("POST", "/office/kiosks/"+k.ID+"/revoke", nil, nil)

	kiosk.Header = nil // the retired kiosk's browser, its header dropped
	status, err := kiosk.Do("POST", "/login/qr/"+scr.ticket.ID+"/finish", shared.QRSecretRequest{Secret: scr.ticket.Secret}, nil)
	var live int
	if qerr := e.DB.NewRaw("SELECT count(*) FROM sessions WHERE kiosk_id = ? AND revoked_at IS NULL", k.ID).Scan(context.Background(), &live); qerr != nil {
		t.Fatal(qerr)
	}
	if err == nil || live != 0 {
		t.Fatalf("finish after the retirement: %d %+v; live sessions on the retired kiosk: %d", status, err, live)
	}
}
