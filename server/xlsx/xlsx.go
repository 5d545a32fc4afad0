// Package xlsx writes Office Open XML spreadsheets (.xlsx) for exports:
// workbooks of sheets with a bold, frozen header row, an autofilter over
// the data, column widths and typed cells — text, integers, money in
// rubles, dates and date-times — that Excel and LibreOffice open without
// a repair prompt. Text is always written as a string, so a value such as
// "=HYPERLINK(…)" never becomes a formula. Standard library only; the
// output is the same bytes for the same input.
package xlsx

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"time"
)

// ContentType is the media type of an .xlsx file, for a download response.
const ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Kind is what a column holds and how its cells are written.
type Kind int

const (
	// Text takes a string or a value of a named string type.
	Text Kind = iota
	// Integer takes any integer type; written with the format "0".
	Integer
	// Money takes kopecks as any integer type (int64, shared.Kopecks…)
	// and is written as a number of rubles with the format "#,##0.00".
	Money
	// Date takes a time.Time; its wall-clock day in its own location is
	// written as a serial date with the format "dd.mm.yyyy".
	Date
	// DateTime takes a time.Time; its wall-clock time to the second in its
	// own location is written as a serial date with "dd.mm.yyyy hh:mm".
	DateTime
)

func (k Kind) String() string {
	switch k {
	case Text:
		return "Text"
	case Integer:
		return "Integer"
	case Money:
		return "Money"
	case Date:
		return "Date"
	case DateTime:
		return "DateTime"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Column is one column of a sheet: its header, width in characters of the
// default font (0 leaves the application's default) and kind.
type Column struct {
	Title string
	Width float64
	Kind  Kind
}

// Limits of the format (Excel's).
const (
	maxRows    = 1 << 20 // rows of a sheet, the header included
	maxCols    = 1 << 14
	maxWidth   = 255
	maxDigits  = 1e15 // Excel keeps 15 significant digits of a number
	minSerial  = 61   // 1900-03-01: earlier serials carry Excel's 1900 leap-year bug
	maxSerial  = 2958465
	unixSerial = 25569 // serial of 1970-01-01
)

// Workbook is a spreadsheet being built; add sheets with Sheet and rows
// to them, then Write it. A Workbook is not safe for concurrent use.
type Workbook struct {
	created time.Time
	sheets  []*Sheet
}

// New starts a workbook whose document properties say it was created at
// created (a zero time leaves the date out). The time is an argument, not
// the clock, so that the same content gives the same file.
func New(created time.Time) *Workbook {
	return &Workbook{created: created.Truncate(time.Second)}
}

// Sheet is one worksheet: a header row, data rows, and optionally a total
// row at the end.
type Sheet struct {
	name    string
	cols    []Column
	refs    []string // column letters
	data    bytes.Buffer
	rows    int // data rows written
	sums    []int64
	overrun []bool // a sum grew past what a cell can hold exactly
	total   bool
	scratch bytes.Buffer
}

// Sheet adds a sheet with these columns after the existing ones. The
// name is made acceptable to Excel: characters []:*?/\ become '_',
// control characters go and so do apostrophes and spaces at either end,
// "_xHHHH_" (an escape in the file) becomes "-xHHHH_", it is cut to 31
// characters, an empty name or "History" becomes "SheetN", and a name
// already taken (ignoring case) gets " (2)", " (3)"…
func (w *Workbook) Sheet(name string, cols []Column) *Sheet {
	s := &Sheet{
		name:    w.uniqueName(sanitizeName(name), len(w.sheets)+1),
		cols:    slices.Clone(cols),
		refs:    make([]string, len(cols)),
		sums:    make([]int64, len(cols)),
		overrun: make([]bool, len(cols)),
	}
	for i := range cols {
		s.refs[i] = colName(i)
	}
	w.sheets = append(w.sheets, s)
	return s
}

// Name returns the sheet's name as written, after sanitising.
func (s *Sheet) Name() string { return s.name }

// Row appends a data row with one value per column, each of the column's
// kind (see Kind); nil leaves a cell empty. On an error — a wrong count or
// type, a number Excel cannot hold exactly, a date before 1 March 1900 —
// nothing is added.
func (s *Sheet) Row(values ...any) error {
	switch {
	case s.total:
		return fmt.Errorf("xlsx: sheet %q: row after the total row", s.name)
	case len(values) != len(s.cols):
		return fmt.Errorf("xlsx: sheet %q: row of %d values for %d columns", s.name, len(values), len(s.cols))
	case s.rows+2 > maxRows:
		return fmt.Errorf("xlsx: sheet %q: more than %d rows", s.name, maxRows)
	}
	r := strconv.Itoa(s.rows + 2)
	b := &s.scratch
	b.Reset()
	b.WriteString(`<row r="`)
	b.WriteString(r)
	b.WriteString(`">`)
	for i, v := range values {
		if err := s.cell(b, i, r, v); err != nil {
			return fmt.Errorf("xlsx: sheet %q, row %d, column %d %q: %w", s.name, s.rows+1, i+1, s.cols[i].Title, err)
		}
	}
	b.WriteString(`</row>`)
	for i, c := range s.cols {
		if c.Kind == Money && values[i] != nil {
			k, _ := integer(values[i])
			s.sums[i] += k
			if s.sums[i] > 1e18 || s.sums[i] < -1e18 {
				s.overrun[i] = true
			}
		}
	}
	s.data.Write(b.Bytes())
	s.rows++
	return nil
}

// TotalRow ends the sheet with a bold row: label in the first column and
// the sum of every Money column under it. The autofilter stays over the
// data rows above. No rows can follow it.
func (s *Sheet) TotalRow(label string) error {
	switch {
	case s.total:
		return fmt.Errorf("xlsx: sheet %q: a second total row", s.name)
	case len(s.cols) == 0 || s.cols[0].Kind == Money:
		return fmt.Errorf("xlsx: sheet %q: no first column for the total's label", s.name)
	case s.rows+2 > maxRows:
		return fmt.Errorf("xlsx: sheet %q: more than %d rows", s.name, maxRows)
	}
	r := strconv.Itoa(s.rows + 2)
	b := &s.scratch
	b.Reset()
	b.WriteString(`<row r="`)
	b.WriteString(r)
	b.WriteString(`">`)
	writeString(b, "A", r, styleBold, label)
	for i, c := range s.cols {
		if c.Kind != Money {
			continue
		}
		if s.overrun[i] || s.sums[i] >= maxDigits || s.sums[i] <= -maxDigits {
			return fmt.Errorf("xlsx: sheet %q: total of column %q has more than 15 digits", s.name, c.Title)
		}
		var num [24]byte
		writeNumber(b, s.refs[i], r, styleBoldMoney, appendRubles(num[:0], s.sums[i]))
	}
	b.WriteString(`</row>`)
	s.data.Write(b.Bytes())
	s.total = true
	return nil
}

// cell writes the value of column i in row r.
func (s *Sheet) cell(b *bytes.Buffer, i int, r string, v any) error {
	if v == nil {
		return nil
	}
	col, kind := s.refs[i], s.cols[i].Kind
	var num [32]byte
	switch kind {
	case Text:
		str, ok := text(v)
		if !ok {
			break
		}
		writeString(b, col, r, styleDefault, str)
		return nil
	case Integer, Money:
		n, ok := integer(v)
		if !ok {
			break
		}
		if n >= maxDigits || n <= -maxDigits {
			return fmt.Errorf("%d has more than 15 digits", n)
		}
		if kind == Money {
			writeNumber(b, col, r, styleMoney, appendRubles(num[:0], n))
		} else {
			writeNumber(b, col, r, styleInteger, strconv.AppendInt(num[:0], n, 10))
		}
		return nil
	case Date, DateTime:
		t, ok := v.(time.Time)
		if !ok {
			break
		}
		days, secs := serial(t)
		if days < minSerial || days > maxSerial {
			return fmt.Errorf("%s is outside 1900-03-01…9999-12-31", t.Format(time.DateOnly))
		}
		if kind == Date {
			writeNumber(b, col, r, styleDate, strconv.AppendInt(num[:0], days, 10))
		} else {
			f := float64(days*86400+secs) / 86400
			writeNumber(b, col, r, styleDateTime, strconv.AppendFloat(num[:0], f, 'f', -1, 64))
		}
		return nil
	default:
		return fmt.Errorf("unknown column kind %v", kind)
	}
	return fmt.Errorf("a %s column does not take %T", kind, v)
}

// text returns v as a string for a Text cell.
func text(v any) (string, bool) {
	if s, ok := v.(string); ok {
		return s, true
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.String {
		return rv.String(), true
	}
	return "", false
}

// integer returns v as an int64 if it is of an integer type that fits.
func integer(v any) (int64, bool) {
	switch v := v.(type) {
	case int64:
		return v, true
	case int:
		return int64(v), true
	case int32:
		return int64(v), true
	}
	rv := reflect.ValueOf(v)
	if rv.CanInt() {
		return rv.Int(), true
	}
	if rv.CanUint() && rv.Uint() <= 1<<63-1 {
		return int64(rv.Uint()), true
	}
	return 0, false
}

// serial returns the wall-clock day of t as a 1900-system serial date
// and the seconds since its midnight, ignoring t's offset from UTC.
func serial(t time.Time) (days, secs int64) {
	y, m, d := t.Date()
	h, mi, s := t.Clock()
	days = time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()/86400 + unixSerial
	return days, int64(h*3600 + mi*60 + s)
}

// appendRubles appends kopecks as a decimal number of rubles: "-1234.05".
func appendRubles(b []byte, k int64) []byte {
	u := uint64(k)
	if k < 0 {
		b = append(b, '-')
		u = -u
	}
	b = strconv.AppendUint(b, u/100, 10)
	return append(b, '.', byte('0'+u%100/10), byte('0'+u%10))
}

// colName returns the letters of the 0-based column i: A…Z, AA…
func colName(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}
