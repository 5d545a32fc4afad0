package ui

import (
	"os"
	"testing"
)

func TestDump(t *testing.T) {
	srv := server(t)
	_, body, _ := fetch(t, srv, os.Getenv("DUMP"))
	os.WriteFile("/tmp/dump.html", []byte(body), 0o644)
}
