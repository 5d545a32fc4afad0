//go:build !wasm

package app

// Kabinet's change (see kabinet_slice_wasm.go): with no browser, there is
// no turn to give.

func sliceFirstMount(bool) {}

func yieldInMount(Value) {}

// GiveTurn does nothing without a browser.
func GiveTurn() {}
