package main

import (
	"os"
	"path/filepath"
	"testing"
)

// wasmBudget is the most app.wasm may weigh as brotli: what a phone
// downloads before the app takes over the prerendered page. Set at the
// 2.07 MB the first-load issue started from; measured 2 063 102 bytes
// when it was set, with the НПД cabinet in. Of that, go-app with
// net/http and crypto/tls is 1.42 MB (a hello world) and the НПД
// cabinet's pages, texts and rules roughly 100 KB; each cabinet to come
// (ИП, organisation) adds about as much. Before raising the budget in the
// commit that adds one (saying why), look for what can leave the build:
// server-only code pulled in through shared/, tables that can be fetched
// as data (as the common passwords are), fmt-heavy paths.
//
// Raised to 2.15 MB with the kiosk's on-screen keyboard, form drafts in
// IndexedDB, the lost-factor and sessions pages and the phone's receipt
// list, which brought it to 2 140 905 bytes: the first-load issue's aim,
// under 2.07 MB as the product grows, is not met now, so the next cabinet
// comes with cuts, not another raise.
//
// Raised to 2.26 MB with the document layer's pages (app/documents: the
// documents, signing with a «Ключ Кабинета» or an external signature,
// sendings, incoming, the verification page and the agencies' desk),
// which brought it to 2 247 813 bytes: about 107 KB for nine pages
// shared by every cabinet.
// Nothing they pull in is new to the build (go list -deps adds only
// the area and shared/documents, shared/signature); the cuts the comment
// above asks for are still owed.
//
// Raised to 2.40 MB with the ИП cabinet's pages (app/ip: the home, the
// ЕГРИП record, the data check, the Р21001/Р24001/Р26001 forms and the
// registry desk, about 115 KB), which with the document layer brought it
// to 2 390 427 bytes. Twice now a raise instead of the cuts: the next
// change to this number must be down. The first candidate is the
// message catalogue, compiled in as map literals (both languages, every
// cabinet): as data fetched per language it would leave the code.
const wasmBudget = 2_400_000

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
