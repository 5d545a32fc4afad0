//go:build js

package i18n

import "encoding/json"

// catalogue is empty in app.wasm until Load fills it: the texts are not
// compiled in there (catalogue.go is left out of the js build, and the
// linker drops the areas' maps nobody refers to), which keeps about
// 250 KB of text in two languages out of the download.
var catalogue = map[string]Text{}

// Load sets the catalogue from the JSON the server makes with JSON: one
// language's texts by key. The app calls it once, before its first
// render, with the language the person chose; Raw and T then answer that
// language whichever they are asked for.
func Load(data []byte) error {
	m := make(map[string]Text, 2048)
	if !decodeTexts(data, func(k, v string) { m[k] = Text{RU: v} }) {
		var texts map[string]string
		if err := json.Unmarshal(data, &texts); err != nil {
			return err
		}
		clear(m)
		for k, v := range texts {
			m[k] = Text{RU: v}
		}
	}
	catalogue = m
	return nil
}
