//go:build !js

package i18n

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sync"
)

// PathPrefix is where the server serves the texts to the browser: Path
// gives each language's file.
const PathPrefix = "/i18n/"

// Path is the address of lang's texts, named by Version so that a browser
// may keep the file for good: /i18n/ru.3f2a9c0b1d4e5f60.json.
func Path(lang Lang) string { return PathPrefix + string(lang) + "." + Version() + ".json" }

// JSON returns every text of lang by key (an English text missing falls
// back to the Russian, as Raw does): what the server sends to the
// browser for Load. The keys are sorted, so the same catalogue always
// gives the same bytes and the same Version.
func JSON(lang Lang) []byte {
	texts := make(map[string]string, len(catalogue))
	for k := range catalogue {
		texts[k] = Raw(lang, k)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(texts); err != nil {
		panic("i18n: " + err.Error()) // strings only: cannot fail
	}
	return b.Bytes()
}

// Version is a short hash of the catalogue in both languages: it names
// the files the browser caches for good, and changes with any text.
func Version() string { return version() }

var version = sync.OnceValue(func() string {
	h := sha256.New()
	h.Write(JSON(RU))
	h.Write(JSON(EN))
	return hex.EncodeToString(h.Sum(nil)[:8])
})
