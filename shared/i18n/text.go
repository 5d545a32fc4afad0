// Package i18n is the one message catalogue of Kabinet: every text a person
// reads — interface words, error messages, e-mails and SMS — in Russian
// first and English second. Keys are dotted ("err.inn_checksum",
// "login.title"); error texts use the key "err." + the shared.Code.
package i18n

import (
	"fmt"
	"strings"
)

// Lang is a language of the catalogue.
type Lang string

const (
	RU Lang = "ru"
	EN Lang = "en"
)

// Text is one entry of the catalogue.
type Text struct{ RU, EN string }

// T returns the text of key in lang, falling back to Russian and then to
// the key itself (so a missing entry is visible, never empty). Every text
// is a fmt format, with or without args: a literal percent sign is always
// written %%, so one rule holds whichever way a page calls it.
func T(lang Lang, key string, args ...any) string {
	_, ok := catalogue[key]
	s := key
	if ok {
		s = Raw(lang, key)
	}
	if !strings.Contains(s, "%") {
		return s
	}
	s = fmt.Sprintf(s, args...)
	// A notice's title is given its body's arguments, and may use fewer
	// of them or none: those it does not use are not an error to show.
	if i := strings.Index(s, "%!(EXTRA "); i >= 0 {
		s = s[:i]
	}
	return s
}

// Raw returns the text of key in lang as written, before formatting (for
// tests that count its verbs).
func Raw(lang Lang, key string) string {
	t := catalogue[key]
	if lang == EN && t.EN != "" {
		return t.EN
	}
	return t.RU
}

// Has reports whether key is in the catalogue.
func Has(key string) bool { _, ok := catalogue[key]; return ok }

// Keys returns every key (for tests that check completeness).
func Keys() []string {
	keys := make([]string, 0, len(catalogue))
	for k := range catalogue {
		keys = append(keys, k)
	}
	return keys
}

// ParseLang picks a language from an Accept-Language header or a stored
// preference; Russian unless English is asked for first.
func ParseLang(s string) Lang {
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.HasPrefix(s, "en") {
		return EN
	}
	return RU
}
