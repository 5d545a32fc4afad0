// The front end as the portal serves it: app.wasm and its compressed
// copies, the common-passwords list, and go-app's pages with a true 404.

package portal

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/gofiber/fiber/v2"

	"kabinet/app/ui"
	"kabinet/shared"
)

// notFoundStatus makes go-app's not-found page answer 404 (go-app renders
// every page with 200). Paths with an extension are go-app's own files
// (app.js, manifest.webmanifest, …) and pass through untouched.
func notFoundStatus(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ui.IsPage(r.URL.Path) || strings.Contains(path.Base(r.URL.Path), ".") {
			h.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(status404{ResponseWriter: w, wrote: new(bool)}, r)
	})
}

// status404 turns the page's 200 (explicit, or implied by the first
// Write) into 404; other statuses (304, 500) pass unchanged.
type status404 struct {
	http.ResponseWriter
	wrote *bool
}

func (w status404) WriteHeader(code int) {
	*w.wrote = true
	if code == http.StatusOK {
		code = http.StatusNotFound
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w status404) Write(b []byte) (int, error) {
	if !*w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// wasmFiles is the built front end, held in memory: app.wasm and its
// pre-compressed copies (made by `make wasm`), served by Accept-Encoding.
// The list of common passwords is served the same way.
type wasmFiles struct {
	version     string // hash of app.wasm: go-app's Version and the ETag
	size        int64
	raw, br, gz []byte
	contentType string // application/wasm when empty
}

// commonPasswords is the list of common passwords the browser fetches when
// a new password is first rated (it is not compiled into app.wasm),
// gzipped once here: 94 KB as text, 49 KB on the wire.
func commonPasswords() *wasmFiles {
	raw := []byte(shared.CommonPasswordsText())
	sum := sha256.Sum256(raw)
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	_, _ = zw.Write(raw)
	_ = zw.Close()
	return &wasmFiles{version: hex.EncodeToString(sum[:8]), size: int64(len(raw)), raw: raw, gz: gz.Bytes(),
		contentType: "text/plain; charset=utf-8"}
}

func loadWasm(webDir string) (*wasmFiles, error) {
	path := filepath.Join(webDir, "app.wasm")
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("portal: %s is missing — build it with `make wasm`: %w", path, err)
	}
	sum := sha256.Sum256(raw)
	w := &wasmFiles{version: hex.EncodeToString(sum[:8]), size: int64(len(raw)), raw: raw}
	w.br = freshCopy(path+".br", path)
	w.gz = freshCopy(path+".gz", path)
	return w, nil
}

// freshCopy reads the compressed copy when it exists and is not older than
// the original (a stale copy would serve an old front end).
func freshCopy(compressed, original string) []byte {
	c, err1 := os.Stat(compressed)
	o, err2 := os.Stat(original)
	if errors.Join(err1, err2) != nil || c.ModTime().Before(o.ModTime()) {
		return nil
	}
	b, err := os.ReadFile(compressed)
	if err != nil {
		return nil
	}
	return b
}

// acceptsEncoding reports whether an Accept-Encoding header allows enc.
func acceptsEncoding(header, enc string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), enc) {
			return !strings.Contains(strings.ReplaceAll(params, " ", ""), "q=0") ||
				strings.Contains(params, "q=0.")
		}
	}
	return false
}

func (w *wasmFiles) serve(c *fiber.Ctx) error {
	etag := `"` + w.version + `"`
	c.Set(fiber.HeaderETag, etag)
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
	if c.Get(fiber.HeaderIfNoneMatch) == etag {
		return c.SendStatus(fiber.StatusNotModified)
	}
	if w.contentType != "" {
		c.Set(fiber.HeaderContentType, w.contentType)
	} else {
		c.Set(fiber.HeaderContentType, "application/wasm")
	}
	accept := c.Get(fiber.HeaderAcceptEncoding)
	body := w.raw
	switch {
	case w.br != nil && acceptsEncoding(accept, "br"):
		body = w.br
		c.Set(fiber.HeaderContentEncoding, "br")
	case w.gz != nil && acceptsEncoding(accept, "gzip"):
		body = w.gz
		c.Set(fiber.HeaderContentEncoding, "gzip")
	}
	return c.Send(body)
}
