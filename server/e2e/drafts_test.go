package e2e

import (
	"context"
	"testing"
	"time"

	"kabinet/server/config"
)

// A receipt typed and left (the tab closed) is there, with a notice, when
// the person comes back; «Удалить черновик» throws it away.
func TestReceiptDraftSurvives(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	e.seedDemo()
	ctx := browser(t, desktop)

	secret := appFor(t, e, "ivan@example.ru", demoPassword)
	signInWithApp(t, ctx, e.url, "ivan@example.ru", demoPassword, secret)
	open(ctx, e.url+"/npd")
	waitVisible(ctx, "form-npd-register", stepTimeout)
	typeInto(ctx, "f-region", "77")
	click(ctx, "f-activity-it")
	click(ctx, "btn-npd-register")
	waitVisible(ctx, "form-receipt", stepTimeout)

	// Typed in a second tab, which is then closed.
	tab2, closeTab := newTab(ctx)
	open(tab2, e.url+"/npd")
	typeInto(tab2, "f-item-name", "Разработка сайта")
	typeInto(tab2, "f-item-sum", "150 000")
	click(tab2, "f-buyer-business")
	typeInto(tab2, "f-buyer-inn", "7707083893")
	time.Sleep(2 * time.Second) // a person pauses before closing the tab
	closeTab()

	open(ctx, e.url+"/npd")
	waitText(ctx, "#draft-notice", "Восстановлен черновик от", stepTimeout)
	restored(ctx, map[string]string{"f-item-name": "Разработка сайта", "f-item-sum": "150 000", "f-buyer-inn": "7707083893"})
	scrollTo(ctx, "npd-new")
	shotBoth(t, ctx, "receipt-restored")
	click(ctx, "btn-draft-discard")
	if !until(ctx, stepTimeout, `() => !document.getElementById("draft-notice") && document.getElementById("f-item-name").value === ""`) {
		fatalf(ctx, "«Удалить черновик» left the draft on the form")
	}
	time.Sleep(1500 * time.Millisecond)
	open(ctx, e.url+"/npd")
	waitVisible(ctx, "form-receipt", stepTimeout)
	time.Sleep(time.Second)
	if isVisible(ctx, "draft-notice") {
		t.Error("a discarded draft came back")
	}
}

// A profile edit survives an idle sign-out: after signing in again the
// person is back at the form with the draft; signing out wipes it.
func TestProfileDraftSurvivesIdle(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, func(c *config.Config) {
		c.SessionIdle = 8 * time.Second
		c.SessionWarn = 3 * time.Second
	})
	e.seedDemo()
	ctx := browser(t, desktop)

	signIn(t, ctx, e, annaLogin, demoPassword)
	open(ctx, e.url+"/profile/edit")
	typeInto(ctx, "f-passport-issuedBy", "ГУ МВД России по г. Москве")
	if !until(ctx, 20*time.Second, `() => location.pathname === "/login" && new URLSearchParams(location.search).get("expired") === "1"`) {
		fatalf(ctx, "the session did not idle out: the page is %s", location(ctx))
	}
	waitApp(ctx)
	if got := location(ctx); got != "/login?expired=1&next=%2Fprofile%2Fedit" && got != "/login?next=%2Fprofile%2Fedit&expired=1" {
		t.Errorf("the idle sign-in page does not lead back to the form: %s", got)
	}
	typeInto(ctx, "f-login", annaLogin)
	typeInto(ctx, "f-password", demoPassword)
	click(ctx, "btn-login")
	waitPath(ctx, "/profile/edit", stepTimeout)
	waitText(ctx, "#draft-notice", "Восстановлен черновик от", stepTimeout)
	restored(ctx, map[string]string{"f-passport-issuedBy": "ГУ МВД России по г. Москве"})
	shotBoth(t, ctx, "profile-restored")

	click(ctx, "btn-logout")
	waitPath(ctx, "/login", stepTimeout)
	signIn(t, ctx, e, annaLogin, demoPassword)
	open(ctx, e.url+"/profile/edit")
	waitVisible(ctx, "form-profile", stepTimeout)
	time.Sleep(time.Second)
	if isVisible(ctx, "draft-notice") {
		t.Error("the draft outlived the sign-out")
	}
}

// restored waits until each field holds its draft's value.
func restored(ctx context.Context, want map[string]string) {
	tabOf(ctx).t.Helper()
	for id, v := range want {
		if !until(ctx, stepTimeout, `(id, v) => document.getElementById(id) && document.getElementById(id).value === v`, id, v) {
			fatalf(ctx, "#%s is not restored to %q", id, v)
		}
	}
}
