package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kabinet/server/portal/portaltest"
)

// A new version deployed while a first visit's worker installs: the
// worker (the old version's) waits for the page's app.wasm, which comes
// from the new version, and then fetches app.wasm itself. What it keeps
// must be its own version's app.wasm or none: never the new app.wasm in
// the old version's cache, beside the old app shell and pages, which it
// would serve together until the next worker takes over.
func TestFirstVisitWorkerKeepsNoOtherVersionsWasm(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	net := newLink(t, e.url)
	release := net.holdWasm()
	defer release()
	ctx := browser(t, desktop) // the wide /login starts the app at once

	err := within(ctx, loadTimeout, func(c context.Context) error { return chromedp.Do(c, chromedp.Navigate(net.url+"/login")) })
	if err != nil {
		fatalf(ctx, "opening /login: %v", err)
	}
	// The worker has kept the other files and waits for the page's app.wasm.
	if !until(ctx, loadTimeout, `() => navigator.serviceWorker.getRegistration().then((r) => !!(r && r.installing)).then((i) =>
		i && caches.keys().then((ks) => ks.length === 1 && caches.open(ks[0]).then((c) => c.match("/")).then((p) => !!p)))`) {
		fatalf(ctx, "the worker did not wait in its install with the app shell kept")
	}
	oldWasm, oldPage := etagOf(t, e.url, "/web/app.wasm"), etagOf(t, e.url, "/")
	v2 := portaltest.StartOn(t, newVersionDir(t), e.DB, nil)
	newWasm, newPage := etagOf(t, v2.URL, "/web/app.wasm"), etagOf(t, v2.URL, "/")
	net.retarget(t, v2.URL)
	release()

	if !until(ctx, loadTimeout, installSettled) {
		fatalf(ctx, "the worker's install did not end")
	}
	active, _ := js[bool](ctx, `navigator.serviceWorker.getRegistration().then((r) => !!(r && r.active))`)
	s, err := js[string](ctx, "("+cachesState+")()")
	if err != nil {
		fatalf(ctx, "the caches: %v", err)
	}
	for _, c := range strings.Split(s, "; ") {
		_, kept, _ := strings.Cut(c, " ")
		switch kept {
		case "wasm=" + oldWasm + " page=" + oldPage, "wasm=" + newWasm + " page=" + newPage:
		case "wasm=none page=" + oldPage, "wasm=none page=" + newPage:
			if active { // it would fetch app.wasm from the network: the new one
				fatalf(ctx, "the worker took over without its app.wasm: %q", c)
			}
		default:
			fatalf(ctx, "a cache pairs one version's app.wasm with another's page: %q (old %s %s, new %s %s)",
				c, oldWasm, oldPage, newWasm, newPage)
		}
	}
}

// installSettled is true once no worker is installing: the install ended,
// taken over or failed.
const installSettled = `() => navigator.serviceWorker.getRegistration().then((r) => !r || !r.installing)`

// A first visit whose app.wasm breaks off half way, for the page and for
// the worker's own fetch: the worker keeps no part of it. Whatever it
// keeps is a whole module that compiles.
func TestFirstVisitWorkerKeepsNoHalfDownload(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	net := newLink(t, e.url)
	net.wasmRate.Store(1 << 20)
	net.cutWasmAt.Store(600 << 10)
	ctx := browser(t, desktop) // the wide /login starts the app at once

	err := within(ctx, loadTimeout, func(c context.Context) error { return chromedp.Do(c, chromedp.Navigate(net.url+"/login")) })
	if err != nil {
		fatalf(ctx, "opening /login: %v", err)
	}
	waitVisible(ctx, "app-failed", loadTimeout)
	if !until(ctx, loadTimeout, installSettled) {
		fatalf(ctx, "the worker's install did not end")
	}
	kept, err := js[string](ctx, `(async () => {
		const r = await caches.match("/web/app.wasm");
		if (!r) {
			return "none";
		}
		try {
			return WebAssembly.validate(await r.arrayBuffer()) ? "whole" : "broken";
		} catch (err) {
			return "unreadable: " + err;
		}
	})()`)
	if err != nil || (kept != "none" && kept != "whole") {
		fatalf(ctx, "after a download that broke off, the worker keeps app.wasm %s (%v)", kept, err)
	}
	if asked := net.wasmAsked.Load(); asked < 1 {
		t.Errorf("app.wasm asked %d times", asked)
	}
	t.Logf("kept: %s; app.wasm asked %d times, %d bytes sent", kept, net.wasmAsked.Load(), net.wasmBytes.Load())
}
