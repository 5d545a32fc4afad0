package client

import "time"

// The client speaks HTTP without net/http: in the browser the request goes
// through the Fetch API (transport_js.go), and importing net/http there only
// for its names would link its package initialisation, crypto/tls and
// crypto/x509 into app.wasm (about 600 KB of brotli). These are the few
// names the client needs, with net/http's values.

// Header holds the headers the client sends or reads: one value per name,
// the name spelt as HTTP usually spells it ("Content-Type"). Both ends
// compare names without regard to case.
type Header map[string]string

// Set sets the value of name.
func (h Header) Set(name, value string) { h[name] = value }

// Get returns the value of name, "" when there is none.
func (h Header) Get(name string) string { return h[name] }

// The response headers a transport brings back (see response).
var responseHeaders = []string{"Date", "Retry-After", "Content-Type"}

// Methods, as net/http's Method* constants.
const (
	methodGet    = "GET"
	methodHead   = "HEAD"
	methodPost   = "POST"
	methodPut    = "PUT"
	methodDelete = "DELETE"
)

// Status codes, as net/http's Status* constants.
const (
	statusOK                  = 200
	statusAccepted            = 202
	statusNoContent           = 204
	statusBadRequest          = 400
	statusUnauthorized        = 401
	statusForbidden           = 403
	statusNotFound            = 404
	statusConflict            = 409
	statusUnprocessableEntity = 422
	statusTooManyRequests     = 429
	statusBadGateway          = 502
	statusServiceUnavailable  = 503
	statusGatewayTimeout      = 504
)

// parseHTTPTime parses a Date header in any of the three formats HTTP/1.1
// allows, as net/http's ParseTime does.
func parseHTTPTime(text string) (time.Time, error) {
	var (
		t   time.Time
		err error
	)
	for _, layout := range []string{"Mon, 02 Jan 2006 15:04:05 GMT", time.RFC850, time.ANSIC} {
		if t, err = time.Parse(layout, text); err == nil {
			return t, nil
		}
	}
	return t, err
}
