//go:build !js

package i18n

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"strings"
	"sync"
)

// PathPrefix is where the server serves the texts to the browser: Path
// gives each language's file.
const PathPrefix = "/i18n/"

// Path is the address of lang's texts, named by Version so that a browser
// may keep the file for good: /i18n/ru.3f2a9c0b1d4e5f60.txt.
func Path(lang Lang) string { return PathPrefix + string(lang) + "." + Version() + ".txt" }

// File returns every text of lang by key (an English text missing falls
// back to the Russian, as Raw does): what the server sends to the
// browser for Load. Each key and each text ends with a NUL byte, which
// no text holds (TestFile), so the browser splits the file instead of
// parsing it: encoding/json took a quarter of a second of the app's
// start on a phone for these two thousand texts. The keys are sorted, so
// the same catalogue always gives the same bytes and the same Version.
func File(lang Lang) []byte {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(catalogue)) {
		b.WriteString(k)
		b.WriteByte(0)
		b.WriteString(Raw(lang, k))
		b.WriteByte(0)
	}
	return []byte(b.String())
}

// Version is a short hash of the catalogue in both languages: it names
// the files the browser caches for good, and changes with any text.
func Version() string { return version() }

var version = sync.OnceValue(func() string {
	h := sha256.New()
	h.Write(File(RU))
	h.Write(File(EN))
	return hex.EncodeToString(h.Sum(nil)[:8])
})
