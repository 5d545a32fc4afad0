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
