package db

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/uptrace/bun/driver/pgdriver"
)

// Unavailable reports whether err means that the database cannot be
// reached right now — refused or broken connections, a server shutting
// down or starting up, too many clients — rather than that the query was
// wrong. Such errors pass on their own: the API answers them 503 with
// Retry-After, not 500.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	var pgErr pgdriver.Error
	if errors.As(err, &pgErr) {
		return unavailableState(pgErr.Field('C'))
	}
	var opErr *net.OpError
	switch {
	case errors.As(err, &opErr),
		errors.Is(err, driver.ErrBadConn),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE):
		return true
	}
	// Some layers flatten the driver's error to text.
	msg := err.Error()
	for _, s := range []string{"bad connection", "connection refused", "broken pipe",
		"the database system is shutting down", "the database system is starting up"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// unavailableState reports the SQLSTATEs of a server that is going away or
// not yet there: class 08 (connection exception), 57P01–57P03 (shutdown,
// crash, cannot connect now) and 53300 (too many connections).
func unavailableState(code string) bool {
	switch {
	case strings.HasPrefix(code, "08"):
		return true
	case code == "57P01", code == "57P02", code == "57P03", code == "53300":
		return true
	}
	return false
}
