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

// app.wasm served from its files answers a HEAD with the length and
// ETag of what a GET would send and no body, refuses an encoding the
// browser gave q=0 in any spelling, answers a Range request with the
// whole file (never a part as if it were the whole), and without its
// compressed copies serves the raw file.
func TestWasmFilesAnswerEveryRequestWhole(t *testing.T) {
	dir := t.TempDir()
	raw := "\x00asm raw, long enough to be worth compressing"
	files := map[string]string{"app.wasm": raw, "app.wasm.gz": "gzip body", "app.wasm.br": "brotli body"}
	for name, s := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	later := time.Now().Add(time.Second)
	for _, f := range []string{"app.wasm.gz", "app.wasm.br"} {
		_ = os.Chtimes(filepath.Join(dir, f), later, later)
	}
	w, err := loadWasm(dir)
	if err != nil {
		t.Fatal(err)
	}
	app := fiber.New()
	app.Get("/web/app.wasm", w.serve)
	do := func(method string, header map[string]string) (code int, enc, body, length string) {
		t.Helper()
		req := httptest.NewRequest(method, "/web/app.wasm", nil)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := app.Test(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Encoding"), string(b), resp.Header.Get("Content-Length")
	}
	if code, enc, body, length := do("HEAD", map[string]string{"Accept-Encoding": "br"}); code != 200 || enc != "br" || body != "" ||
		length != strconv.Itoa(len(files["app.wasm.br"])) {
		t.Errorf("HEAD: %d %q body %q length %s, want 200 br, no body, length %d", code, enc, body, length, len(files["app.wasm.br"]))
	}
	for accept, want := range map[string]string{
		"br;q=0, gzip":          "gzip",
		"br;q=0.0, gzip":        "gzip",
		"br; q=0.000, gzip":     "gzip",
		"br;Q=0, gzip":          "gzip",
		"br;q=0.5, gzip;q=0.0":  "br",
		"gzip;q=0, br;q=0":      "",
		"gzip;q=0.001, br;q=0":  "gzip",
		"identity, gzip;q=1.0":  "gzip",
		"deflate, x-gzip, brx":  "",
		"":                      "",
		"br;q=0.0;foo=1, gzip ": "gzip",
	} {
		if _, enc, body, _ := do("GET", map[string]string{"Accept-Encoding": accept}); enc != want ||
			body != files[map[string]string{"br": "app.wasm.br", "gzip": "app.wasm.gz", "": "app.wasm"}[want]] {
			t.Errorf("Accept-Encoding %q: %q %q, want %q", accept, enc, body, want)
		}
	}
	code, _, body, _ := do("GET", map[string]string{"Range": "bytes=0-3"})
	if !(code == 200 && body == raw) && !(code == 206 && body == raw[:4]) {
		t.Errorf("Range: %d %q, want the whole file or its first 4 bytes as 206", code, body)
	}
	// without the compressed copies
	for _, f := range []string{"app.wasm.gz", "app.wasm.br"} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	if w, err = loadWasm(dir); err != nil {
		t.Fatal(err)
	}
	app = fiber.New()
	app.Get("/web/app.wasm", w.serve)
	if code, enc, body, _ := do("GET", map[string]string{"Accept-Encoding": "gzip, br"}); code != 200 || enc != "" || body != raw {
		t.Errorf("no copies: %d %q %q, want the raw file", code, enc, body)
	}
	if _, err := loadWasm(t.TempDir()); err == nil {
		t.Error("no app.wasm: loadWasm gave no error")
	}
}

// app.wasm written over in place while the server runs (cp, not a
// rename) is not served as the version the server hashed: its first
// bytes under the old ETag and length would be a broken module that the
// service worker keeps as that version's. The server answers 503 until
// it restarts on the new file.
func TestWasmFileWrittenOverInPlaceIsNotServed(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "app.wasm")
	if err := os.WriteFile(file, []byte("\x00asm the version served"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := loadWasm(dir)
	if err != nil {
		t.Fatal(err)
	}
	app := fiber.New()
	app.Get("/web/app.wasm", w.serve)
	get := func() (int, string, string) {
		t.Helper()
		resp, err := app.Test(httptest.NewRequest("GET", "/web/app.wasm", nil))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), resp.Header.Get("ETag")
	}
	if code, body, _ := get(); code != 200 || body != "\x00asm the version served" {
		t.Fatalf("before: %d %q", code, body)
	}
	later := time.Now().Add(2 * time.Second)
	for _, s := range []string{"\x00asm a longer next version, written over it", "\x00asm short"} {
		if err := os.WriteFile(file, []byte(s), 0o644); err != nil { // in place, as cp writes
			t.Fatal(err)
		}
		_ = os.Chtimes(file, later, later)
		if code, body, etag := get(); code != 503 || etag != "" {
			t.Errorf("written over with %q: %d %q ETag %s, want 503 and no ETag", s, code, body, etag)
		}
	}
}
