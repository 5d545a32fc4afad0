//go:build !js

package i18n

// The catalogue's texts are compiled in everywhere but in app.wasm: the
// server prerenders pages and sends mail with them, and serves them to
// the browser as data (JSON, one language at a time), which the app loads
// before its first render (catalogue_js.go).

// catalogue merges the parts that live in the other files of the package
// (errors.go, ui.go, messages.go); a key may be defined only once.
var catalogue = merge(errorTexts, uiTexts, messageTexts, npdTexts, officeNPDTexts, privacyTexts, sessionTexts, ipTexts, signatureTexts,
	documentTexts, documentPageTexts, keyPageTexts)

func merge(parts ...map[string]Text) map[string]Text {
	m := make(map[string]Text)
	for _, p := range parts {
		for k, v := range p {
			if _, dup := m[k]; dup {
				panic("i18n: key defined twice: " + k)
			}
			m[k] = v
		}
	}
	return m
}
