//go:build !(js && wasm)

package page

import "kabinet/shared/i18n"

// loadTexts has nothing to do outside the browser: the server's build
// carries the catalogue.
func loadTexts(i18n.Lang) {}
