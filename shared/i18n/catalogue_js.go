//go:build js

package i18n

// catalogue is empty in app.wasm until Load fills it: the texts are not
// compiled in there (catalogue.go is left out of the js build, and the
// linker drops the areas' maps nobody refers to), which keeps about
// 250 KB of text in two languages out of the download.
var catalogue = map[string]Text{}

// Load sets the catalogue from the file the server makes with File: one
// language's texts, each key and each text ended by a NUL byte. The app
// calls it once, before its first render, with the language the person
// chose; Raw and T then answer that language whichever they are asked
// for.
func Load(data []byte) error {
	m := make(map[string]Text, 2048)
	if err := readFile(data, func(k, v string) { m[k] = Text{RU: v} }); err != nil {
		return err
	}
	catalogue = m
	return nil
}
