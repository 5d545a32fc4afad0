package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"kabinet/shared"
)

// openHeldSignIn opens /login as openHeld does and waits until its
// prerendered form is open for use.
func openHeldSignIn(t *testing.T, ctx context.Context, e *env) (release func()) {
	release = openHeld(t, ctx, e, "/login")
	if !until(ctx, loadTimeout, `() => !!document.querySelector("fieldset[data-start-on-use]:enabled")`) {
		fatalf(ctx, "the prerendered sign-in form did not open for use")
	}
	return release
}

// openHeld opens path through a link that holds app.wasm back, for the
// page and its service worker alike, until the returned func lets it go;
// it does not wait for the load event: the page is what the person sees
// long before everything has arrived.
func openHeld(t *testing.T, ctx context.Context, e *env, path string) (release func()) {
	t.Helper()
	l := newLink(t, e.url)
	release = l.holdWasm()
	t.Cleanup(release)
	err := within(ctx, stepTimeout, func(c context.Context) error {
		_, err := chromedp.Call(c, page.Navigate, page.NavigateParams{URL: l.url + path})
		return err
	})
	if err != nil {
		fatalf(ctx, "opening %s: %v", path, err)
	}
	return release
}

// waitForUse waits until the page has loaded and its prerendered content,
// marked to start the app on use, is open for typing.
func waitForUse(ctx context.Context, what string) {
	tabOf(ctx).t.Helper()
	if !until(ctx, loadTimeout, `() => document.readyState === "complete" && !!document.querySelector("fieldset[data-start-on-use]:enabled")`) {
		fatalf(ctx, "%s is not open for use", what)
	}
}

// TestPublicPagesStartOnUse opens the public pages that are complete in
// their HTML and finds that app.wasm, arrived and compiled, does not run
// until the person uses the page — and that what the person did first is
// the app's once it runs: a ticked box and a typed field on the
// registration page count, an untouched field is still missing. In
// English (the page is prerendered in Russian) the app starts at once.
func TestPublicPagesStartOnUse(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	ctx := browser(t, phone)
	for _, path := range []string{"/", "/recover", "/register"} {
		err := within(ctx, loadTimeout, func(c context.Context) error { return chromedp.Do(c, chromedp.Navigate(e.url+path)) })
		if err != nil {
			fatalf(ctx, "opening %s: %v", path, err)
		}
		waitForUse(ctx, path)
		// app.wasm's request and compilation come after the first screen;
		// give them time, then the page must still be the server's.
		time.Sleep(3 * time.Second)
		if ok, _ := js[bool](ctx, `!!document.querySelector("fieldset[data-start-on-use]") && !!document.getElementById("app-wasm-loader")`); !ok {
			fatalf(ctx, "%s: the app started without being used", path)
		}
	}

	// On /register: the last name typed and the consent ticked before the
	// app, then the submit button pressed.
	typeInto(ctx, "f-lastName", "Иванова")
	err := within(ctx, stepTimeout, func(c context.Context) error {
		return clickNode(c, `label[for="f-consent"]`, chromedp.NodeVisible)
	})
	if err != nil {
		fatalf(ctx, "ticking the consent: %v", err)
	}
	click(ctx, "btn-register")
	waitVisible(ctx, "f-firstName-error", loadTimeout)
	got, _ := js[string](ctx, `JSON.stringify({last: document.getElementById("f-lastName").value, lastErr: !!document.getElementById("f-lastName-error"), consent: document.getElementById("f-consent").checked, consentErr: !!document.getElementById("f-consent-error")})`)
	if got != `{"last":"Иванова","lastErr":false,"consent":true,"consentErr":false}` {
		fatalf(ctx, "after the app took over the registration: %s, want the typed name and the ticked consent kept and accepted", got)
	}
	shot(t, ctx, "register-handed-over")

	// In English the app starts at once: the Russian page is not what the
	// person reads.
	if _, err := js[bool](ctx, `localStorage.setItem("kabinet.lang", "en"), true`); err != nil {
		t.Fatal(err)
	}
	err = within(ctx, loadTimeout, func(c context.Context) error { return chromedp.Do(c, chromedp.Navigate(e.url+"/recover")) })
	if err != nil {
		fatalf(ctx, "opening /recover: %v", err)
	}
	if !until(ctx, loadTimeout, `() => !document.getElementById("app-wasm-loader") && !document.querySelector("fieldset[data-start-on-use]")`) {
		fatalf(ctx, "in English /recover waited for use instead of starting at once")
	}
}

