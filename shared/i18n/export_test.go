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

// The browser's decoder reads the whole catalogue as encoding/json does,
// in both languages.
func TestDecodeTextsReadsJSON(t *testing.T) {
	for _, l := range []Lang{RU, EN} {
		var want map[string]string
		if err := json.Unmarshal(JSON(l), &want); err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		if !decodeTexts(JSON(l), func(k, v string) { got[k] = v }) {
			t.Fatalf("%s: decodeTexts refused the catalogue", l)
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d texts, encoding/json %d", l, len(got), len(want))
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s %s: %q, encoding/json %q", l, k, got[k], v)
			}
		}
	}
}
