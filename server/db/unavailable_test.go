package db

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"
)

func TestUnavailable(t *testing.T) {
	dial := &net.OpError{Op: "dial", Net: "unix", Err: &net.AddrError{Err: "no such file", Addr: "/tmp/x"}}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"no rows", fmt.Errorf("auth.lookup: %w", sql.ErrNoRows), false},
		{"a plain failure", errors.New("pdf: font missing"), false},
		{"dial failure, wrapped", fmt.Errorf("auth.lookup: %w", dial), true},
		{"bad connection", fmt.Errorf("q: %w", driver.ErrBadConn), true},
		{"connection closed mid-read", fmt.Errorf("q: %w", io.ErrUnexpectedEOF), true},
		{"refused", fmt.Errorf("q: %w", syscall.ECONNREFUSED), true},
		{"flattened to text", errors.New("q: FATAL: the database system is shutting down (SQLSTATE=57P03)"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Unavailable(tt.err); got != tt.want {
				t.Errorf("Unavailable(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
	for code, want := range map[string]bool{"08006": true, "57P01": true, "57P03": true, "53300": true, "23505": false, "42P01": false} {
		if unavailableState(code) != want {
			t.Errorf("SQLSTATE %s: want %v", code, want)
		}
	}
}
