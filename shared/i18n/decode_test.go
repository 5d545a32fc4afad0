package i18n

import (
	"encoding/json"
	"testing"
)

// decodeTexts reads what encoding/json reads, or says it cannot (and Load
// falls back to encoding/json): every shape here is decoded both ways.
func TestDecodeTexts(t *testing.T) {
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"empty", `{}`, true},
		{"spaces", " {\n \"a\" : \"b\" ,\t\"c\":\"\"}\n", true},
		{"escapes", `{"a":"\"q\" \\ \/ \b\f\n\r\t"}`, true},
		{"escape first and last", `{"\n":"\u00e9"}`, true},
		{"unicode", `{"k":"Кабинет \u003c\u2028 %d"}`, true},
		{"surrogate pair", `{"k":"\ud83d\ude00!"}`, true},
		{"lone high surrogate", `{"k":"\ud83dx"}`, true},
		{"high then not low", `{"k":"\ud83d\u0041"}`, true},
		{"lone low surrogate", `{"k":"\ude00"}`, true},
		{"later key wins", `{"k":"1","k":"2"}`, true},
		{"not an object", `["a"]`, false},
		{"number value", `{"a":1}`, false},
		{"unterminated", `{"a":"b`, false},
		{"no closing brace", `{"a":"b"`, false},
		{"trailing comma", `{"a":"b",}`, false},
		{"control character", "{\"a\":\"\x01\"}", false},
		{"bad escape", `{"a":"\x"}`, false},
		{"short unicode escape", `{"a":"\u12"}`, false},
		{"bad hex", `{"a":"\u12g4"}`, false},
		{"invalid UTF-8", "{\"a\":\"\xff\"}", false},
		{"trailing data", `{"a":"b"} x`, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := map[string]string{}
			ok := decodeTexts([]byte(tc.in), func(k, v string) { got[k] = v })
			if ok != tc.ok {
				t.Fatalf("decodeTexts(%q) ok = %v, want %v", tc.in, ok, tc.ok)
			}
			if !ok {
				return
			}
			want := map[string]string{}
			if err := json.Unmarshal([]byte(tc.in), &want); err != nil {
				t.Fatalf("encoding/json: %v", err)
			}
			if len(got) != len(want) {
				t.Errorf("%d pairs, encoding/json %d", len(got), len(want))
			}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("%q: %q, encoding/json %q", k, got[k], v)
				}
			}
		})
	}
}
