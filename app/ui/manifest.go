//go:build !js

package ui

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sync"
)

// WithManifest serves the web app manifest of h with a valid purpose on
// every icon. go-app writes `"purpose": ""` for all but the maskable icon,
// and an empty purpose is invalid (browsers warn, stores reject the
// manifest); "any" is what an icon without one means. Everything else
// passes to h.
func WithManifest(h http.Handler) http.Handler {
	var (
		once sync.Once
		body []byte
		etag string
	)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/manifest.webmanifest" && r.URL.Path != "/manifest.json" {
			h.ServeHTTP(w, r)
			return
		}
		once.Do(func() {
			rec := &recorder{header: http.Header{}}
			req, _ := http.NewRequest(http.MethodGet, "/manifest.webmanifest", nil)
			h.ServeHTTP(rec, req)
			body, etag = withIconPurposes(rec.body.Bytes()), rec.header.Get("ETag")
		})
		w.Header().Set("Cache-Control", "no-cache")
		if etag != "" {
			w.Header().Set("ETag", etag)
			if r.Header.Get("If-None-Match") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
		w.Header().Set("Content-Type", "application/manifest+json")
		_, _ = w.Write(body)
	})
}

// withIconPurposes sets "any" as the purpose of the manifest's icons that
// have none, keeping every other member as go-app wrote it.
func withIconPurposes(manifest []byte) []byte {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(manifest, &m); err != nil {
		return manifest
	}
	var icons []map[string]any
	if err := json.Unmarshal(m["icons"], &icons); err != nil {
		return manifest
	}
	for _, icon := range icons {
		if p, _ := icon["purpose"].(string); p == "" {
			icon["purpose"] = "any"
		}
	}
	b, err := json.Marshal(icons)
	if err != nil {
		return manifest
	}
	m["icons"] = b
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return manifest
	}
	return bytes.TrimSpace(out.Bytes())
}

// recorder keeps what a handler answers (net/http/httptest would bring
// test certificates into app.wasm).
type recorder struct {
	header http.Header
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(int)             {}