// TestStartOnUseSignsInOnce presses the sign-in button twice and Enter
// once before app.wasm has arrived: nothing leaves the page natively (the
// address stays /login, without the password), and when the app takes the
// page over it sends one sign-in, not one per press.
func TestStartOnUseSignsInOnce(t *testing.T) {
	e := start(t, nil)
	e.seedDemo()
	ctx := browser(t, phone)
	release := openHeldSignIn(t, ctx, e)
	typeInto(ctx, "f-login", annaLogin)
	typeInto(ctx, "f-password", demoPassword)
	click(ctx, "btn-login")
	click(ctx, "btn-login")
	if err := within(ctx, stepTimeout, func(c context.Context) error {
		return chromedp.Do(c, chromedp.Focus(chromedp.ID("f-password")), chromedp.KeyEvent(kb.Enter))
	}); err != nil {
		fatalf(ctx, "pressing Enter: %v", err)
	}
	time.Sleep(500 * time.Millisecond)
	if u := location(ctx); strings.Contains(u, "?") || strings.Contains(u, "password") {
		fatalf(ctx, "a press before the app left the page natively: %s", u)
	}
	if n := requests(ctx, "POST", shared.APIPrefix+"/login"); n != 0 {
		fatalf(ctx, "%d sign-ins sent before the app ran", n)
	}
	release()
	waitPath(ctx, "/cabinet", loadTimeout)
	time.Sleep(time.Second)
	if n := requests(ctx, "POST", shared.APIPrefix+"/login"); n != 1 {
		fatalf(ctx, "%d sign-ins sent for the presses before the app, want 1", n)
	}
}

// TestStartOnUseKeepsTheSignInPress presses «Войти» and then, while the
// app still loads, the button that shows the password (a person checking
// what they typed): before, only the last press was run when the app took
// over, so the password showed and the sign-in was lost. Both are run
// now, the sign-in once, after the other press. The password shown and
// hidden again before the app stays hidden (it was shown: the one toggle
// press was run).
func TestStartOnUseKeepsTheSignInPress(t *testing.T) {
	e := start(t, nil)
	e.seedDemo()
	ctx := browser(t, phone)
	release := openHeldSignIn(t, ctx, e)
	typeInto(ctx, "f-login", annaLogin)
	typeInto(ctx, "f-password", "not-"+demoPassword)
	click(ctx, "btn-login")
	click(ctx, "f-password-toggle")
	click(ctx, "btn-login")
	click(ctx, "f-password-toggle")
	click(ctx, "f-password-toggle")
	release()
	waitResponses(ctx, "POST", shared.APIPrefix+"/login", 1, loadTimeout)
	time.Sleep(time.Second)
	got, _ := js[string](ctx, `JSON.stringify({type: document.getElementById("f-password").type, pressed: document.getElementById("f-password-toggle").getAttribute("aria-pressed")})`)
	if n := requests(ctx, "POST", shared.APIPrefix+"/login"); n != 1 || got != `{"type":"text","pressed":"true"}` {
		fatalf(ctx, "after the app took over: %d sign-ins, password field %s; want 1 sign-in and the password shown", n, got)
	}
	shot(t, ctx, "signin-and-toggle")

	// Another first visit (a new link is another origin): shown, hidden.
	release = openHeldSignIn(t, ctx, e)
	typeInto(ctx, "f-login", annaLogin)
	typeInto(ctx, "f-password", "not-"+demoPassword)
	click(ctx, "f-password-toggle")
	click(ctx, "f-password-toggle")
	click(ctx, "btn-login")
	release()
	waitResponses(ctx, "POST", shared.APIPrefix+"/login", 2, loadTimeout) // the tab's second
	time.Sleep(time.Second)
	got, _ = js[string](ctx, `JSON.stringify({type: document.getElementById("f-password").type, pressed: document.getElementById("f-password-toggle").getAttribute("aria-pressed")})`)
	if got != `{"type":"password","pressed":"false"}` {
		fatalf(ctx, "the password shown and hidden before the app: %s after it took over, want it hidden", got)
	}
}

