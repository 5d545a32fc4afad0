package portal_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"kabinet/shared"
)

// Request bodies stream now (for the documents' uploads), so the server
// bounds them itself: a chunked body, which declares no length, is read
// up to the limit and refused past it; a small one still reaches its
// handler.
func TestChunkedBodiesKeepTheLimit(t *testing.T) {
	e := start(t, nil)
	for _, tc := range []struct {
		name   string
		size   int
		status int
		code   shared.Code
	}{
		{"over the limit", 2 << 20, http.StatusRequestEntityTooLarge, shared.CodeTooLarge},
		{"small", 0, http.StatusUnauthorized, shared.CodeInvalidCredentials},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := `{"login":"a@example.ru","password":"b` + strings.Repeat("x", tc.size) + `"}`
			conn, err := net.Dial("tcp", strings.TrimPrefix(e.URL, "http://"))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			go func() {
				w := bufio.NewWriter(conn)
				fmt.Fprintf(w, "POST %s/login HTTP/1.1\r\nHost: x\r\nOrigin: %s\r\n%s: %s\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
					shared.APIPrefix, e.URL, shared.AppHeader, shared.AppHeaderValue)
				for off := 0; off < len(body); off += 32 << 10 {
					part := body[off:min(off+32<<10, len(body))]
					fmt.Fprintf(w, "%x\r\n%s\r\n", len(part), part)
				}
				fmt.Fprintf(w, "0\r\n\r\n")
				_ = w.Flush()
			}()
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			var apiErr shared.Error
			_ = json.Unmarshal(raw, &apiErr)
			if resp.StatusCode != tc.status || apiErr.Code != tc.code {
				t.Fatalf("got %d %q, want %d %s", resp.StatusCode, apiErr.Code, tc.status, tc.code)
			}
		})
	}
}
