//go:build !js

package ui

import (
	"strings"
	"testing"
)

// The service worker answers a page opened offline with the cached app
// shell (the browser test proves it in Chromium; this keeps the template
// from losing it silently).
func TestWorkerOpensPagesOffline(t *testing.T) {
	_, js, _ := fetch(t, server(t), "/app-worker.js")
	for _, want := range []string{`event.request.mode === "navigate"`, "async function pageOrShell", `caches.match("/")`, `startsWith("/api/")`, "kabinetKeepOpenPages()", `cache: "only-if-cached"`} {
		if !strings.Contains(js, want) {
			t.Errorf("app-worker.js lacks %s", want)
		}
	}
}

// The worker's install keeps the page's own app.wasm (the browser test
// TestFirstVisitDownloadsTheAppOnce counts the downloads): app.wasm is
// left out of go-app's fetch of the other files, the copy kept must carry
// this app.wasm's ETag, and the install runs in waitUntil.
func TestWorkerKeepsThePagesWasm(t *testing.T) {
	_, js, _ := fetch(t, server(t), "/app-worker.js")
	for _, want := range []string{`"/web/app.wasm"`, `const kabinetWasm = "/web/app.wasm";`, "resourcesToCache.filter((r) => r !== kabinetWasm)",
		"await kabinetKeepWasm(cache);", "throw new Error(\"app.wasm is not this worker's version\")", `const kabinetWasmETag = "\"test\"";`, "if (kabinetIsThisWasm(res)) {", "if (!kabinetIsThisWasm(res)) {", "event.waitUntil(kabinetInstall());", "throw error; // the install fails"} {
		if !strings.Contains(js, want) {
			t.Errorf("app-worker.js lacks %s", want)
		}
	}
}
