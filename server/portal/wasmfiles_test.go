package portal

import (
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// app.wasm is read from its file for each answer, not held in the heap:
// the answers keep their encodings, length and ETag, a 304 for a matching
// If-None-Match, and the files as the server opened them when a build
// renames new ones into place (the ETag still says what is served).
func TestWasmServedFromItsFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("app.wasm", "\x00asm raw, long enough to be worth compressing")
	later := time.Now().Add(time.Second)
	write("app.wasm.gz", "gzip body")
	write("app.wasm.br", "brotli body")
	for _, f := range []string{"app.wasm.gz", "app.wasm.br"} {
		_ = os.Chtimes(filepath.Join(dir, f), later, later)
	}
	w, err := loadWasm(dir)
	if err != nil {
		t.Fatal(err)
	}
	if w.raw.data != nil || w.br.data != nil || w.gz.data != nil {
		t.Fatal("app.wasm or a copy is held in memory")
	}
	app := fiber.New()
	app.Get("/web/app.wasm", w.serve)
	get := func(accept, etag string) (int, string, string, string) {
		t.Helper()
		req := httptest.NewRequest("GET", "/web/app.wasm", nil)
		req.Header.Set("Accept-Encoding", accept)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		resp, err := app.Test(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode == 200 && resp.Header.Get("Content-Length") != strconv.Itoa(len(b)) {
			t.Errorf("Content-Length %s for %d bytes", resp.Header.Get("Content-Length"), len(b))
		}
		return resp.StatusCode, resp.Header.Get("Content-Encoding"), string(b), resp.Header.Get("ETag")
	}
	check := func() {
		t.Helper()
		for _, tc := range []struct{ accept, encoding, body string }{
			{"gzip, deflate, br", "br", "brotli body"},
			{"gzip", "gzip", "gzip body"},
			{"", "", "\x00asm raw, long enough to be worth compressing"},
		} {
			for range 2 { // each answer reads the file from its start
				code, enc, body, etag := get(tc.accept, "")
				if code != 200 || enc != tc.encoding || body != tc.body || etag != `"`+w.version+`"` {
					t.Errorf("Accept-Encoding %q: %d %q %q %s", tc.accept, code, enc, body, etag)
				}
			}
		}
		if code, _, body, _ := get("br", `"`+w.version+`"`); code != 304 || body != "" {
			t.Errorf("If-None-Match with the ETag: %d %q, want 304 and no body", code, body)
		}
	}
	check()
	// A build renames new files into place, as `make wasm` does.
	for _, f := range []string{"app.wasm", "app.wasm.gz", "app.wasm.br"} {
		write(f+".tmp", "new "+f)
		if err := os.Rename(filepath.Join(dir, f+".tmp"), filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	check()
}
