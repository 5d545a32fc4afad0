package shared

import (
	"encoding/json"
	"testing"
	"time"
)

func TestCheckText(t *testing.T) {
	runVectors(t, CheckText, []vector{
		{"plain Russian", "Терминал №3, ул. Тверская", ""},
		{"empty", "", ""},
		{"lines and tabs", "первая строка\r\nвторая\tстрока", ""},
		{"replacement character typed as such", "�", ""},
		{"emoji", "чек 🧾", ""},
		{"NUL", "a\x00b", CodeControlChars},
		{"only NUL", "\x00", CodeControlChars},
		{"escape", "\x1b[31mred", CodeControlChars},
		{"DEL", "a\x7f", CodeControlChars},
		{"C1 control", "a\u0085b", CodeControlChars},
		{"invalid UTF-8", "\xff\xfe", CodeControlChars},
		{"truncated UTF-8", "Ж"[:1], CodeControlChars},
	})
}

func TestCheckRequest(t *testing.T) {
	type inner struct {
		Note string `json:"note"`
	}
	type Embedded struct {
		Code string `json:"code"`
	}
	type request struct {
		Embedded
		Name    string            `json:"name"`
		Skipped string            `json:"-"`
		Untag   string            // named as Go names it, as encoding/json does
		Items   []inner           `json:"items"`
		Ptr     *inner            `json:"ptr"`
		Tags    map[string]string `json:"tags"`
		Raw     json.RawMessage   `json:"raw"`
		At      time.Time         `json:"at,omitzero"`
		Any     any               `json:"any"`
	}
	ok := request{Embedded: Embedded{Code: "123456"}, Name: "Анна", Items: []inner{{"строка\nещё"}},
		Ptr: &inner{"x"}, Tags: map[string]string{"k": "v"}, Raw: json.RawMessage(`"\u0000"`),
		At: time.Date(2026, 1, 2, 0, 0, 0, 0, Moscow), Any: "текст"}
	tests := []struct {
		name   string
		change func(*request)
		want   map[string]Code
	}{
		{"all clean", func(*request) {}, nil},
		{"zero time is absent", func(r *request) { r.At = time.Time{} }, nil},
		{"skipped field", func(r *request) { r.Skipped = "\x00" }, nil},
		{"top-level string", func(r *request) { r.Name = "\x00" }, map[string]Code{"name": CodeControlChars}},
		{"embedded field", func(r *request) { r.Code = "1\x00" }, map[string]Code{"code": CodeControlChars}},
		{"untagged field", func(r *request) { r.Untag = "\x01" }, map[string]Code{"Untag": CodeControlChars}},
		{"slice element", func(r *request) { r.Items = append(r.Items, inner{"\x00"}) }, map[string]Code{"items.1.note": CodeControlChars}},
		{"pointer", func(r *request) { r.Ptr.Note = "\xff" }, map[string]Code{"ptr.note": CodeControlChars}},
		{"map value", func(r *request) { r.Tags["k"] = "\x00" }, map[string]Code{"tags.k": CodeControlChars}},
		{"map key", func(r *request) { r.Tags["\x00"] = "v" }, map[string]Code{"tags": CodeControlChars}},
		{"interface", func(r *request) { r.Any = []any{"\x00"} }, map[string]Code{"any.0": CodeControlChars}},
		{"year 1", func(r *request) { r.At = time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC) }, map[string]Code{"at": CodeDateRange}},
		{"negative year", func(r *request) { r.At = time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC) }, map[string]Code{"at": CodeDateRange}},
		{"far future", func(r *request) { r.At = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC) }, map[string]Code{"at": CodeDateRange}},
		{"two at once", func(r *request) { r.Name, r.At = "\x00", time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC) },
			map[string]Code{"name": CodeControlChars, "at": CodeDateRange}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ok
			r.Items = append([]inner(nil), ok.Items...)
			r.Ptr = &inner{ok.Ptr.Note}
			r.Tags = map[string]string{"k": "v"}
			tt.change(&r)
			wantFields(t, CheckRequest(&r), tt.want)
		})
	}
	if err := CheckRequest("a\x00"); ErrorCode(err) != CodeInvalidInput {
		t.Errorf("bare string: %v", err)
	}
}
