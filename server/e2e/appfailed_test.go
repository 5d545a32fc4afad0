package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestAppSaysItDidNotLoad drops app.wasm's download, as a phone losing its
// network does: the sign-in page says in Russian that the cabinet did not
// load, in place of a loading strip that would never end, with a button
// that reloads the page; with the network back, the reload starts the app.
func TestAppSaysItDidNotLoad(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	l := newLink(t, e.url)
	l.failWasm.Store(true)
	ctx := browser(t, phone)
	err := within(ctx, loadTimeout, func(c context.Context) error { return chromedp.Do(c, chromedp.Navigate(l.url+"/login")) })
	if err != nil {
		fatalf(ctx, "opening /login: %v", err)
	}
	waitVisible(ctx, "app-failed", loadTimeout)
	waitText(ctx, "#app-failed-text", "Кабинет не загрузился. Проверьте подключение", stepTimeout)
	if got, _ := js[string](ctx, `document.getElementById("app-failed").getAttribute("role") + " " + !!document.getElementById("app-wasm-loader")`); got != "alert false" {
		fatalf(ctx, "the notice's role and the strip: %q, want an alert and no strip", got)
	}
	waitText(ctx, "#btn-app-reload", "Обновить страницу", stepTimeout)
	shotBoth(t, ctx, "app-failed-load")

	l.failWasm.Store(false)
	click(ctx, "btn-app-reload")
	if !until(ctx, loadTimeout, `() => document.readyState === "complete" && !document.getElementById("app-failed")`) {
		fatalf(ctx, "the reload did not replace the notice")
	}
	waitApp(ctx)
	if !until(ctx, stepTimeout, `() => !document.querySelector("fieldset[data-start-on-use]") && !!document.getElementById("f-login")`) {
		fatalf(ctx, "after the reload the app did not take the sign-in page over")
	}
}

// TestAppSaysItStopped ends the running app as a panic ends a Go program
// (wasm_exec's exit): the page says that the cabinet stopped and offers
// the reload, instead of a page that silently no longer answers.
func TestAppSaysItStopped(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	ctx := browser(t, desktop)
	// Keeps the page's Go instance (wasm_exec.js defines the class Go).
	const keep = `(() => {
		let G;
		Object.defineProperty(globalThis, "Go", { configurable: true, get() { return G; },
			set(v) { G = class extends v { constructor() { super(); window.kabinetGo = this; } }; } });
	})()`
	onEveryPage(ctx, "the keeper of the Go instance", keep)
	open(ctx, e.url+"/login")
	if _, err := js[bool](ctx, `(kabinetGo.exited = true, kabinetGo._resolveExitPromise(), true)`); err != nil {
		fatalf(ctx, "ending the app: %v", err)
	}
	waitVisible(ctx, "app-failed", stepTimeout)
	waitText(ctx, "#app-failed-text", "произошла ошибка, и он остановился", stepTimeout)
	shotBoth(t, ctx, "app-failed-run")
}
