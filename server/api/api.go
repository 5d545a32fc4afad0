// Package api is the Fiber adapter: the one place where errors become HTTP
// answers ({code, message, fields}), plus the small helpers every domain's
// handlers share — decoding JSON, the request's language and client
// metadata, and the CSRF guard for state-changing requests.
package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"kabinet/server/db"
	"kabinet/shared"
	"kabinet/shared/documents"
	"kabinet/shared/i18n"
	"kabinet/shared/ip"
	"kabinet/shared/npd"
	"kabinet/shared/signature"
)

// classOf is the class of every code the API answers with, as the
// packages that declare codes give them; a cabinet's package adds its
// CodeClasses here.
var classOf = shared.JoinClasses(shared.CodeClasses(), npd.CodeClasses(), ip.CodeClasses(),
	signature.CodeClasses(), documents.CodeClasses())

// statusOf is the HTTP status of each class of error: the one table.
var statusOf = map[shared.Class]int{
	shared.ClassInvalid:         http.StatusUnprocessableEntity,
	shared.ClassUnauthenticated: http.StatusUnauthorized,
	shared.ClassForbidden:       http.StatusForbidden,
	shared.ClassNotFound:        http.StatusNotFound,
	shared.ClassConflict:        http.StatusConflict,
	shared.ClassGone:            http.StatusGone,
	shared.ClassTooMany:         http.StatusTooManyRequests,
	shared.ClassInternal:        http.StatusInternalServerError,
	shared.ClassUnavailable:     http.StatusServiceUnavailable,
	// Transport-level refusals, made before any handler reads the body.
	shared.ClassUnsupported:     http.StatusUnsupportedMediaType,
	shared.ClassTooLarge:        http.StatusRequestEntityTooLarge,
	shared.ClassHeadersTooLarge: http.StatusRequestHeaderFieldsTooLarge,
	shared.ClassTimeout:         http.StatusRequestTimeout,
}

// RetryAfterOutage is the wait, in seconds, suggested to clients when the
// database cannot be reached: about a restart of PostgreSQL.
const RetryAfterOutage = 5

// Status returns the HTTP status of an error code, by its class.
func Status(code shared.Code) int {
	if s, ok := statusOf[classOf[code]]; ok {
		return s
	}
	return http.StatusUnprocessableEntity // a code no package declares (a test fails on those)
}

// ErrorHandler is Fiber's error handler: it answers every error returned by
// a handler as JSON. Errors that are not *shared.Error are internal: their
// text goes to the log once, never to the client.
func ErrorHandler(log *slog.Logger) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		e := Public(c, log, err)
		Localize(e, Lang(c))
		if e.RetryAfter > 0 {
			c.Set(fiber.HeaderRetryAfter, strconv.Itoa(e.RetryAfter))
		}
		return c.Status(Status(e.Code)).JSON(e)
	}
}

// Public is what the client may be told of a request's err: a
// *shared.Error as it is (a copy), a Fiber error by its status, a
// database outage as CodeUnavailable with when to try again, and anything
// else as CodeInternal, its text logged here once. The JSON answers and
// the pages the server prerenders with data (the receipt page) say the
// same.
func Public(c *fiber.Ctx, log *slog.Logger, err error) *shared.Error {
	var fe *fiber.Error
	if e, ok := shared.AsError(err); ok {
		cp := *e // the *Error may be a shared value
		return &cp
	}
	switch {
	case errors.As(err, &fe):
		return shared.E(fiberCode(fe.Code))
	case db.Unavailable(err):
		// An outage passes by itself: say so and when to try again.
		log.WarnContext(c.UserContext(), "database unavailable",
			"method", c.Method(), "route", c.Route().Path, "err", err)
		return &shared.Error{Code: shared.CodeUnavailable, RetryAfter: RetryAfterOutage}
	}
	// The route, not the path: a path may carry an ИНН or a search.
	log.ErrorContext(c.UserContext(), "request failed",
		"method", c.Method(), "route", c.Route().Path, "err", err)
	return shared.E(shared.CodeInternal)
}

// Localize fills the messages of e and its fields from the catalogue.
func Localize(e *shared.Error, lang i18n.Lang) {
	if e.Message == "" {
		args := make([]any, len(e.Args))
		for i, a := range e.Args {
			args[i] = a
		}
		e.Message = i18n.T(lang, "err."+string(e.Code), args...)
	}
	if len(e.Fields) > 0 {
		fields := make(map[string]shared.FieldError, len(e.Fields))
		for name, f := range e.Fields {
			if f.Message == "" {
				f.Message = i18n.T(lang, "err."+string(f.Code))
			}
			fields[name] = f
		}
		e.Fields = fields
	}
}

func fiberCode(status int) shared.Code {
	switch status {
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		return shared.CodeNotFound
	case http.StatusRequestEntityTooLarge:
		// fasthttp's own refusal of a body over Config.BodyLimit.
		return shared.CodeTooLarge
	case http.StatusBadRequest:
		return shared.CodeInvalidInput
	case http.StatusTooManyRequests:
		return shared.CodeRateLimited
	case http.StatusServiceUnavailable:
		return shared.CodeUnavailable
	case http.StatusRequestHeaderFieldsTooLarge:
		// fasthttp refuses a request line or headers beyond its read
		// buffer before any handler runs.
		return shared.CodeHeadersTooLarge
	case http.StatusRequestTimeout:
		// fasthttp did not read the whole request within ReadTimeout:
		// a slow client or network, not the server's fault (it was 500).
		return shared.CodeRequestTimeout
	}
	return shared.CodeInternal
}