// TestStartOnUseStartsWhenTheQRComesIntoView opens the sign-in page on a
// narrow screen, where it waits for use, then widens the window (a tablet
// turned to landscape): the QR code's place comes into view, and only the
// app draws the code, so the app starts without being used, as it does
// when the page opens wide.
func TestStartOnUseStartsWhenTheQRComesIntoView(t *testing.T) {
	e := start(t, nil)
	ctx := browser(t, phone)
	resize(t, ctx, phone, true)
	err := within(ctx, loadTimeout, func(c context.Context) error { return chromedp.Do(c, chromedp.Navigate(e.url+"/login")) })
	if err != nil {
		fatalf(ctx, "opening /login: %v", err)
	}
	waitForUse(ctx, "the narrow sign-in page")
	time.Sleep(2 * time.Second)
	if held, _ := js[bool](ctx, `!!document.querySelector("fieldset[data-start-on-use]")`); !held {
		fatalf(ctx, "the narrow sign-in page started the app without use")
	}
	resize(t, ctx, desktop, false)
	if !until(ctx, loadTimeout, `() => !document.querySelector("fieldset[data-start-on-use]") && !!document.getElementById("qr-code")`) {
		got, _ := js[string](ctx, `JSON.stringify({held: !!document.querySelector("fieldset[data-start-on-use]"), width: innerWidth, code: !!document.getElementById("qr-code")})`)
		fatalf(ctx, "widened, the sign-in page shows the QR code's place but no code: %s", got)
	}
}

// TestStartOnUseWhenTheCompileWorkerFails gives the page a worker that
// cannot load (its script is not there): the page compiles app.wasm
// itself, starts the app at the first use, and the app takes over what
// was typed.
func TestStartOnUseWhenTheCompileWorkerFails(t *testing.T) {
	e := start(t, nil)
	ctx := browser(t, phone)
	const broken = `(() => {
		const W = Worker;
		window.kabinetWorkers = 0;
		window.Worker = function () { window.kabinetWorkers++; return new W("/web/no-such-compile.js"); };
	})()`
	onEveryPage(ctx, "the broken Worker", broken)
	err := within(ctx, loadTimeout, func(c context.Context) error { return chromedp.Do(c, chromedp.Navigate(e.url+"/login")) })
	if err != nil {
		fatalf(ctx, "opening /login: %v", err)
	}
	waitForUse(ctx, "the sign-in page")
	typeInto(ctx, "f-login", annaLogin)
	if !until(ctx, loadTimeout, `() => !document.querySelector("fieldset[data-start-on-use]") && !document.getElementById("app-wasm-loader")`) {
		label, _ := js[string](ctx, `(document.getElementById("app-wasm-loader-label") || {}).innerText`)
		fatalf(ctx, "with the worker failing the app did not start: %q", label)
	}
	if got, _ := js[string](ctx, `document.getElementById("f-login").value`); got != annaLogin {
		fatalf(ctx, "the login field holds %q after the app took over, want %q", got, annaLogin)
	}
	if n, _ := js[int](ctx, `window.kabinetWorkers`); n != 1 {
		fatalf(ctx, "%d workers made, want the one that failed", n)
	}
}
