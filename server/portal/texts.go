// The message catalogue as the browser gets it: app.wasm does not carry
// the texts (shared/i18n), the app loads its language's file at start.

package portal

import (
	"bytes"
	"compress/gzip"
	"strings"

	"github.com/gofiber/fiber/v2"

	"kabinet/shared/i18n"
)

// textFile is one language's texts, as i18n.File makes them and gzipped
// once at start.
type textFile struct{ raw, gz []byte }

// textFiles serves i18n.Path(lang) for both languages. The name carries
// the catalogue's hash, so the answer may be kept for good; an address
// with another hash (a page of an older version still open) gets today's
// texts, but not for keeping.
func textFiles() fiber.Handler {
	files := map[string]textFile{}
	for _, l := range []i18n.Lang{i18n.RU, i18n.EN} {
		raw := i18n.File(l)
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		_, _ = zw.Write(raw)
		_ = zw.Close()
		files[string(l)] = textFile{raw: raw, gz: gz.Bytes()}
	}
	return func(c *fiber.Ctx) error {
		name := strings.TrimPrefix(c.Path(), i18n.PathPrefix)
		lang, _, _ := strings.Cut(name, ".")
		f, ok := files[lang]
		if !ok || !strings.HasSuffix(name, ".txt") {
			return fiber.ErrNotFound
		}
		if i18n.PathPrefix+name == i18n.Path(i18n.Lang(lang)) {
			c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
		} else {
			c.Set(fiber.HeaderCacheControl, "no-cache")
		}
		c.Set(fiber.HeaderContentType, "text/plain; charset=utf-8")
		c.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
		if acceptsEncoding(c.Get(fiber.HeaderAcceptEncoding), "gzip") {
			c.Set(fiber.HeaderContentEncoding, "gzip")
			return c.Send(f.gz)
		}
		return c.Send(f.raw)
	}
}
