package shared

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxName is the longest part of a name (фамилия, имя, отчество), in characters.
const MaxName = 60

// CleanName trims a name and collapses runs of spaces (of any kind) into one
// space, and drops spaces around hyphens: "  Петров -  Водкин " → "Петров-Водкин".
func CleanName(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.ReplaceAll(s, " -", "-")
	return strings.ReplaceAll(s, "- ", "-")
}

// nameLetter reports whether r is a Cyrillic or Latin letter (ё included).
func nameLetter(r rune) bool {
	return unicode.IsLetter(r) && (unicode.Is(unicode.Cyrillic, r) || unicode.Is(unicode.Latin, r))
}

// namePunct reports whether r may stand between the letters of a name.
func namePunct(r rune) bool {
	return r == '-' || r == ' ' || r == '\'' || r == '’'
}

// ValidateName checks one part of a person's name: Cyrillic or Latin
// letters, with single hyphens, spaces or apostrophes between them
// ("Салтыков-Щедрин", "д'Артаньян"); it starts and ends with a letter, and
// one word does not mix Cyrillic and Latin letters (a sign of a wrong
// keyboard layout). At most MaxName characters. An empty name is an error
// only when required.
func ValidateName(s string, required bool) error {
	s = CleanName(s)
	if s == "" {
		if required {
			return E(CodeRequired)
		}
		return nil
	}
	if utf8.RuneCountInString(s) > MaxName {
		return E(CodeTooLong)
	}
	prevLetter := false
	cyr, lat := false, false
	for i, r := range s {
		switch {
		case nameLetter(r):
			prevLetter = true
			if unicode.Is(unicode.Cyrillic, r) {
				cyr = true
			} else {
				lat = true
			}
			if cyr && lat {
				return E(CodeMixedScript)
			}
		case namePunct(r) && prevLetter && i > 0:
			prevLetter = false
			if r == ' ' || r == '-' {
				cyr, lat = false, false // a new word may use another alphabet
			}
		default:
			return E(CodeBadChars)
		}
	}
	if !prevLetter {
		return E(CodeBadChars)
	}
	return nil
}
