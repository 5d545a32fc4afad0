package e2e

import (
	"context"
	"strings"
	"testing"

	"kabinet/shared"
)

// A person who lost the authenticator chooses «Нет доступа к второму
// фактору» after the password and files the request; no session opens and
// the owner's channels hear of it.
func TestLostSecondFactorRequest(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	e.seedDemo()
	const login, pw = "ivan@example.ru", "Kabinet-Demo-2026"
	appFor(t, e, login, pw)
	ctx := browser(t, phone)
	open(ctx, e.url+"/login")
	typeInto(ctx, "f-login", login)
	typeInto(ctx, "f-password", pw)
	click(ctx, "btn-login")
	waitVisible(ctx, "form-second-factor", stepTimeout)
	click(ctx, "btn-lost-factor")
	waitText(ctx, "#lost-factor", "центре обслуживания", stepTimeout)
	shot(t, ctx, "lost-factor")
	click(ctx, "btn-lost-submit")
	waitVisible(ctx, "lost-done", stepTimeout)
	shot(t, ctx, "lost-factor-filed")
	if msgs := e.MessagesTo(login); len(msgs) == 0 || !strings.Contains(msgs[0].Body, "заявка") {
		t.Fatalf("the owner was not told: %+v", msgs)
	}
	if status, _ := e.Client().Do("GET", "/session", nil, nil); status != 401 {
		t.Fatalf("a session without cookie: %d", status)
	}
}

// Ending the other sessions long after the sign-in asks for the password
// again (an account without a second factor), then goes on in the same
// tab with the rotated cookie.
func TestEndOtherSessionsAsksForThePassword(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	e.seedDemo()
	const login, pw = "anna@example.ru", "Kabinet-Demo-2026"
	other := e.Client()
	other.MustOK("POST", "/login", shared.LoginRequest{Login: login, Password: pw}, nil)
	ctx := browser(t, desktop)
	open(ctx, e.url+"/login")
	typeInto(ctx, "f-login", login)
	typeInto(ctx, "f-password", pw)
	click(ctx, "btn-login")
	waitPath(ctx, "/cabinet", stepTimeout)
	if _, err := e.DB.NewRaw("UPDATE sessions SET created_at = created_at - interval '6 minutes'").Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	open(ctx, e.url+"/sessions")
	click(ctx, "btn-revoke-others")
	waitVisible(ctx, "f-reauth-password", stepTimeout)
	shot(t, ctx, "reauth")
	typeInto(ctx, "f-reauth-password", pw)
	click(ctx, "btn-reauth-confirm")
	waitVisible(ctx, "sessions-notice", stepTimeout)
	shot(t, ctx, "reauth-done")
	if status, _ := other.Do("GET", "/session", nil, nil); status != 401 {
		t.Fatalf("the other session survived: %d", status)
	}
}

// An operator finds the pending lost-factor request in the back office,
// ends the person's sessions on the person's page, and approves the
// request after the passport check.
func TestOperatorSettlesLostFactorAndEndsSessions(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	e.seedDemo()
	const login, pw = "ivan@example.ru", "Kabinet-Demo-2026"
	appFor(t, e, login, pw) // leaves a session open through the API
	thief := e.Client()
	var step shared.SecondFactorStep
	thief.MustOK("POST", "/login", shared.LoginRequest{Login: login, Password: pw}, &step)
	thief.MustOK("POST", "/login/factor-reset", shared.FactorResetRequest{Ticket: step.Ticket}, nil)

	ctx := browser(t, desktop)
	signInStaff(t, ctx, e, "operator@example.ru")
	open(ctx, e.url+"/office")
	waitVisible(ctx, "resets-table", stepTimeout)
	shot(t, ctx, "office-resets")
	clickSel(ctx, "#resets-table a.reset-link")
	waitVisible(ctx, "reset-card", stepTimeout)
	waitVisible(ctx, "person-sessions", stepTimeout)
	shot(t, ctx, "person-reset-sessions")
	click(ctx, "btn-end-all")
	waitVisible(ctx, "person-sessions-empty", stepTimeout)
	click(ctx, "btn-reset-approve")
	waitVisible(ctx, "f-reset-document-error", stepTimeout)
	typeInto(ctx, "f-reset-document", "4510 111222")
	click(ctx, "btn-reset-approve")
	waitText(ctx, "body", "Вторые факторы сняты", stepTimeout)
	shot(t, ctx, "reset-approved")
	if isVisible(ctx, "reset-card") {
		t.Error("the settled request is still offered")
	}
	api := e.Client()
	if status, err := api.Do("POST", "/login", shared.LoginRequest{Login: login, Password: pw}, nil); status != 200 {
		t.Fatalf("the password alone after the approval: %d %+v", status, err)
	}
}
