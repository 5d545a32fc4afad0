//go:build !js

package i18n

import (
	"regexp"
	"strings"
	"testing"
)

// File carries every key in its language, English falling back to
// Russian as Raw does, always in the same bytes, and the browser's
// readFile gets them back; no key or text holds the NUL that ends each.
// Path names the file by the catalogue's hash.
func TestFile(t *testing.T) {
	for _, l := range []Lang{RU, EN} {
		texts := map[string]string{}
		if err := readFile(File(l), func(k, v string) { texts[k] = v }); err != nil {
			t.Fatal(err)
		}
		if len(texts) != len(catalogue) {
			t.Errorf("%s: %d texts, the catalogue has %d", l, len(texts), len(catalogue))
		}
		for k := range catalogue {
			if strings.ContainsRune(k+Raw(l, k), 0) {
				t.Errorf("%s %s holds a NUL", l, k)
			}
			if texts[k] != Raw(l, k) {
				t.Errorf("%s %s: %q, want %q", l, k, texts[k], Raw(l, k))
			}
		}
	}
	if got := File(RU); string(got) != string(File(RU)) {
		t.Error("File gives different bytes for the same catalogue")
	}
	if !regexp.MustCompile(`^/i18n/en\.[0-9a-f]{16}\.txt$`).MatchString(Path(EN)) {
		t.Errorf("Path(EN) = %q", Path(EN))
	}
}

// readFile refuses a file cut short, and reads an empty one as no texts.
func TestReadFileRefusesACutFile(t *testing.T) {
	for _, in := range []string{"key", "key\x00text", "key\x00text\x00k2\x00"} {
		if err := readFile([]byte(in), func(string, string) {}); err == nil {
			t.Errorf("readFile(%q) = nil, want an error", in)
		}
	}
	n := 0
	if err := readFile(nil, func(string, string) { n++ }); err != nil || n != 0 {
		t.Errorf("readFile(nil): %d texts, %v", n, err)
	}
}
