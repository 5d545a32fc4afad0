package e2e

import (
	"context"
	"fmt"
	"testing"

	"kabinet/shared"
)

// The screens of the service centres' kiosks: portrait and landscape.
var (
	kioskPortrait  = size{1080, 1920}
	kioskLandscape = size{1920, 1080}
)

// kioskTab registers a kiosk in the back office (as TestQRKioskFlow does
// through the setup link) and returns a browser at sz that is that kiosk,
// on its sign-in screen.
func kioskTab(t *testing.T, e *env, sz size) context.Context {
	t.Helper()
	op := e.Client()
	op.SignInDemo(operatorLogin)
	var reg shared.KioskRegistered
	op.MustOK("POST", "/office/kiosks", shared.KioskRequest{Name: "Терминал №2", Centre: "МФЦ «Мои документы» Тверской", Address: "Москва, ул. Тверская, 8"}, &reg)
	ctx := browser(t, sz)
	open(ctx, reg.SetupURL)
	click(ctx, "btn-kiosk-install")
	click(ctx, "link-kiosk-start")
	waitPath(ctx, "/login", stepTimeout)
	if !until(ctx, stepTimeout, `() => document.querySelector(".app.kiosk") !== null`) {
		t.Fatal("the kiosk is not in kiosk mode")
	}
	waitVisible(ctx, "qr-code", stepTimeout)
	return ctx
}

// A kiosk's sign-in screen offers the QR code first and large, then the
// password; no registration, no passkey; large type and targets, laid out
// for the landscape and the portrait screen.
func TestKioskSignInScreen(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	e.seedDemo()
	ctx := kioskTab(t, e, kioskLandscape)

	for _, id := range []string{"link-register", "btn-passkey-login", "passkey-login"} {
		if n := mustJS[bool](t, ctx, fmt.Sprintf(`!!document.getElementById(%q)`, id)); n {
			t.Errorf("a kiosk's sign-in offers #%s", id)
		}
	}
	if !mustJS[bool](t, ctx, `!!(document.getElementById("qr-login").compareDocumentPosition(document.getElementById("form-login")) & Node.DOCUMENT_POSITION_FOLLOWING)`) {
		t.Error("the password form comes before the QR code")
	}
	checkKioskSizes(t, ctx)
	if !mustJS[bool](t, ctx, `(() => { const q = document.getElementById("qr-login").getBoundingClientRect(), f = document.getElementById("password-login").getBoundingClientRect();
		return q.right <= f.left && Math.abs(q.top - f.top) < 2 && q.width >= 700 && f.width >= 700; })()`) {
		t.Error("landscape: the QR code is not left of the form, side by side, each half the screen")
	}
	shot(t, ctx, "landscape")

	resize(t, ctx, kioskPortrait, false)
	checkKioskSizes(t, ctx)
	if !mustJS[bool](t, ctx, `(() => { const q = document.getElementById("qr-login").getBoundingClientRect(), f = document.getElementById("password-login").getBoundingClientRect(),
		img = document.getElementById("qr-code").getBoundingClientRect();
		return q.bottom <= f.top && q.width >= 900 && f.width >= 900 && img.width >= 400 && f.bottom > 1200; })()`) {
		t.Error("portrait: the QR code is not above the form, full width, with a large code and the form filling the screen")
	}
	shot(t, ctx, "portrait")
}

// checkKioskSizes fails the test for a target under 48 px or type less
// than 25 % larger than the 16 px of an ordinary screen.
func checkKioskSizes(t *testing.T, ctx context.Context) {
	t.Helper()
	small := mustJS[[]string](t, ctx, `Array.from(document.querySelectorAll("main button, main a, main input, header button, header a"))
		.filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden" && !el.closest(".sr-only, .skip-link"))
		.filter(el => { const r = el.getBoundingClientRect(); return r.height < 48 || r.width < 48; })
		.map(el => (el.id || el.tagName) + " " + Math.round(el.getBoundingClientRect().width) + "×" + Math.round(el.getBoundingClientRect().height))`)
	if len(small) > 0 {
		t.Errorf("targets under 48 px: %v", small)
	}
	tiny := mustJS[[]string](t, ctx, `Array.from(document.querySelectorAll("main p, main label, main input, main button, main li, #btn-lang"))
		.filter(el => el.getClientRects().length && parseFloat(getComputedStyle(el).fontSize) < 20 && !el.closest(".field__hint, .muted"))
		.map(el => (el.id || el.tagName) + " " + getComputedStyle(el).fontSize)`)
	if len(tiny) > 0 {
		t.Errorf("type under 20 px (16 px + 25 %%): %v", tiny)
	}
	if h := mustJS[float64](t, ctx, `document.getElementById("btn-lang").getBoundingClientRect().height`); h < 56 {
		t.Errorf("the language toggle is %v px high, want a large one", h)
	}
}
