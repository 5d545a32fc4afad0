package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// Indexes into cellXfs of styles.xml.
const (
	styleDefault = iota
	styleBold
	styleInteger
	styleMoney
	styleDate
	styleDateTime
	styleBoldMoney
)

// styles.xml: the number formats ("#,##0.00" is the built-in 4, "0" the
// built-in 1), a regular and a bold font, and one cell format per style
// constant above, in that order.
const stylesXML = xmlHeader + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<numFmts count="2"><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/><numFmt numFmtId="165" formatCode="dd.mm.yyyy hh:mm"/></numFmts>` +
	`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
	`<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
	`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="7">` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
	`<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="4" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>` +
	`</cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`</styleSheet>`

const (
	xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsMain    = `http://schemas.openxmlformats.org/spreadsheetml/2006/main`
	nsRel     = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
	nsPkgRel  = `http://schemas.openxmlformats.org/package/2006/relationships`
)

// Write writes the workbook as an .xlsx file. The workbook stays usable:
// more rows and sheets can be added and it can be written again.
func (w *Workbook) Write(out io.Writer) error {
	if len(w.sheets) == 0 {
		return errors.New("xlsx: a workbook needs at least one sheet")
	}
	for _, s := range w.sheets {
		if len(s.cols) > maxCols {
			return fmt.Errorf("xlsx: sheet %q: more than %d columns", s.name, maxCols)
		}
	}
	modified := w.created
	if modified.IsZero() {
		modified = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC) // the zip format's epoch
	}
	z := zip.NewWriter(out)
	put := func(name string, chunks ...[]byte) error {
		f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified.UTC()})
		for _, c := range chunks {
			if err == nil {
				_, err = f.Write(c)
			}
		}
		if err != nil {
			return fmt.Errorf("xlsx: write %s: %w", name, err)
		}
		return nil
	}
	for _, p := range []struct {
		name  string
		write func(*bytes.Buffer)
	}{
		{"[Content_Types].xml", w.contentTypes},
		{"_rels/.rels", rootRels},
		{"docProps/core.xml", w.core},
		{"xl/workbook.xml", w.workbook},
		{"xl/_rels/workbook.xml.rels", w.workbookRels},
		{"xl/styles.xml", func(b *bytes.Buffer) { b.WriteString(stylesXML) }},
	} {
		var b bytes.Buffer
		p.write(&b)
		if err := put(p.name, b.Bytes()); err != nil {
			return err
		}
	}
	for i, s := range w.sheets {
		// The rows, the bulk of the file, go out without another copy.
		head, tail := s.frame(i == 0)
		if err := put("xl/worksheets/sheet"+strconv.Itoa(i+1)+".xml", head, s.data.Bytes(), tail); err != nil {
			return err
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

func (w *Workbook) contentTypes(b *bytes.Buffer) {
	b.WriteString(xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`)
	for i := range w.sheets {
		fmt.Fprintf(b, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
	}
	b.WriteString(`</Types>`)
}

func rootRels(b *bytes.Buffer) {
	b.WriteString(xmlHeader + `<Relationships xmlns="` + nsPkgRel + `">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
		`</Relationships>`)
}

func (w *Workbook) core(b *bytes.Buffer) {
	b.WriteString(xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	if !w.created.IsZero() {
		t := w.created.UTC().Format(time.RFC3339)
		b.WriteString(`<dcterms:created xsi:type="dcterms:W3CDTF">` + t + `</dcterms:created>`)
		b.WriteString(`<dcterms:modified xsi:type="dcterms:W3CDTF">` + t + `</dcterms:modified>`)
	}
	b.WriteString(`</cp:coreProperties>`)
}

func (w *Workbook) workbook(b *bytes.Buffer) {
	b.WriteString(xmlHeader + `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">` +
		`<bookViews><workbookView activeTab="0"/></bookViews><sheets>`)
	for i, s := range w.sheets {
		b.WriteString(`<sheet name="`)
		escape(b, s.name)
		fmt.Fprintf(b, `" sheetId="%d" r:id="rId%d"/>`, i+1, i+1)
	}
	b.WriteString(`</sheets>`)
	// Excel keeps an autofilter's range in this hidden name as well as in
	// the sheet, and LibreOffice reads it from here.
	names := false
	for i, s := range w.sheets {
		if len(s.cols) == 0 {
			continue
		}
		if !names {
			b.WriteString(`<definedNames>`)
			names = true
		}
		fmt.Fprintf(b, `<definedName name="_xlnm._FilterDatabase" localSheetId="%d" hidden="1">`, i)
		escape(b, "'"+strings.ReplaceAll(s.name, "'", "''")+"'!"+s.filterRange(true))
		b.WriteString(`</definedName>`)
	}
	if names {
		b.WriteString(`</definedNames>`)
	}
	b.WriteString(`</workbook>`)
}

func (w *Workbook) workbookRels(b *bytes.Buffer) {
	b.WriteString(xmlHeader + `<Relationships xmlns="` + nsPkgRel + `">`)
	for i := range w.sheets {
		fmt.Fprintf(b, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
	}
	fmt.Fprintf(b, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`, len(w.sheets)+1)
	b.WriteString(`</Relationships>`)
}

// filterRange returns the header and data rows: "A1:E11", or "$A$1:$E$11".
func (s *Sheet) filterRange(abs bool) string {
	last, rows := s.refs[len(s.refs)-1], strconv.Itoa(s.rows+1)
	if abs {
		return "$A$1:$" + last + "$" + rows
	}
	return "A1:" + last + rows
}

// frame returns the worksheet part before the data rows (up to the
// header row) and after them. The selected sheet is the one shown when
// the file opens.
func (s *Sheet) frame(selected bool) (head, tail []byte) {
	b := new(bytes.Buffer)
	b.WriteString(xmlHeader + `<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">`)
	dim := "A1"
	if len(s.cols) > 0 {
		rows := s.rows + 1
		if s.total {
			rows++
		}
		dim += ":" + s.refs[len(s.refs)-1] + strconv.Itoa(rows)
	}
	b.WriteString(`<dimension ref="` + dim + `"/><sheetViews><sheetView`)
	if selected {
		b.WriteString(` tabSelected="1"`)
	}
	b.WriteString(` workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>` +
		`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>` +
		`<sheetFormatPr defaultRowHeight="15"/>`)
	cols := false
	for i, c := range s.cols {
		if c.Width <= 0 || math.IsNaN(c.Width) {
			continue
		}
		if !cols {
			b.WriteString(`<cols>`)
			cols = true
		}
		n := strconv.Itoa(i + 1)
		b.WriteString(`<col min="` + n + `" max="` + n + `" width="` + width(c.Width) + `" customWidth="1"/>`)
	}
	if cols {
		b.WriteString(`</cols>`)
	}
	b.WriteString(`<sheetData><row r="1">`)
	for i, c := range s.cols {
		writeString(b, s.refs[i], "1", styleBold, c.Title)
	}
	b.WriteString(`</row>`)
	tail = []byte(`</sheetData>`)
	if len(s.cols) > 0 {
		tail = append(tail, `<autoFilter ref="`+s.filterRange(false)+`"/>`...)
	}
	tail = append(tail, `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`...)
	return b.Bytes(), tail
}

// width converts characters of the default font (Calibri 11, whose digits
// are 7 pixels wide) to a column width as Excel stores it, which includes
// 5 pixels of padding; at most 255.
func width(chars float64) string {
	w := min(math.Floor((chars*7+5)/7*256)/256, maxWidth)
	return strconv.FormatFloat(w, 'f', -1, 64)
}

// writeString writes a cell with an inline string: it is shown as it is,
// spaces at the ends included, and never taken for a number or a formula.
// An empty string writes no cell.
func writeString(b *bytes.Buffer, col, row string, style int, s string) {
	if s == "" {
		return
	}
	writeRef(b, col, row)
	if style != styleDefault {
		b.WriteString(` s="` + strconv.Itoa(style) + `"`)
	}
	b.WriteString(` t="inlineStr"><is><t xml:space="preserve">`)
	escape(b, s)
	b.WriteString(`</t></is></c>`)
}

func writeNumber(b *bytes.Buffer, col, row string, style int, v []byte) {
	writeRef(b, col, row)
	b.WriteString(` s="`)
	b.WriteString(strconv.Itoa(style))
	b.WriteString(`"><v>`)
	b.Write(v)
	b.WriteString(`</v></c>`)
}

// writeRef starts a cell: `<c r="B12"`.
func writeRef(b *bytes.Buffer, col, row string) {
	b.WriteString(`<c r="`)
	b.WriteString(col)
	b.WriteString(row)
	b.WriteByte('"')
}

// escape writes s as XML character data (fit for an attribute too). It
// drops what XML 1.0 cannot carry — control characters other than tab,
// line feed and carriage return, U+FFFE, U+FFFF, broken UTF-8 — and
// writes "_x005F_" before a literal "_xHHHH_", which Excel and
// LibreOffice would otherwise read as the escape of character HHHH.
func escape(b *bytes.Buffer, s string) {
	for i, r := range s {
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\t':
			b.WriteString("&#x9;")
		case r == '\n':
			b.WriteString("&#xA;")
		case r == '\r':
			b.WriteString("&#xD;")
		case r == '_' && isEscape(s[i:]):
			b.WriteString("_x005F_")
		case !xmlChar(r):
		case r == utf8.RuneError && strings.HasPrefix(s[i:], "\xef\xbf\xbd"):
			b.WriteRune(r)
		case r == utf8.RuneError:
			// a byte that is not UTF-8
		default:
			b.WriteRune(r)
		}
	}
}

// isEscape reports whether s starts with "_xHHHH_".
func isEscape(s string) bool {
	if len(s) < 7 || s[1] != 'x' || s[6] != '_' {
		return false
	}
	for _, c := range []byte(s[2:6]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// xmlChar reports whether XML 1.0 allows r.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		0x20 <= r && r <= 0xD7FF || 0xE000 <= r && r <= 0xFFFD || 0x10000 <= r && r <= 0x10FFFF
}

// sanitizeName makes name a valid sheet name, or "" if nothing is left.
func sanitizeName(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case strings.ContainsRune(`[]:*?/\`, r):
			b.WriteByte('_')
		case r < 0x20 || r == utf8.RuneError || !xmlChar(r):
		default:
			b.WriteRune(r)
		}
	}
	// A name is not escaped like cell text (see escape): the defined names
	// quote it in formulas, where "_x005F_" would be taken literally; so
	// "_xHHHH_" becomes "-xHHHH_".
	name = b.String()
	for i := 0; i < len(name); i++ {
		if name[i] == '_' && isEscape(name[i:]) {
			name = name[:i] + "-" + name[i+1:]
		}
	}
	return truncate(strings.Trim(name, "' "), 31)
}

// truncate cuts s to n UTF-16 code units, the way Excel counts characters.
func truncate(s string, n int) string {
	units := 0
	for i, r := range s {
		units += utf16.RuneLen(r)
		if units > n {
			return strings.TrimRight(s[:i], "' ")
		}
	}
	return s
}

// uniqueName returns name, or "SheetN" for an empty one, made distinct
// from the names already in the workbook.
func (w *Workbook) uniqueName(name string, n int) string {
	if name == "" || strings.EqualFold(name, "History") { // Excel reserves "History"
		name = "Sheet" + strconv.Itoa(n)
	}
	taken := func(name string) bool {
		for _, s := range w.sheets {
			if strings.EqualFold(s.name, name) {
				return true
			}
		}
		return false
	}
	try := name
	for i := 2; taken(try); i++ {
		suffix := " (" + strconv.Itoa(i) + ")"
		try = truncate(name, 31-len(suffix)) + suffix
	}
	return try
}
