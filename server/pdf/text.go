package pdf

import (
	"strings"
	"unicode"
)

// style is how a run of text is set: face, size in points, line height
// (lead) in millimetres and grey level (0 black … 255 white).
type style struct {
	bold bool
	size float64
	lead float64
	gray int
}

var (
	titleStyle    = style{bold: true, size: 13, lead: 6}
	subtitleStyle = style{size: 9, lead: 4.5, gray: 80}
	numberStyle   = style{size: 10, lead: 5}
	headingStyle  = style{bold: true, size: 11, lead: 5.5}
	paraStyle     = style{size: 10, lead: 5}
	labelStyle    = style{size: 10, lead: 5, gray: 90}
	valueStyle    = style{size: 10, lead: 5}
	headStyle     = style{bold: true, size: 9, lead: 4.2}
	cellStyle     = style{size: 9, lead: 4.2}
	totalStyle    = style{bold: true, size: 9, lead: 4.2}
	captionStyle  = style{size: 9, lead: 4.5, gray: 60}
	footerStyle   = style{size: 7.5, lead: 3.4, gray: 90}
)

// use makes s the current style.
func (r *renderer) use(s style) {
	face := ""
	if s.bold {
		face = "B"
	}
	r.f.SetFont(fontFamily, face, s.size)
	r.f.SetTextColor(s.gray, s.gray, s.gray)
}

// clean makes text safe for fpdf's UTF-8 fonts: "\r" and control
// characters other than "\n" go, tabs become spaces, and runes outside
// the Basic Multilingual Plane (which fpdf cannot encode and would panic
// on) and invalid UTF-8 become U+FFFD.
func clean(s string) string {
	return strings.Map(func(c rune) rune {
		switch {
		case c == '\n':
			return c
		case c == '\t':
			return ' '
		case unicode.IsControl(c):
			return -1
		case c >= 0xFFFE:
			return unicode.ReplacementChar
		}
		return c
	}, s)
}

// wrap breaks text into lines no wider than w millimetres in style s,
// at spaces where it can and inside a word too long for a line. Only an
// ordinary space breaks: a no-break space (as in «1\u00a0234,56\u00a0₽»)
// holds. Each "\n" starts a new line; an empty text is one empty line.
func (r *renderer) wrap(s style, text string, w float64) []string {
	r.use(s)
	var lines []string
	for _, para := range strings.Split(clean(text), "\n") {
		line, width := "", 0.0
		space := r.f.GetStringWidth(" ")
		for _, word := range strings.FieldsFunc(para, isBreak) {
			ww := r.f.GetStringWidth(word)
			switch {
			case line != "" && width+space+ww <= w:
				line, width = line+" "+word, width+space+ww
				continue
			case line != "":
				lines = append(lines, line)
			}
			if ww <= w {
				line, width = word, ww
				continue
			}
			pieces := r.split(word, w)
			lines = append(lines, pieces[:len(pieces)-1]...)
			line = pieces[len(pieces)-1]
			width = r.f.GetStringWidth(line)
		}
		lines = append(lines, line)
	}
	return lines
}

// split cuts a word wider than w into pieces that fit, at least one rune
// each.
func (r *renderer) split(word string, w float64) []string {
	var pieces []string
	start, width := 0, 0.0
	for i, c := range word {
		cw := r.f.GetStringWidth(string(c))
		if width+cw > w && i > start {
			pieces = append(pieces, word[start:i])
			start, width = i, 0
		}
		width += cw
	}
	return append(pieces, word[start:])
}

func isBreak(c rune) bool { return c == ' ' }
