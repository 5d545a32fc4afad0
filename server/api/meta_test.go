package api

import (
	"strings"
	"testing"
)

// A header is kept as valid UTF-8 without control characters, cut at a
// character boundary.
func TestCleanHeader(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		limit    int
		want     string
	}{
		{"plain", "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0", 512, "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"},
		{"bytes that are not UTF-8", "Firefox \xff\xfe/1", 512, "Firefox \uFFFD/1"},
		{"control characters", "a\x00b\x01c\td\x7fe\u0085f", 512, "abcdef"},
		{"cut inside a character", "Яндекс", 5, "Ян"},
		{"cut", strings.Repeat("a", 600), 512, strings.Repeat("a", 512)},
		{"empty", "", 512, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := cleanHeader(tc.in, tc.limit); got != tc.want {
				t.Errorf("cleanHeader(%q, %d) = %q, want %q", tc.in, tc.limit, got, tc.want)
			}
		})
	}
}
