//go:build !js

package ui

import (
	"encoding/json"
	"strings"
)

// offlineWorkerJS is the service worker (workerJS) that also opens every
// page without a connection. go-app's worker answers only what it cached
// at install (the app shell at "/", app.wasm, styles): any other address
// opened offline, /login or /npd, met the browser's own English error
// page. Now a page's navigation goes to the network first (the page as
// the server prerenders it, fresh), and when there is no network the
// cached shell answers: the app starts, routes the address itself and
// says that there is no connection.
func offlineWorkerJS(wasmETag string) string {
	return withWasmFromPage(withPageFallback(workerJS()), wasmETag)
}

// withPageFallback adds the navigation fallback to go-app's worker. In
// app.wasm go-app has no worker template (it only serves it): "" stays "".
func withPageFallback(worker string) string {
	if worker == "" {
		return ""
	}
	return mustReplace(worker,
		"  event.respondWith(fetchWithCache(event.request));\n",
		`  if (event.request.mode === "navigate") {
    event.respondWith(pageOrShell(event.request));
    return;
  }
  event.respondWith(fetchWithCache(event.request));
`) + pageOrShellJS
}

// pageOrShellJS is the fallback itself.
const pageOrShellJS = `
// pageOrShell answers a page's navigation from the network or, without
// one, with the cached app shell.
async function pageOrShell(request) {
  try {
    return await fetch(request);
  } catch (err) {
    const shell = await caches.match("/");
    if (shell) {
      return shell;
    }
    throw err;
  }
}
`

// withWasmFromPage has the worker's install keep the page's own copy of
// app.wasm instead of fetching it again. On a first visit the page fetches
// app.wasm to start the app while the new worker installs, and the
// worker's install fetched it too: Chromium makes the second request wait
// for the first (its HTTP cache lock) and then revalidates, but only for
// 20 seconds; when app.wasm's answer took longer, as on a slow or stalled
// mobile network, the worker downloaded the 2 MB again. Now, when there
// is no worker yet (a first visit), the install waits until the page says
// its download has ended (start.js, kabinetWasmSettled), then takes the
// copy from the HTTP cache with only-if-cached, as it keeps the first
// visited pages: no request is made. Only a copy with the ETag of the
// worker's own app.wasm is kept (wasmETag, the ETag the server sends for
// it); any other copy, a failed download, or no word from the page within
// a minute (a page that never loads app.wasm) falls back to a fetch of its
// own, whose answer is kept only with that ETag too: a version deployed
// while the worker waited is not kept beside this version's pages (the
// install fails instead, see below). An update (an
// old worker controls the pages, which run the old app.wasm) fetches the
// new one at once, as before.
//
// The install is now in waitUntil, so that the browser does not stop the
// worker while it waits (go-app's ran outside it, and a worker stopped in
// its install never took over), and an install that fails (a file that
// did not arrive, app.wasm of another version) fails the worker: it never
// takes the pages, which keep the worker they had (or none, and the
// network), and the browser installs again at the next visit. go-app's
// logged the error and took over all the same, without what it could not
// keep, and then fetched that from the network: another version's
// app.wasm beside its pages.
func withWasmFromPage(worker, wasmETag string) string {
	if worker == "" {
		return ""
	}
	etag, err := json.Marshal(wasmETag)
	if err != nil {
		panic(err)
	}
	worker = mustReplace(worker, `self.addEventListener("install", async (event) => {
  try {`, `self.addEventListener("install", (event) => {
  event.waitUntil(kabinetInstall());
});

async function kabinetInstall() {
  try {`)
	worker = mustReplace(worker, `    console.error("error during installation:", error);
  }
});`, `    console.error("error during installation:", error);
    throw error; // the install fails: this worker never serves
  }
}`)
	worker = mustReplace(worker, "  await cache.addAll(resourcesToCache);\n",
		"  await cache.addAll(resourcesToCache.filter((r) => r !== kabinetWasm));\n  await kabinetKeepWasm(cache);\n")
	return worker + strings.Replace(wasmFromPageJS, "{{.WasmETag}}", string(etag), 1)
}

// wasmFromPageJS is the worker's side of withWasmFromPage.
const wasmFromPageJS = `
const kabinetWasm = "/web/app.wasm";
const kabinetWasmETag = {{.WasmETag}};
// kabinetIsThisWasm: an answer with this worker's app.wasm (a proxy may
// have weakened the ETag: W/"…").
const kabinetIsThisWasm = (res) => res.status === 200 && (res.headers.get("ETag") || "").replace(/^W\//, "") === kabinetWasmETag;
let kabinetWasmSettled;
const kabinetPageWasm = new Promise((resolve) => (kabinetWasmSettled = resolve));
self.addEventListener("message", (event) => {
  if (event.data === "kabinet:wasm") {
    kabinetWasmSettled();
  }
});

async function kabinetKeepWasm(cache) {
  const fromPage = async () => {
    try {
      const res = await fetch(kabinetWasm, { cache: "only-if-cached", mode: "same-origin" });
      if (kabinetIsThisWasm(res)) {
        await cache.put(kabinetWasm, res);
        return true;
      }
    } catch (err) {} // not in the HTTP cache
    return false;
  };
  if (await fromPage()) {
    return;
  }
  const pages = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  if (!self.registration.active && pages.length > 0) {
    await Promise.race([kabinetPageWasm, new Promise((resolve) => setTimeout(resolve, 60000))]);
    if (await fromPage()) {
      return;
    }
  }
  // Fetched here too, app.wasm may be a version deployed since this
  // worker's: kept beside this version's pages, it would run with them.
  const res = await fetch(kabinetWasm);
  if (!kabinetIsThisWasm(res)) {
    throw new Error("app.wasm is not this worker's version");
  }
  await cache.put(kabinetWasm, res);
}
`

// mustReplace replaces old in s once; go-app's worker not having old
// (a new go-app version) must stop the build's tests, not pass silently.
func mustReplace(s, old, new string) string {
	if !strings.Contains(s, old) {
		panic("ui: the service worker template changed: " + old)
	}
	return strings.Replace(s, old, new, 1)
}
