package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"kabinet/shared/i18n"
)

// TestWasmHasNoCatalogue checks that the message catalogue's texts stay
// out of app.wasm: the app loads its language's texts as data at start
// (shared/i18n, catalogue_js.go). A text found in the build means an
// area's map is referred to from the js build again.
func TestWasmHasNoCatalogue(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "web", "app.wasm"))
	if os.IsNotExist(err) {
		t.Skip("web/app.wasm is not built: run `make wasm`")
	}
	if err != nil {
		t.Fatal(err)
	}
	// Long texts of several areas, in both languages: no code has them
	// as literals of its own.
	for _, key := range []string{"offline.text", "draft.restoredText", "msg.contact_changed.body", "err.factor_required"} {
		for _, l := range []i18n.Lang{i18n.RU, i18n.EN} {
			if text := i18n.Raw(l, key); bytes.Contains(raw, []byte(text)) {
				t.Errorf("app.wasm carries the %s text of %s: keep shared/i18n's catalogue.go out of the js build", l, key)
			}
		}
	}
}
