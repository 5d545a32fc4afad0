package portal

import (
	"bytes"
	"strings"

	"github.com/gofiber/fiber/v2"

	"kabinet/shared"
)

// plainBodies refuses every request that declares a Content-Encoding other
// than identity, on every route (API and pages alike), before anything
// reads the body. Fiber's Ctx.Body (and fasthttp's multipart reader) would
// otherwise inflate gzip, deflate and brotli — chained, too — with no bound:
// BodyLimit is checked on the compressed bytes only, so a 643-byte
// "gzip, gzip" body became 256 MiB in memory. The app never compresses what
// it sends, so refusing costs nothing.
func plainBodies(c *fiber.Ctx) error {
	encoded := false
	c.Request().Header.VisitAll(func(key, value []byte) {
		if bytes.EqualFold(key, []byte(fiber.HeaderContentEncoding)) && !identityOnly(string(value)) {
			encoded = true
		}
	})
	if encoded {
		return shared.E(shared.CodeUnsupportedEncoding)
	}
	return c.Next()
}

// identityOnly reports whether a Content-Encoding value lists no coding
// but "identity" (an empty value lists none).
func identityOnly(header string) bool {
	for _, coding := range strings.Split(header, ",") {
		if coding = strings.TrimSpace(coding); coding != "" && !strings.EqualFold(coding, "identity") {
			return false
		}
	}
	return true
}
