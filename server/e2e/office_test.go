package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"kabinet/shared"
)

// A staff member without a second factor sees nothing of the back office
// (and the page asks the API nothing): a page says a factor is needed and
// leads to «Вход и защита»; with an authenticator app set up there, the
// back office opens in the same session.
func TestOfficeLeadsStaffWithoutFactorToAddOne(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	e.seedDemo()
	p := person{LastName: "Морозова", FirstName: "Елена", MiddleName: "Игоревна",
		Phone: "+7 926 555-10-20", Email: "elena.morozova@example.ru", Password: "Leto-Portal-2026!"}
	e.register(p)
	if _, err := e.DB.ExecContext(context.Background(), `INSERT INTO staff_roles (account_id, role)
		SELECT id, ? FROM accounts WHERE email = ?`, shared.RoleOperator, p.Email); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t, desktop)
	// Staff land on the back office after signing in.
	typeSignIn(ctx, e, p.Email, p.Password)
	waitPath(ctx, "/office", stepTimeout)

	for _, path := range []string{"/office", "/office/kiosks"} {
		open(ctx, e.url+path)
		waitText(ctx, "#office-need-factor", "второй фактор", stepTimeout)
		if isVisible(ctx, "f-q") || isVisible(ctx, "form-kiosk") {
			t.Errorf("%s shows the back office to a session without a second factor", path)
		}
	}
	time.Sleep(time.Second) // a request, if one were sent, would show by now
	if n := requests(ctx, "GET", shared.APIPrefix+"/office/kiosks"); n != 0 {
		t.Errorf("the page asked for the kiosks %d times without a second factor", n)
	}
	shotBoth(t, ctx, "office-need-factor")

	click(ctx, "btn-office-factor")
	waitPath(ctx, "/security", stepTimeout)
	click(ctx, "btn-totp-start")
	waitVisible(ctx, "totp-qr", stepTimeout)
	secret := texts(ctx, "#totp-secret")[0]
	typeInto(ctx, "f-code", totpCode(t, secret, time.Now()))
	click(ctx, "btn-totp-confirm")
	waitVisible(ctx, "recovery-codes", stepTimeout)
	click(ctx, "btn-recovery-done")
	waitText(ctx, "#totp-status", "Подключено", stepTimeout)

	open(ctx, e.url+"/office")
	waitVisible(ctx, "f-q", stepTimeout)
	if isVisible(ctx, "office-need-factor") {
		t.Error("the back office still asks for a factor after one was set up in the session")
	}
	shot(t, ctx, "office-open")
}

// An operator confirms a person's identity, typing the passport into the
// confirmation form; the block form that takes its place must come up
// empty: its «Причина» is shown to the person, so the passport text must
// never be one click away from becoming a public reason.
func TestOfficeConfirmLeavesBlockReasonEmpty(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	e.seedDemo()
	c := e.Client()
	p := e.Register(c, shared.RegisterRequest{LastName: "Волков", FirstName: "Игорь", MiddleName: "Петрович",
		Phone: "+79265550303", Email: "igor.volkov@example.ru", Password: "Osen-Portal-2026!"})
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: p.Password}, nil)
	c.MustOK("PUT", "/me/profile", shared.ProfileRequest{LastName: p.LastName, FirstName: p.FirstName, MiddleName: p.MiddleName,
		BirthDate: "1988-04-12", SNILS: "010-242-368 77", Passport: shared.Passport{Series: "4510", Number: "654321",
			IssuedOn: "2010-06-01", IssuedBy: "ОВД района Хамовники", DivisionCode: "770-001"}}, nil)
	var id string
	if err := e.DB.NewRaw("SELECT id FROM accounts WHERE email = ?", p.Email).Scan(context.Background(), &id); err != nil {
		t.Fatal(err)
	}

	ctx := browser(t, desktop)
	signInStaff(t, ctx, e, operatorLogin)
	open(ctx, e.url+"/office/people/"+id)
	waitVisible(ctx, "f-document", stepTimeout)
	const passport = "паспорт 4510 654321, выдан ОВД района Хамовники"
	typeInto(ctx, "f-document", passport)
	typeInto(ctx, "f-note", "проверен лично")
	click(ctx, "btn-confirm-identity")
	waitVisible(ctx, "btn-dialog-confirm", stepTimeout)
	click(ctx, "btn-dialog-confirm")
	waitText(ctx, "#person-level", "Подтвержд", stepTimeout)
	waitVisible(ctx, "f-reason", stepTimeout)
	scrollTo(ctx, "status-card")
	shotBoth(t, ctx, "confirmed")

	vals, err := js[[]string](ctx, `Array.from(document.querySelectorAll("#status-card input, #status-card textarea")).map(e => e.id + "=" + e.value)`)
	if err != nil || len(vals) == 0 {
		t.Fatalf("the block form's fields: %q %v", vals, err)
	}
	for _, v := range vals {
		if !strings.HasSuffix(v, "=") {
			t.Errorf("the block form holds %q after the confirmation; it must come up empty", v)
		}
	}
}
