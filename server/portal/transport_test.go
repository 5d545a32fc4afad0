package portal_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

// gzipped compresses b once.
func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// send posts body with the given Content-Encoding to path (an API or a page
// path) as the browser app would, and returns the status and error code.
func send(t *testing.T, e *portaltest.Env, path, encoding string, body []byte) (int, shared.Code) {
	t.Helper()
	req, _ := http.NewRequest("POST", e.URL+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", e.URL)
	req.Header.Set(shared.AppHeader, shared.AppHeaderValue)
	if encoding != "" {
		req.Header.Set("Content-Encoding", encoding)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var apiErr shared.Error
	_ = json.Unmarshal(raw, &apiErr)
	return resp.StatusCode, apiErr.Code
}

// A compressed request body is refused before anything inflates it: a
// body of a few kilobytes that decodes to 64 MiB must not cost the server
// 64 MiB, on an API route and on a page route alike.
func TestCompressedBodiesAreRefused(t *testing.T) {
	e := start(t, nil)
	bomb := gzipped(t, gzipped(t, make([]byte, 64<<20)))
	if len(bomb) > 64<<10 {
		t.Fatalf("the nested body is %d bytes, meant to be small", len(bomb))
	}
	single := gzipped(t, []byte(`{"login":"a@example.ru","password":"b"}`))
	for _, path := range []string{shared.APIPrefix + "/login", "/login"} {
		for _, tc := range []struct {
			encoding string
			body     []byte
		}{
			{"gzip, gzip", bomb},
			{"gzip", single},
			{"GZIP", single},
			{"identity, gzip", single},
			{"deflate", []byte("x\x9c\x03\x00\x00\x00\x00\x01")},
			{"br", []byte("\x06")},
		} {
			t.Run(path+" "+tc.encoding, func(t *testing.T) {
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				status, code := send(t, e, path, tc.encoding, tc.body)
				runtime.ReadMemStats(&after)
				if status != http.StatusUnsupportedMediaType || code != shared.CodeUnsupportedEncoding {
					t.Fatalf("got %d %q, want 415 %q", status, code, shared.CodeUnsupportedEncoding)
				}
				if grown := after.TotalAlloc - before.TotalAlloc; grown > 16<<20 {
					t.Fatalf("the server allocated %d MiB for a %d-byte body", grown>>20, len(tc.body))
				}
			})
		}
	}
	t.Run("identity passes", func(t *testing.T) {
		status, code := send(t, e, shared.APIPrefix+"/login", "identity", []byte(`{"login":"a@example.ru","password":"b"}`))
		if status != http.StatusUnauthorized || code != shared.CodeInvalidCredentials {
			t.Fatalf("got %d %q, want the sign-in's own answer", status, code)
		}
	})
}

// A body over the limit is refused as too large, in the API's own shape.
func TestOversizedBodyIsTooLarge(t *testing.T) {
	e := start(t, nil)
	body := `{"login":"` + strings.Repeat("a", 1<<20) + `","password":"b"}`
	// The server answers from the Content-Length alone and closes: over a
	// raw connection the answer is read whatever becomes of the body's
	// write (Go's client may report the reset instead of the answer).
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	go func() {
		fmt.Fprintf(conn, "POST %s/login HTTP/1.1\r\nHost: x\r\nOrigin: %s\r\n%s: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n",
			shared.APIPrefix, e.URL, shared.AppHeader, shared.AppHeaderValue, len(body))
		_, _ = io.WriteString(conn, body)
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var apiErr shared.Error
	_ = json.Unmarshal(raw, &apiErr)
	status, code := resp.StatusCode, apiErr.Code
	if status != http.StatusRequestEntityTooLarge || code != shared.CodeTooLarge {
		t.Fatalf("got %d %q, want 413 %q", status, code, shared.CodeTooLarge)
	}
}
