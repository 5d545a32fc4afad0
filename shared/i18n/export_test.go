//go:build !js

package i18n

import (
	"encoding/json"
	"regexp"
	"testing"
)

// JSON carries every key in its language, English falling back to
// Russian as Raw does, always in the same bytes; Path names the file by
// the catalogue's hash.
func TestJSON(t *testing.T) {
	for _, l := range []Lang{RU, EN} {
		var texts map[string]string
		if err := json.Unmarshal(JSON(l), &texts); err != nil {
			t.Fatal(err)
		}
		if len(texts) != len(catalogue) {
			t.Errorf("%s: %d texts, the catalogue has %d", l, len(texts), len(catalogue))
		}
		for k := range catalogue {
			if texts[k] != Raw(l, k) {
				t.Errorf("%s %s: %q, want %q", l, k, texts[k], Raw(l, k))
			}
		}
	}
	if got := JSON(RU); string(got) != string(JSON(RU)) {
		t.Error("JSON gives different bytes for the same catalogue")
	}
	if !regexp.MustCompile(`^/i18n/en\.[0-9a-f]{16}\.json$`).MatchString(Path(EN)) {
		t.Errorf("Path(EN) = %q", Path(EN))
	}
}
