package portal_test

import (
	"net/http"
	"strings"
	"testing"

	"kabinet/server/config"
)

// Every answer — a page, go-app's own files, the API — carries the
// Content-Security-Policy; HSTS only when the public URL is https.
func TestSecurityHeaders(t *testing.T) {
	for _, tc := range []struct {
		name, publicURL, hsts string
	}{
		{"http", "", ""},
		{"https", "https://kabinet.example.ru", "max-age=31536000; includeSubDomains"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := start(t, func(c *config.Config) { c.PublicURL = tc.publicURL })
			for _, path := range []string{"/", "/login", "/app.js", "/manifest.webmanifest", "/web/app.css", "/api/v1/health", "/api/v1/nope"} {
				resp, err := http.Get(e.URL + path)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				csp := resp.Header.Get("Content-Security-Policy")
				for _, want := range []string{"script-src 'self' 'wasm-unsafe-eval';", "connect-src 'self';", "frame-ancestors 'none'", "object-src 'none';", "base-uri 'self';"} {
					if !strings.Contains(csp, want) {
						t.Errorf("GET %s: Content-Security-Policy %q lacks %q", path, csp, want)
					}
				}
				if strings.Contains(csp, "'unsafe-eval'") || strings.Contains(csp, "script-src 'self' 'unsafe-inline'") {
					t.Errorf("GET %s: Content-Security-Policy %q allows eval or inline scripts", path, csp)
				}
				if got := resp.Header.Get("Strict-Transport-Security"); got != tc.hsts {
					t.Errorf("GET %s: Strict-Transport-Security %q, want %q", path, got, tc.hsts)
				}
			}
		})
	}
}
