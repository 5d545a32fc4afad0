//go:build !js

package ui

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

// The manifest's icons each have a valid purpose: go-app leaves all but
// the maskable one with "", which browsers and stores reject.
func TestManifestIconPurposes(t *testing.T) {
	routesOnce.Do(Routes)
	srv := httptest.NewServer(WithManifest(NewHandler(HandlerOptions{Version: "test", WebDir: "../../web"})))
	t.Cleanup(srv.Close)
	for _, path := range []string{"/manifest.webmanifest", "/manifest.json"} {
		code, body, h := fetch(t, srv, path)
		if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "application/manifest+json") {
			t.Fatalf("GET %s = %d %s", path, code, h.Get("Content-Type"))
		}
		var m struct {
			Name  string `json:"name"`
			Icons []struct {
				Src     string `json:"src"`
				Purpose string `json:"purpose"`
			} `json:"icons"`
		}
		if err := json.Unmarshal([]byte(body), &m); err != nil {
			t.Fatalf("%s: %v\n%s", path, err, body)
		}
		if m.Name != "Кабинет" || len(m.Icons) < 3 {
			t.Fatalf("%s lost its members: %s", path, body)
		}
		for _, icon := range m.Icons {
			if !validPurpose(icon.Purpose) {
				t.Errorf("%s: icon %s has purpose %q", path, icon.Src, icon.Purpose)
			}
		}
	}
}

// validPurpose: one or more of the keywords the manifest spec defines.
func validPurpose(p string) bool {
	words := strings.Fields(p)
	for _, w := range words {
		if w != "any" && w != "maskable" && w != "monochrome" {
			return false
		}
	}
	return len(words) > 0
}
