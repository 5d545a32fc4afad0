package ds

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// The layouts of the on-screen keyboard. A kiosk has no physical keyboard,
// so every character a login, a password or a name needs must be one or two
// taps away: the digits stay on top of every letter layout, and the symbols
// that logins and passwords use most (@ . -) sit beside the space bar.
const (
	LayoutRU  = "ru"  // Russian ЙЦУКЕН
	LayoutEN  = "en"  // Latin QWERTY
	LayoutSym = "sym" // punctuation and symbols
	LayoutNum = "num" // digits only, for inputmode=numeric fields
)

// Special keys; every other key types its own character.
const (
	keyShift     = "shift"
	keyBackspace = "backspace"
	keySpace     = "space"
	keyDone      = "done"
	keyLayout    = "layout:" // + the layout the key switches to
)

// layoutRows are the character rows of each layout, top to bottom; the
// special keys are added around them by keyRows.
var layoutRows = map[string][]string{
	LayoutRU:  {"1234567890", "йцукенгшщзхъ", "фывапролджэ", "ячсмитьбюё"},
	LayoutEN:  {"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"},
	LayoutSym: {"1234567890", "!#$%^&*()?", "_=+/\\:;\"'", ",<>[]{}~`|"},
	LayoutNum: {"123", "456", "789"},
}

// keyRows is the full keyboard of a layout: the character rows with Shift
// and backspace around the last one, and a bottom row with the layout
// switches, the space bar and «Готово». letters is the letter layout the
// symbols key returns to.
func keyRows(layout, letters string) [][]string {
	if layout == LayoutNum {
		return [][]string{chars("123"), chars("456"), chars("789"), {keyBackspace, "0", keyDone}}
	}
	src := layoutRows[layout]
	rows := make([][]string, 0, len(src)+1)
	for i, r := range src {
		row := chars(r)
		if i == len(src)-1 {
			row = append(append([]string{keyShift}, row...), keyBackspace)
		}
		rows = append(rows, row)
	}
	var switches []string
	switch layout {
	case LayoutRU:
		switches = []string{keyLayout + LayoutSym, keyLayout + LayoutEN}
	case LayoutEN:
		switches = []string{keyLayout + LayoutSym, keyLayout + LayoutRU}
	default:
		switches = []string{keyLayout + letters}
	}
	return append(rows, append(switches, "@", ".", "-", keySpace, keyDone))
}

func chars(s string) []string {
	out := make([]string, 0, utf8.RuneCountInString(s))
	for _, r := range s {
		out = append(out, string(r))
	}
	return out
}

// applyKey is the value of a field after a key: a character is added at
// the end (upper case with Shift), backspace removes the last character,
// and max (when above zero) is the field's maxlength in characters.
func applyKey(value, key string, shift bool, max int) string {
	switch key {
	case keyBackspace:
		if value == "" {
			return ""
		}
		_, size := utf8.DecodeLastRuneInString(value)
		return value[:len(value)-size]
	case keySpace:
		key = " "
	}
	if utf8.RuneCountInString(key) != 1 {
		return value // Shift, «Готово» and the layout switches type nothing
	}
	if shift {
		key = strings.ToUpper(key)
	}
	if max > 0 && utf8.RuneCountInString(value) >= max {
		return value
	}
	return value + key
}

// KeyID is the element id of a key, for tests and labels: "kbd-u0430" for
// «а», "kbd-shift", "kbd-layout-en". Characters become code points because
// «@» or «.» in an id would break CSS selectors.
func KeyID(key string) string {
	if strings.HasPrefix(key, keyLayout) {
		return "kbd-layout-" + strings.TrimPrefix(key, keyLayout)
	}
	if utf8.RuneCountInString(key) == 1 {
		r, _ := utf8.DecodeRuneInString(key)
		return fmt.Sprintf("kbd-u%04x", r)
	}
	return "kbd-" + key
}
