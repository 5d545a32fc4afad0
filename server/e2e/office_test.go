package e2e

import (
	"context"
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
		Phone: "+7 926 555-10-20", Email: "elena.morozova@example.ru", Password: "Elena-Kabinet-2026!"}
	e.register(p)
	if _, err := e.DB.ExecContext(context.Background(), `INSERT INTO staff_roles (account_id, role)
		SELECT id, ? FROM accounts WHERE email = ?`, shared.RoleOperator, p.Email); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t, desktop)
	signIn(t, ctx, e, p.Email, p.Password)

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
