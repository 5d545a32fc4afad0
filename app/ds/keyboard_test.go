package ds

import (
	"strings"
	"testing"
)

func TestApplyKey(t *testing.T) {
	tests := []struct {
		name, value, key string
		shift            bool
		max              int
		want             string
	}{
		{"letter", "ив", "а", false, 0, "ива"},
		{"shift makes a capital", "", "в", true, 0, "В"},
		{"shift leaves digits", "", "1", true, 0, "1"},
		{"backspace removes a Cyrillic letter whole", "Ваня", keyBackspace, false, 0, "Ван"},
		{"backspace on empty", "", keyBackspace, false, 0, ""},
		{"space", "Иван", keySpace, false, 0, "Иван "},
		{"maxlength holds", "123456", "7", false, 6, "123456"},
		{"Shift types nothing", "a", keyShift, false, 0, "a"},
		{"«Готово» types nothing", "a", keyDone, false, 0, "a"},
		{"a layout switch types nothing", "a", keyLayout + LayoutRU, false, 0, "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := applyKey(tt.value, tt.key, tt.shift, tt.max); got != tt.want {
				t.Errorf("applyKey(%q, %q, %v, %d) = %q, want %q", tt.value, tt.key, tt.shift, tt.max, got, tt.want)
			}
		})
	}
}

// Every layout can type what its users need, ids are unique within a
// layout, and the numeric one has only digits and its two action keys.
func TestKeyRows(t *testing.T) {
	needs := map[string]string{
		LayoutRU:  "йцукенгшщзхъфывапролджэячсмитьбюё0123456789@.-",
		LayoutEN:  "qwertyuiopasdfghjklzxcvbnm0123456789@.-",
		LayoutSym: "!#$%^&*()?_=+/:;,0123456789@.-",
		LayoutNum: "0123456789",
	}
	for layout, need := range needs {
		t.Run(layout, func(t *testing.T) {
			ids := map[string]bool{}
			var typed strings.Builder
			for _, row := range keyRows(layout, LayoutRU) {
				for _, k := range row {
					if ids[KeyID(k)] {
						t.Errorf("key id %s twice", KeyID(k))
					}
					ids[KeyID(k)] = true
					typed.WriteString(applyKey("", k, false, 0))
				}
			}
			for _, r := range need {
				if !strings.ContainsRune(typed.String(), r) {
					t.Errorf("no key types %q", r)
				}
			}
			if !ids["kbd-done"] || !ids["kbd-backspace"] {
				t.Errorf("no «Готово» or backspace: %v", ids)
			}
		})
	}
	if got := KeyID("@"); got != "kbd-u0040" {
		t.Errorf("KeyID(@) = %q", got)
	}
}
