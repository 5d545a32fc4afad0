package portal_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"

	"kabinet/shared"
)

// The list of common passwords, which app.wasm no longer carries, is
// served gzipped to browsers that accept it, whole and as shipped.
func TestCommonPasswordsServed(t *testing.T) {
	e := start(t, nil)
	req, _ := http.NewRequest("GET", e.URL+shared.CommonPasswordsPath, nil)
	req.Header.Set("Accept-Encoding", "gzip, br")
	resp, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Encoding") != "gzip" ||
		!strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") || resp.Header.Get("ETag") == "" {
		t.Fatalf("GET %s: %d, %q, %q", shared.CommonPasswordsPath, resp.StatusCode, resp.Header.Get("Content-Encoding"), resp.Header.Get("Content-Type"))
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if string(body) != shared.CommonPasswordsText() {
		t.Fatalf("the served list (%d bytes) differs from the shipped one (%d bytes)", len(body), len(shared.CommonPasswordsText()))
	}
}
