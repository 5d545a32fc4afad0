package i18n

import (
	"unicode/utf16"
	"unicode/utf8"
)

// decodeTexts reads a JSON object whose values are all strings — what
// JSON writes — calling set for each pair in order. It is written by hand
// because encoding/json's reflection took a quarter of a second of the
// app's start on a phone (Chromium at 4× CPU slowdown) for the catalogue's
// two thousand texts. It reports false for anything else (another shape,
// invalid UTF-8, a bad escape), and the caller falls back to
// encoding/json; for what it accepts, the pairs are encoding/json's.
func decodeTexts(data []byte, set func(key, text string)) bool {
	if !utf8.Valid(data) {
		return false
	}
	d := textDecoder{b: data}
	d.space()
	if !d.next('{') {
		return false
	}
	d.space()
	if d.next('}') {
		d.space()
		return d.i == len(d.b)
	}
	for {
		k, ok := d.str()
		if !ok {
			return false
		}
		d.space()
		if !d.next(':') {
			return false
		}
		d.space()
		v, ok := d.str()
		if !ok {
			return false
		}
		set(k, v)
		d.space()
		if d.next(',') {
			d.space()
			continue
		}
		if !d.next('}') {
			return false
		}
		d.space()
		return d.i == len(d.b)
	}
}

// textDecoder is decodeTexts' position in its input.
type textDecoder struct {
	b []byte
	i int
}

func (d *textDecoder) space() {
	for d.i < len(d.b) && (d.b[d.i] == ' ' || d.b[d.i] == '\n' || d.b[d.i] == '\r' || d.b[d.i] == '\t') {
		d.i++
	}
}

// next consumes c if it comes next.
func (d *textDecoder) next(c byte) bool {
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

// str reads a string; most have no escape and are copied in one go.
func (d *textDecoder) str() (string, bool) {
	if !d.next('"') {
		return "", false
	}
	for j := d.i; j < len(d.b); j++ {
		switch c := d.b[j]; {
		case c == '"':
			s := string(d.b[d.i:j])
			d.i = j + 1
			return s, true
		case c == '\\':
			return d.escaped(j)
		case c < 0x20:
			return "", false
		}
	}
	return "", false
}

// escaped reads the rest of a string from its first escape at j.
func (d *textDecoder) escaped(j int) (string, bool) {
	buf := append([]byte(nil), d.b[d.i:j]...)
	d.i = j
	for d.i < len(d.b) {
		c := d.b[d.i]
		if c == '"' {
			d.i++
			return string(buf), true
		}
		if c < 0x20 {
			return "", false
		}
		if c != '\\' {
			buf = append(buf, c)
			d.i++
			continue
		}
		if d.i+1 >= len(d.b) {
			return "", false
		}
		e := d.b[d.i+1]
		d.i += 2
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := d.hex4()
			if !ok {
				return "", false
			}
			if utf16.IsSurrogate(r) {
				r = d.lowSurrogate(r)
			}
			buf = utf8.AppendRune(buf, r)
		default:
			return "", false
		}
	}
	return "", false
}

// lowSurrogate completes a UTF-16 pair whose first half is hi with the
// \u escape that follows, as encoding/json does; a half alone is U+FFFD.
func (d *textDecoder) lowSurrogate(hi rune) rune {
	if d.i+1 < len(d.b) && d.b[d.i] == '\\' && d.b[d.i+1] == 'u' {
		at := d.i
		d.i += 2
		if lo, ok := d.hex4(); ok {
			if r := utf16.DecodeRune(hi, lo); r != utf8.RuneError {
				return r
			}
		}
		d.i = at
	}
	return utf8.RuneError
}

// hex4 reads the four hex digits of a \u escape.
func (d *textDecoder) hex4() (rune, bool) {
	if d.i+4 > len(d.b) {
		return 0, false
	}
	var r rune
	for _, c := range d.b[d.i : d.i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	d.i += 4
	return r, true
}
