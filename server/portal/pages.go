// The front end as the portal serves it: app.wasm and its compressed
// copies, the common-passwords list, and go-app's pages with a true 404.

package portal

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

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

// wasmFiles is the built front end: app.wasm and its pre-compressed
// copies (made by `make wasm`), served by Accept-Encoding. The list of
// common passwords is served the same way.
type wasmFiles struct {
	version     string // hash of app.wasm: go-app's Version and the ETag
	raw, br, gz body   // br and gz empty when absent
	contentType string // application/wasm when empty
}

// body is one encoding of a served file: in memory (the common-passwords
// list, small), or a file held open and read for each answer. app.wasm
// and its copies (18 MB) are not held in the heap: there they made most of
// the server's live heap, and the collector ran more often, also in a
// burst of password sign-ins, for the room they took under the memory
// limit. The file is opened once, so a build that renames new files into
// place (`make wasm`) leaves what this server serves as its ETag says.
//
// A file written over in place instead (cp, an editor) is the same file
// with other bytes: served, its first size bytes would go out under the
// ETag of the version this server hashed, a broken module that the
// service worker keeps as that version's. Its size and time, as opened,
// are checked for each answer, and a changed file gets 503 until the
// server restarts on it.
type body struct {
	data []byte
	file *os.File
	size int64
	mod  time.Time
}

func (b body) empty() bool { return b.data == nil && b.file == nil }

func (b body) send(c *fiber.Ctx) error {
	if b.file == nil {
		return c.Send(b.data)
	}
	if st, err := b.file.Stat(); err != nil || st.Size() != b.size || !st.ModTime().Equal(b.mod) {
		c.Response().Header.Del(fiber.HeaderETag)
		c.Response().Header.Del(fiber.HeaderContentEncoding)
		return c.SendStatus(fiber.StatusServiceUnavailable)
	}
	c.Response().SetBodyStream(io.NewSectionReader(b.file, 0, b.size), int(b.size))
	return nil
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
	return &wasmFiles{version: hex.EncodeToString(sum[:8]), raw: body{data: raw}, gz: body{data: gz.Bytes()},
		contentType: "text/plain; charset=utf-8"}
}

func loadWasm(webDir string) (*wasmFiles, error) {
	path := filepath.Join(webDir, "app.wasm")
	raw, err := openBody(path)
	if err != nil {
		return nil, fmt.Errorf("portal: %s is missing — build it with `make wasm`: %w", path, err)
	}
	sum := sha256.New()
	if _, err := io.Copy(sum, io.NewSectionReader(raw.file, 0, raw.size)); err != nil {
		return nil, fmt.Errorf("portal: %s: %w", path, err)
	}
	w := &wasmFiles{version: hex.EncodeToString(sum.Sum(nil)[:8]), raw: raw}
	w.br = freshCopy(path+".br", raw)
	w.gz = freshCopy(path+".gz", raw)
	return w, nil
}

func openBody(path string) (body, error) {
	f, err := os.Open(path)
	if err != nil {
		return body{}, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return body{}, err
	}
	return body{file: f, size: st.Size(), mod: st.ModTime()}, nil
}

// freshCopy opens the compressed copy when it exists and is not older than
// the original (a stale copy would serve an old front end).
func freshCopy(compressed string, original body) body {
	b, err := openBody(compressed)
	if err != nil {
		return body{}
	}
	if b.mod.Before(original.mod) {
		b.file.Close()
		return body{}
	}
	return b
}

// acceptsEncoding reports whether an Accept-Encoding header allows enc:
// it is named with no weight or a weight above zero. A weight of zero is
// a refusal however it is written (q=0, q=0.0, Q=0.000), and one that
// does not parse allows nothing.
func acceptsEncoding(header, enc string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), enc) {
			continue
		}
		for _, param := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(param), "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				return err == nil && q > 0
			}
		}
		return true
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
	b := w.raw
	switch {
	case !w.br.empty() && acceptsEncoding(accept, "br"):
		b = w.br
		c.Set(fiber.HeaderContentEncoding, "br")
	case !w.gz.empty() && acceptsEncoding(accept, "gzip"):
		b = w.gz
		c.Set(fiber.HeaderContentEncoding, "gzip")
	}
	return b.send(c)
}
