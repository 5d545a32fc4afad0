package e2e

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"kabinet/server/portal/portaltest"
)

// newVersionDir is a copy of the web directory whose app.wasm is another
// version: the same program with a custom section added (still a valid
// module, with another hash, so another ETag and worker version). The
// other files are links to the real ones; app.wasm has no compressed
// twins, so it is served raw.
func newVersionDir(t *testing.T) string {
	t.Helper()
	src := webDir(t)
	dir := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if name := e.Name(); name != "app.wasm" && name != "app.wasm.br" && name != "app.wasm.gz" {
			if err := os.Symlink(filepath.Join(src, name), filepath.Join(dir, name)); err != nil {
				t.Fatal(err)
			}
		}
	}
	wasm, err := os.ReadFile(filepath.Join(src, "app.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	const name = "kabinet-v2"
	section := append([]byte{0, byte(1 + len(name)), byte(len(name))}, name...)
	if err := os.WriteFile(filepath.Join(dir, "app.wasm"), append(wasm, section...), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// etagOf is the ETag the portal at base sends for path.
func etagOf(t *testing.T, base, path string) string {
	t.Helper()
	res, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	return res.Header.Get("ETag")
}

// cachesState lists the worker's caches, each with the ETags of the
// app.wasm and the home page it holds.
const cachesState = `async () => {
	const out = [];
	for (const k of await caches.keys()) {
		// caches.match with cacheName, not caches.open: open would make
		// again a cache the worker deletes between keys() and here.
		const w = await caches.match("/web/app.wasm", {cacheName: k}), p = await caches.match("/", {cacheName: k});
		out.push(k + " wasm=" + (w ? w.headers.get("ETag") : "none") + " page=" + (p ? p.headers.get("ETag") : "none"));
	}
	return out.join("; ");
}`

// A new version deployed after a first visit: the old worker serves the
// old page with the old app.wasm, the new worker fetches and keeps the new
// app.wasm (not the page's old copy, which the HTTP cache still holds),
// and after it takes over, the page and app.wasm are both the new
// version's. No cache ever pairs one version's page with another's
// app.wasm.
func TestUpdateKeepsTheNewVersionsWasm(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	net := newLink(t, e.url)
	ctx := browser(t, phone)

	open(ctx, net.url+"/login")
	waitShellCached(ctx)
	oldWasm, oldPage := etagOf(t, e.url, "/web/app.wasm"), etagOf(t, e.url, "/")
	want := "app-" + oldPage[1:len(oldPage)-1] + " wasm=" + oldWasm + " page=" + oldPage
	if !until(ctx, loadTimeout, `(want) => (`+cachesState+`)().then((s) => s === want)`, want) {
		s, _ := js[string](ctx, "("+cachesState+")()")
		fatalf(ctx, "after the first visit the worker keeps %q, want %q", s, want)
	}

	v2 := portaltest.StartOn(t, newVersionDir(t), e.DB, nil)
	newWasm, newPage := etagOf(t, v2.URL, "/web/app.wasm"), etagOf(t, v2.URL, "/")
	if newWasm == oldWasm || newPage == oldPage {
		t.Fatalf("the new version has the old ETags: %s %s", newWasm, newPage)
	}
	net.retarget(t, v2.URL)
	err := within(ctx, loadTimeout, func(c context.Context) error { return chromedp.Do(c, chromedp.Navigate(net.url+"/login")) })
	if err != nil {
		fatalf(ctx, "opening /login after the update: %v", err)
	}
	want = "app-" + newPage[1:len(newPage)-1] + " wasm=" + newWasm + " page=" + newPage
	if !until(ctx, loadTimeout, `(want) => (`+cachesState+`)().then((s) => s === want)`, want) {
		s, _ := js[string](ctx, "("+cachesState+")()")
		fatalf(ctx, "after the update the worker keeps %q, want %q", s, want)
	}
	// The next visit: the page's app.js is the new version's, and the
	// app.wasm it runs came from the new worker's cache.
	open(ctx, net.url+"/login")
	got, _ := js[string](ctx, `(async () => goappGetenv("GOAPP_VERSION") + " " + (await caches.match("/web/app.wasm")).headers.get("ETag"))()`)
	if want := newPage[1:len(newPage)-1] + " " + newWasm; got != want {
		fatalf(ctx, "after the update the page runs %q, want %q", got, want)
	}
}
