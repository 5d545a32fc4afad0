package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"kabinet/shared"
)

// totpCode is what the authenticator app shows at `at`.
func totpCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCode(strings.ReplaceAll(secret, " ", ""), at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// appFor sets up an authenticator app for an existing login through the
// API and returns its secret.
func appFor(t *testing.T, e *env, login, password string) string {
	t.Helper()
	api := e.Client()
	api.MustOK("POST", "/login", shared.LoginRequest{Login: login, Password: password}, nil)
	var en shared.TOTPEnrolment
	api.MustOK("POST", "/me/totp", nil, &en)
	// The previous step's code (still taken) leaves the current one for
	// the sign-in that follows.
	api.MustOK("POST", "/me/totp/confirm", shared.TOTPConfirmRequest{Code: totpCode(t, en.Secret, time.Now().Add(-30*time.Second))}, nil)
	return en.Secret
}

// personWithApp registers someone through the API with an authenticator
// app already set up and returns the registration and the app's secret.
func personWithApp(t *testing.T, e *env, r shared.RegisterRequest) (shared.RegisterRequest, string) {
	t.Helper()
	p := e.Register(e.Client(), r)
	return p, appFor(t, e, p.Email, r.Password)
}

// signInWithApp signs the tab in with the password and the app's current
// code (setting the app up spent the previous one).
func signInWithApp(t *testing.T, ctx context.Context, url, login, password, secret string) {
	t.Helper()
	open(ctx, url+"/login")
	typeInto(ctx, "f-login", login)
	typeInto(ctx, "f-password", password)
	click(ctx, "btn-login")
	typeInto(ctx, "f-code", totpCode(t, secret, time.Now()))
	click(ctx, "btn-second-factor")
	waitPath(ctx, "/cabinet", stepTimeout)
}

// A confirmed account is led to set up an authenticator app, does it,
// keeps the recovery codes, confirms a sensitive action with a recovery
// code (step-up), signs in with password + code (after a wrong code and an
// expired ticket), and removes the app.
func TestSecondFactorFlow(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	e.seedDemo()
	ctx := browser(t, desktop)
	const login, pw = "ivan@example.ru", "Kabinet-Demo-2026"

	open(ctx, e.url+"/login")
	typeInto(ctx, "f-login", login)
	typeInto(ctx, "f-password", pw)
	click(ctx, "btn-login")
	waitPath(ctx, "/cabinet", stepTimeout)
	waitVisible(ctx, "notice-need-factor", stepTimeout)
	shot(t, ctx, "cabinet-need-factor")
	click(ctx, "btn-need-factor")
	waitPath(ctx, "/security", stepTimeout)
	waitVisible(ctx, "btn-totp-start", stepTimeout)
	waitText(ctx, "#factor-rule", "нужен второй фактор", stepTimeout)
	shot(t, ctx, "security-off")

	click(ctx, "btn-totp-start")
	waitVisible(ctx, "totp-qr", stepTimeout)
	secret := texts(ctx, "#totp-secret")[0]
	shotBoth(t, ctx, "setup")
	typeInto(ctx, "f-code", "000000")
	click(ctx, "btn-totp-confirm")
	waitVisible(ctx, "f-code-error", stepTimeout)
	t.Logf("wrong code: %q", texts(ctx, "#f-code-error"))
	typeInto(ctx, "f-code", totpCode(t, secret, time.Now().Add(-30*time.Second))) // the current one is for the sign-in below
	click(ctx, "btn-totp-confirm")
	waitVisible(ctx, "recovery-codes", stepTimeout)
	codes := texts(ctx, "#recovery-codes li")
	if len(codes) != 10 {
		t.Fatalf("codes %q", codes)
	}
	href, _ := js[string](ctx, `document.getElementById("btn-recovery-download").getAttribute("href")`)
	if !strings.HasPrefix(href, "data:text/plain") {
		t.Errorf("download href %q", href)
	}
	shotBoth(t, ctx, "codes")
	click(ctx, "btn-recovery-done")
	waitVisible(ctx, "security-notice", stepTimeout)
	waitText(ctx, "#totp-status", "Подключено", stepTimeout)
	waitText(ctx, "#recovery-left", "10 из 10", stepTimeout)
	shot(t, ctx, "security-on")

	// Step-up older than 5 minutes: renewing asks for a factor first.
	if _, err := e.DB.NewRaw("UPDATE sessions SET step_up_at = now() - interval '10 minutes'").Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	click(ctx, "btn-recovery-renew")
	waitVisible(ctx, "f-stepup-code", stepTimeout)
	shot(t, ctx, "stepup")
	click(ctx, "btn-stepup-recovery")
	typeInto(ctx, "f-stepup-code", "zzzz-zzzz")
	click(ctx, "btn-stepup-confirm")
	waitVisible(ctx, "f-stepup-code-error", stepTimeout)
	t.Logf("wrong recovery: %q", texts(ctx, "#f-stepup-code-error"))
	shot(t, ctx, "stepup-wrong")
	typeInto(ctx, "f-stepup-code", codes[0])
	click(ctx, "btn-stepup-confirm")
	waitVisible(ctx, "recovery-codes", stepTimeout)
	renewed := texts(ctx, "#recovery-codes li")
	if len(renewed) != 10 || renewed[0] == codes[0] {
		t.Fatalf("renewed %q", renewed)
	}
	if open, _ := js[bool](ctx, `document.getElementById("stepup-dialog").open`); open {
		t.Errorf("dialog still open")
	}
	shot(t, ctx, "renewed")
	click(ctx, "btn-recovery-done")
	waitVisible(ctx, "security-notice", stepTimeout)

	// Sign out and in again: the second step.
	click(ctx, "btn-logout")
	waitPath(ctx, "/login", stepTimeout)
	typeInto(ctx, "f-login", login)
	typeInto(ctx, "f-password", pw)
	click(ctx, "btn-login")
	waitVisible(ctx, "form-second-factor", stepTimeout)
	if loc := location(ctx); strings.Contains(loc, "ticket") {
		t.Errorf("ticket in the URL: %s", loc)
	}
	ac, _ := js[string](ctx, `document.getElementById("f-code").getAttribute("autocomplete") + " " + document.getElementById("f-code").getAttribute("inputmode")`)
	if ac != "one-time-code numeric" {
		t.Errorf("f-code attributes %q", ac)
	}
	shot(t, ctx, "login-factor")
	typeInto(ctx, "f-code", "000000")
	click(ctx, "btn-second-factor")
	waitVisible(ctx, "f-code-error", stepTimeout)
	t.Logf("wrong login code: %q", texts(ctx, "#f-code-error"))
	shot(t, ctx, "login-wrong")
	click(ctx, "btn-use-recovery")
	waitText(ctx, "label[for=f-code]", "Резервный код", stepTimeout)
	shot(t, ctx, "login-recovery")
	// The ticket expires meanwhile: back to the password with a notice.
	if _, err := e.DB.NewRaw("UPDATE login_tickets SET expires_at = now() - interval '1 minute'").Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	typeInto(ctx, "f-code", renewed[1])
	click(ctx, "btn-second-factor")
	waitVisible(ctx, "notice-restart", stepTimeout)
	t.Logf("restart: %q", texts(ctx, "#notice-restart"))
	shot(t, ctx, "restart")
	typeInto(ctx, "f-password", pw)
	click(ctx, "btn-login")
	waitVisible(ctx, "form-second-factor", stepTimeout)
	typeInto(ctx, "f-code", totpCode(t, secret, time.Now()))
	click(ctx, "btn-second-factor")
	waitPath(ctx, "/cabinet", stepTimeout)
	waitVisible(ctx, "cabinet-status", stepTimeout)
	if isVisible(ctx, "notice-need-factor") {
		t.Errorf("need-factor notice with a factor")
	}

	// Fresh step-up from the sign-in: removing just happens.
	open(ctx, e.url+"/security")
	click(ctx, "btn-totp-remove")
	waitText(ctx, "#security-notice", "отключено", stepTimeout)
	waitVisible(ctx, "btn-totp-start", stepTimeout)
	waitVisible(ctx, "notice-need-factor", stepTimeout)
	shot(t, ctx, "removed")

	// Journal texts.
	open(ctx, e.url+"/journal")
	waitText(ctx, "body", "Подключено приложение-аутентификатор", stepTimeout)
	waitText(ctx, "body", "Действие подтверждено вторым фактором", stepTimeout)
	shot(t, ctx, "journal")
}
