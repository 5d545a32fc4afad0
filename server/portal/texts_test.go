package portal_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"kabinet/shared/i18n"
)

// The browser gets the catalogue as data, one language per file: every
// key with the text Raw gives on the server, kept for good under its
// hashed name; app.js knows the address and asks for it with app.wasm.
func TestTextFiles(t *testing.T) {
	e := start(t, nil)
	get := func(t *testing.T, path string) (*http.Response, []byte) {
		t.Helper()
		resp, err := http.Get(e.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, b
	}
	for _, l := range []i18n.Lang{i18n.RU, i18n.EN} {
		t.Run(string(l), func(t *testing.T) {
			resp, b := get(t, i18n.Path(l))
			if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") ||
				!resp.Uncompressed {
				t.Fatalf("%s: %d, Cache-Control %q, gzipped %v", i18n.Path(l), resp.StatusCode, resp.Header.Get("Cache-Control"), resp.Uncompressed)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			parts := strings.Split(string(b), "\x00")
			if len(parts)%2 != 1 || parts[len(parts)-1] != "" {
				t.Fatalf("%d parts, the last %q: not a key and a text each ended by NUL", len(parts), parts[len(parts)-1])
			}
			texts := map[string]string{}
			for i := 0; i+1 < len(parts); i += 2 {
				texts[parts[i]] = parts[i+1]
			}
			if len(texts) != len(i18n.Keys()) {
				t.Errorf("%d texts, the catalogue has %d", len(texts), len(i18n.Keys()))
			}
			for _, k := range i18n.Keys() {
				if texts[k] != i18n.Raw(l, k) {
					t.Errorf("%s: %q, want %q", k, texts[k], i18n.Raw(l, k))
				}
			}
		})
	}
	t.Run("another version", func(t *testing.T) {
		resp, b := get(t, "/i18n/en.0123456789abcdef.txt")
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Cache-Control") != "no-cache" || !strings.Contains(string(b), "\x00Kabinet\x00") {
			t.Errorf("an older page's address: %d, Cache-Control %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
	})
	t.Run("no such language", func(t *testing.T) {
		if resp, _ := get(t, "/i18n/de."+i18n.Version()+".txt"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("/i18n/de…: %d, want 404", resp.StatusCode)
		}
	})
	t.Run("app.js", func(t *testing.T) {
		_, b := get(t, "/app.js")
		js := string(b)
		want := strings.Replace(i18n.Path(i18n.RU), "/ru.", "/{lang}.", 1)
		if !strings.Contains(js, `"KABINET_TEXTS":"`+want+`"`) || !strings.Contains(js, "kabinetTexts = kabinetFetchTexts();") {
			t.Errorf("app.js does not fetch the texts from %s:\n%s", want, js[:min(len(js), 600)])
		}
	})
	t.Run("worker", func(t *testing.T) {
		_, b := get(t, "/app-worker.js")
		for _, l := range []i18n.Lang{i18n.RU, i18n.EN} {
			if !strings.Contains(string(b), `"`+i18n.Path(l)+`"`) {
				t.Errorf("the service worker does not keep %s for offline starts", i18n.Path(l))
			}
		}
	})
}
