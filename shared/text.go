package shared

import (
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// CheckText accepts text a person could have typed or pasted: valid UTF-8
// without control characters, except the tab and the line breaks of
// multi-line fields. It answers CodeControlChars otherwise. PostgreSQL
// refuses the NUL byte and invalid UTF-8 in text columns, and the other
// control characters only hide what a value really says.
func CheckText(s string) error {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return E(CodeControlChars)
			}
		}
		if isControl(r) {
			return E(CodeControlChars)
		}
	}
	return nil
}

// isControl reports the C0 and C1 control characters and DEL, less the
// tab, line feed and carriage return.
func isControl(r rune) bool {
	switch r {
	case '\t', '\n', '\r':
		return false
	}
	return r < 0x20 || r >= 0x7f && r <= 0x9f
}

// CheckRequest checks every string and every date of a decoded request,
// however deeply nested: strings with CheckText, non-zero time.Time values
// with InDateRange. It answers CodeInvalidInput naming each bad field by
// its JSON path ("passport.issuedBy", "lines.2.name"), or nil. The API runs
// it on every body it decodes and on every query, so a new request type is
// covered without its own code; Validate then checks the meaning.
func CheckRequest(v any) error {
	var f Fields
	checkValue(&f, "", reflect.ValueOf(v))
	return f.Err()
}

var timeType = reflect.TypeFor[time.Time]()

// checkValue records the errors of v, found at path, in f.
func checkValue(f *Fields, path string, v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			checkValue(f, path, v.Elem())
		}
	case reflect.String:
		f.Check(orBody(path), CheckText(v.String()))
	case reflect.Struct:
		if v.Type() == timeType {
			// A time inside an unexported embedded struct cannot be read
			// as a value; JSON does not fill one either.
			if !v.CanInterface() {
				return
			}
			if t := v.Interface().(time.Time); !t.IsZero() && !InDateRange(t) {
				f.Add(orBody(path), CodeDateRange)
			}
			return
		}
		checkStruct(f, path, v)
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return // raw bytes (json.RawMessage): parsed and checked by their reader
		}
		for i := range v.Len() {
			checkValue(f, join(path, strconv.Itoa(i)), v.Index(i))
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			// A bad key is reported on the map: the key itself is not a name.
			checkValue(f, path, it.Key())
			checkValue(f, join(path, keyName(it.Key())), it.Value())
		}
	}
}

// checkStruct checks the exported fields of a struct under their JSON
// names; embedded structs without a name share their parent's path.
func checkStruct(f *Fields, path string, v reflect.Value) {
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() && !sf.Anonymous {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		switch {
		case name == "-":
			continue
		case sf.Anonymous && name == "":
			checkValue(f, path, v.Field(i))
			continue
		case name == "":
			name = sf.Name
		}
		checkValue(f, join(path, name), v.Field(i))
	}
}

func keyName(k reflect.Value) string {
	if k.Kind() == reflect.String && CheckText(k.String()) == nil {
		return k.String()
	}
	return "?"
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// orBody names a value that is the whole request (a bare JSON string).
func orBody(path string) string {
	if path == "" {
		return "body"
	}
	return path
}
