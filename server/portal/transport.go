package portal

import (
	"bytes"
	"io"
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

// boundedBodies keeps every request body within limit now that the server
// streams request bodies (fiber.Config.StreamRequestBody, so that an
// upload of a document is never held whole in memory): fasthttp then
// stops refusing bodies over Config.BodyLimit and Ctx.Body reads the
// stream without a bound. A body declared larger than limit is refused
// from its Content-Length, before it is read; a chunked one is read up to
// limit and refused past it. Either way the connection closes, so that
// the unread rest is never taken for the next request. The routes in
// streamed (method + " " + path, e.g. "POST /api/v1/documents") read
// their own bodies with their own limits; their connections close after
// the answer for the same reason.
func boundedBodies(limit int, streamed map[string]bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		req := c.Request()
		if streamed[c.Method()+" "+c.Path()] {
			c.Context().SetConnectionClose()
			return c.Next()
		}
		if !req.IsBodyStream() {
			return c.Next()
		}
		switch n := req.Header.ContentLength(); {
		case n > limit:
			c.Context().SetConnectionClose()
			return shared.E(shared.CodeTooLarge)
		case n >= 0:
			req.Body() // at most n bytes: read into the request's buffer once
			return c.Next()
		}
		body, err := io.ReadAll(io.LimitReader(req.BodyStream(), int64(limit)+1))
		if err != nil || len(body) > limit {
			c.Context().SetConnectionClose()
			if err != nil {
				return shared.E(shared.CodeInvalidInput)
			}
			return shared.E(shared.CodeTooLarge)
		}
		req.SetBody(body)
		return c.Next()
	}
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

// contentSecurityPolicy is what pages (and API answers) may load and run.
// go-app's pages have no inline scripts — wasm_exec.js, app.js and
// passkey.js are files — so scripts come from the origin only, plus
// 'wasm-unsafe-eval' to compile app.wasm. go-app sets a component's
// Style() through setAttribute("style", …) (the progress bar and chart
// widths), so inline style attributes are allowed and <style> elements are
// not. The QR codes are data: images. frame-ancestors replaces
// X-Frame-Options in browsers that know it; the header stays for the rest.
const contentSecurityPolicy = "default-src 'self'; " +
	"script-src 'self' 'wasm-unsafe-eval'; " +
	"style-src 'self'; style-src-attr 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
	"worker-src 'self'; manifest-src 'self'; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every answer carries. hsts is on when
// the portal is reached over https (PUBLIC_URL): browsers then refuse plain
// http to it for a year, so a network attacker cannot strip TLS from a
// returning visitor. Sent over plain http it would be ignored or, behind a
// mistaken setup, lock users out, so it follows the configuration.
func securityHeaders(hsts bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		c.Set("Content-Security-Policy", contentSecurityPolicy)
		c.Set("X-Content-Type-Options", "nosniff")
		c.Set("X-Frame-Options", "DENY")
		c.Set("Referrer-Policy", "same-origin")
		c.Set("Permissions-Policy", "camera=(self), geolocation=(), microphone=()")
		if hsts {
			c.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		return c.Next()
	}
}
