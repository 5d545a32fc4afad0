//go:build !wasm

package app

// yieldToBrowser has no browser to yield to (Kabinet's change; see
// kabinet_yield_wasm.go).
func yieldToBrowser() {}