// Bind decodes the JSON body into v. Unknown fields are rejected so that a
// misspelt field is an error, not silently ignored. Every string and date
// decoded is then checked (shared.CheckRequest), so that no request type
// can let a NUL byte or the year 0 through to the database.
func Bind(c *fiber.Ctx, v any) error {
	dec := json.NewDecoder(bytes.NewReader(c.Body()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return &shared.Error{Code: shared.CodeInvalidInput, Message: "request body is not valid JSON for this request"}
	}
	return shared.CheckRequest(v)
}

// CheckQuery refuses a request whose query parameters hold a control
// character or invalid UTF-8 (shared.CheckText), naming each parameter, so
// that no handler reading the query passes such text to the database.
func CheckQuery(c *fiber.Ctx) error {
	var f shared.Fields
	c.Context().QueryArgs().VisitAll(func(k, v []byte) {
		name := string(k)
		if shared.CheckText(name) != nil {
			f.Add("query", shared.CodeControlChars)
			return
		}
		f.Check(name, shared.CheckText(string(v)))
	})
	if err := f.Err(); err != nil {
		return err
	}
	return c.Next()
}

// Lang is the language of the request: Accept-Language, Russian by default.
func Lang(c *fiber.Ctx) i18n.Lang {
	return i18n.ParseLang(c.Get(fiber.HeaderAcceptLanguage))
}

// Meta describes where a request came from, for sessions and the journal.
type Meta struct {
	IP        string
	UserAgent string
	KioskID   string // the registered kiosk the request came from, or ""
}

const kioskKey = "kabinet.kiosk"

// SetKiosk records that the request comes from the registered kiosk id
// (set by the middleware that checked the kiosk's secret).
func SetKiosk(c *fiber.Ctx, id string) { c.Locals(kioskKey, id) }

// MetaOf copies the request's client data (the strings must outlive c).
// The User-Agent is cleaned (cleanHeader): it goes into the journal, the
// sessions and the notices.
func MetaOf(c *fiber.Ctx) Meta {
	kiosk, _ := c.Locals(kioskKey).(string)
	return Meta{IP: ClientIP(c), UserAgent: cleanHeader(c.Get(fiber.HeaderUserAgent), maxUserAgent), KioskID: kiosk}
}

// maxUserAgent is the most of a User-Agent kept, in bytes: real ones are
// a few hundred.
const maxUserAgent = 512

// cleanHeader is a header's value as the portal may keep it: valid UTF-8,
// no control characters, at most limit bytes (cut at a character). A
// header is client input like a body, and unlike a body no one checked
// it: a User-Agent with bytes that are not UTF-8 was stored with U+FFFD
// in their place while the journal's hash covered the bytes as sent, so
// the person's chain read as tampered and the staff were alerted.
func cleanHeader(v string, limit int) string {
	v = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(v, "\uFFFD"))
	if len(v) > limit {
		v = v[:limit]
		for !utf8.ValidString(v) { // a character cut in two: drop its start
			v = v[:len(v)-1]
		}
	}
	return v
}

// Param returns a copy of a route parameter (fasthttp reuses its buffers).
func Param(c *fiber.Ctx, name string) string { return strings.Clone(c.Params(name)) }

// Query returns a copy of a query parameter.
func Query(c *fiber.Ctx, name string) string { return strings.Clone(c.Query(name)) }

// QueryInt reads a whole-number query parameter: def when it is absent, and
// an invalid_input error naming the parameter (bad_format) when it is not a
// whole number from lo to hi. Fiber's own QueryInt answers def for
// "year=abc" too, so a mistyped link showed another year with 200.
func QueryInt(c *fiber.Ctx, name string, def, lo, hi int) (int, error) {
	v := c.Query(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, &shared.Error{Code: shared.CodeInvalidInput, Fields: shared.Fields{name: {Code: shared.CodeBadFormat}}}
	}
	return n, nil
}

// CSRF rejects state-changing requests that do not carry a same-origin
// Origin (one of origins) and the app's custom header. Browsers cannot send
// the custom header cross-site without a CORS preflight, which we never
// grant; the Origin check covers older clients and form posts.
func CSRF(origins []string) fiber.Handler {
	allowed := make(map[string]bool, len(origins))
	for _, o := range origins {
		allowed[o] = true
	}
	return func(c *fiber.Ctx) error {
		switch c.Method() {
		case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
			return c.Next()
		}
		if !allowed[c.Get(fiber.HeaderOrigin)] || c.Get(shared.AppHeader) != shared.AppHeaderValue {
			return shared.E(shared.CodeCSRF)
		}
		return c.Next()
	}
}

// NoContent answers 204.
func NoContent(c *fiber.Ctx) error { return c.SendStatus(http.StatusNoContent) }

// ValidUUID reports whether s looks like a UUID (so a malformed id is a
// plain "not found", not a SQL error).
func ValidUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if r != '-' {
				return false
			}
		case !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F'):
			return false
		}
	}
	return true
}
