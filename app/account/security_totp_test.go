package account

import (
	"net/url"
	"strings"
	"testing"
)

// The recovery codes download as a text file with a heading and the codes
// numbered.
func TestCodesFile(t *testing.T) {
	u := codesFile([]string{"aaaa-bbbb", "cccc-dddd"})
	const prefix = "data:text/plain;charset=utf-8,"
	if !strings.HasPrefix(u, prefix) {
		t.Fatalf("not a text data URL: %s", u)
	}
	text, err := url.PathUnescape(strings.TrimPrefix(u, prefix))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "1. aaaa-bbbb\n2. cccc-dddd\n") || !strings.Contains(text, "Резервные коды") {
		t.Errorf("file text %q", text)
	}
}
