package main

import (
	"os"
	"path/filepath"
	"testing"
)

// wasmBudget is the most app.wasm may weigh as brotli: what a phone
// downloads before the app takes over the prerendered page. The
// first-load issue started from 2.07 MB (2 063 102 bytes, the НПД cabinet
// in) and asks for less while the product grows. What each part of the
// product added, in brotli:
//   - the НПД cabinet's pages and rules: about 100 KB;
//   - the kiosk's keyboard, form drafts in IndexedDB, the lost-factor and
//     sessions pages, the phone's receipt list: about 78 KB (2 140 905);
//   - the document layer (app/documents: nine pages shared by every
//     cabinet, signing with «Ключ Кабинета» or an external signature):
//     about 107 KB (2 247 813);
//   - the ИП cabinet (app/ip: the home, the ЕГРИП record, the data check,
//     the Р21001/Р24001/Р26001 forms, the registry desk): about 115 KB
//     (2 390 427); the organisation cabinet is to come, about as much.
//
// Cuts: the message catalogue left the code (the texts of every area in
// both languages, now fetched per language as data: shared/i18n) and the
// server-only handler files left the js build: 2 309 021 bytes; merged
// beside it the passport scan step of Р21001, the page confirming an
// account with an external signature, the PDF preview and the signing
// step-up dialog with SMS codes, +11 KB (2 320 457). Then net/http left
// the js build (app/client calls fetch without it; go-app's server-side
// files are kept out by the patched copy in third_party/go-app), and
// with it crypto/tls, crypto/x509 and the elliptic-curve and RSA code:
// −330 KB, 1 990 755 bytes (from 2 320 814), under the 2.07 MB aim.
// TestWasmDependencies keeps net/http out. The patched copy's two random
// ids without github.com/google/uuid (and crypto/md5, crypto/sha1,
// database/sql/driver): −9 KB, 1 997 694 bytes with the ИП's deadlines
// card (+2.5 KB) in.
//
// The budget is that size plus 15 KB. A new cabinet (the organisation's)
// comes with a cut of its size, not with a raise of this number: look
// for the biggest packages left (GOOS=js GOARCH=wasm go build, then the
// code and name sections of the wasm) and for server-only code pulled in
// through shared packages.
const wasmBudget = 2_006_000

// TestWasmBudget fails when the built app.wasm.br (make wasm) grows past
// the budget. Without a built one (plain `go test` in a fresh checkout)
// there is nothing to weigh.
func TestWasmBudget(t *testing.T) {
	st, err := os.Stat(filepath.Join("..", "web", "app.wasm.br"))
	if os.IsNotExist(err) {
		t.Skip("web/app.wasm.br is not built: run `make wasm`")
	}
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() > wasmBudget {
		t.Errorf("app.wasm is %d bytes of brotli, over the budget of %d: see the comment on wasmBudget", st.Size(), wasmBudget)
	}
}
