package documents_test

// An upload whose body stops coming (the network stalls past the
// server's ReadTimeout, 30 s for the whole streamed request) is the
// client's or the network's doing: 408 request_timeout, and no error in
// the log — it was 503 «database unavailable», the body's network error
// taken for the database's.

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"kabinet/shared"
	shareddocs "kabinet/shared/documents"
)

func TestAStalledUploadTimesOut(t *testing.T) {
	t.Parallel()
	e := start(t)
	c, _ := person(e, 1, "Смирнова")
	u, _ := http.NewRequest("GET", e.URL, nil)
	cookies := ""
	for _, ck := range c.HTTP.Jar.Cookies(u.URL) {
		cookies += ck.Name + "=" + ck.Value + "; "
	}
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	file := bigPDF(2 << 20)
	w := bufio.NewWriter(conn)
	fmt.Fprintf(w, "POST %s/documents HTTP/1.1\r\nHost: x\r\nOrigin: %s\r\n%s: %s\r\nCookie: %s\r\n%s: scan.pdf\r\nContent-Length: %d\r\n\r\n",
		shared.APIPrefix, e.URL, shared.AppHeader, shared.AppHeaderValue, cookies, shareddocs.NameHeader, len(file))
	_, _ = w.Write(file[:1<<20]) // the first megabyte, then the network stalls
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_ = conn.SetReadDeadline(time.Now().Add(45 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer within 45 s of a stalled upload: %v (the connection and its goroutine stay while the client holds it)", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	t.Logf("after %v: %d %s", time.Since(start).Round(time.Second), resp.StatusCode, raw)
	if resp.StatusCode != http.StatusRequestTimeout {
		t.Errorf("a body that did not arrive in time: %d %s, want 408 %s", resp.StatusCode, raw, shared.CodeRequestTimeout)
	}
	if tail := e.Logs.Tail(40); strings.Contains(tail, "level=ERROR") {
		t.Errorf("the client's slowness logged as a server error:\n%s", tail)
	}
}
