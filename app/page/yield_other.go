//go:build !(js && wasm)

package page

// Yield does nothing outside the browser (the server prerenders the
// pages in one go).
func Yield() {}

// EndLoading has no loading strip to remove outside the browser.
func EndLoading() {}
