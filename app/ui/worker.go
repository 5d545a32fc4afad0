//go:build !js

package ui

import "strings"

// offlineWorkerJS is the service worker (workerJS) that also opens every
// page without a connection. go-app's worker answers only what it cached
// at install (the app shell at "/", app.wasm, styles): any other address
// opened offline, /login or /npd, met the browser's own English error
// page. Now a page's navigation goes to the network first (the page as
// the server prerenders it, fresh), and when there is no network the
// cached shell answers: the app starts, routes the address itself and
// says that there is no connection.
func offlineWorkerJS() string { return withPageFallback(workerJS()) }

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

// mustReplace replaces old in s once; go-app's worker not having old
// (a new go-app version) must stop the build's tests, not pass silently.
func mustReplace(s, old, new string) string {
	if !strings.Contains(s, old) {
		panic("ui: the service worker template changed: " + old)
	}
	return strings.Replace(s, old, new, 1)
}
