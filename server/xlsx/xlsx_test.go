package xlsx_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"kabinet/server/xlsx"
	"kabinet/shared"
)

// sample is the workbook the tests open: two sheets with Cyrillic names,
// every kind of cell, text that looks like a formula or markup, control
// characters, a day that differs between Moscow and UTC, and a total row.
func sample(t testing.TB) *xlsx.Workbook {
	t.Helper()
	w := xlsx.New(time.Date(2026, 3, 5, 8, 30, 0, 0, time.UTC))
	receipts := w.Sheet("Чеки: март/2026", []xlsx.Column{
		{Title: "Услуга", Width: 40},
		{Title: "№", Width: 6, Kind: xlsx.Integer},
		{Title: "Сумма, ₽", Width: 14, Kind: xlsx.Money},
		{Title: "Дата", Width: 11, Kind: xlsx.Date},
		{Title: "Выдан", Width: 17, Kind: xlsx.DateTime},
	})
	day, err := shared.ParseDate("2026-03-05") // midnight UTC
	if err != nil {
		t.Fatal(err)
	}
	newYear := time.Date(2026, 1, 1, 1, 30, 0, 0, shared.Moscow) // still 31 December in UTC
	for _, r := range [][]any{
		{`=HYPERLINK("x")`, 1, shared.Kopecks(123456789), day, time.Date(2026, 3, 5, 14, 5, 59, 0, shared.Moscow)},
		{`<&>"'`, int64(2), int64(-5), newYear, newYear},
		{"Ремонт\x00\x01\x1b обуви\tи\nсумок _x0041_\uFFFE", 3, 0, nil, nil},
		{"+7 900", 4, 1, nil, nil},
		{"@A1", nil, nil, nil, nil},
	} {
		if err := receipts.Row(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := receipts.TotalRow("Итого"); err != nil {
		t.Fatal(err)
	}
	income := w.Sheet("Доходы 2026", []xlsx.Column{
		{Title: "Источник", Width: 30},
		{Title: "Месяц", Kind: xlsx.Date},
		{Title: "Доход", Width: 14, Kind: xlsx.Money},
	})
	for _, r := range [][]any{
		{"ООО «Ромашка»", time.Date(2026, 1, 31, 0, 0, 0, 0, shared.Moscow), shared.Rubles(15000)},
		{"  ИП Иванов И. И. ", time.Date(2026, 2, 28, 0, 0, 0, 0, shared.Moscow), shared.Kopecks(99)},
	} {
		if err := income.Row(r...); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

func write(t testing.TB, w *xlsx.Workbook) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := w.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// LibreOffice opens the file and finds every cell as it was meant: text
// as text (the formula-looking one too), money as a number of rubles in
// the money format, dates in Moscow wall-clock time; bold header and total
// rows, an autofilter over the data of each sheet, the column widths.
func TestLibreOffice(t *testing.T) {
	bin, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("soffice is missing: `make deps-test` installs LibreOffice Calc")
		}
		t.Skip("soffice is missing: `make deps-test` installs LibreOffice Calc")
	}
	file := filepath.Join(t.TempDir(), "book.xlsx")
	if err := os.WriteFile(file, write(t, sample(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	const receipts, income = "Чеки_ март_2026", "Доходы 2026"

	t.Run("values", func(t *testing.T) {
		t.Parallel()
		// Cell values as stored, not as shown: the text filter options
		// end with "…,false,false,false,-1" (as shown: no; formulas: no;
		// every sheet to its own file).
		got := readCSVs(t, convert(t, bin, file, "en-US", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"))
		want := map[string][][]string{
			receipts: {
				{"Услуга", "№", "Сумма, ₽", "Дата", "Выдан"},
				{`=HYPERLINK("x")`, "1", "1234567.89", "03/05/2026", "03/05/2026 14:05:59"},
				{`<&>"'`, "2", "-0.05", "01/01/2026", "01/01/2026 01:30:00"},
				{"Ремонт обуви\tи\nсумок _x0041_", "3", "0", "", ""},
				{"+7 900", "4", "0.01", "", ""},
				{"@A1", "", "", "", ""},
				{"Итого", "", "1234567.85", "", ""},
			},
			income: {
				{"Источник", "Месяц", "Доход"},
				{"ООО «Ромашка»", "01/31/2026", "15000"},
				{"  ИП Иванов И. И. ", "02/28/2026", "0.99"},
			},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("CSV of the stored values (-want +got):\n%s", diff)
		}
	})

	t.Run("shown", func(t *testing.T) {
		t.Parallel()
		// As a Russian user sees the cells: "as shown" is on.
		got := readCSVs(t, convert(t, bin, file, "ru-RU", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"))
		want := map[string][][]string{
			receipts: {
				{"Услуга", "№", "Сумма, ₽", "Дата", "Выдан"},
				{`=HYPERLINK("x")`, "1", "1\u00a0234\u00a0567,89", "05.03.2026", "05.03.2026 14:05"},
				{`<&>"'`, "2", "-0,05", "01.01.2026", "01.01.2026 01:30"},
				{"Ремонт обуви\tи\nсумок _x0041_", "3", "0,00", "", ""},
				{"+7 900", "4", "0,01", "", ""},
				{"@A1", "", "", "", ""},
				{"Итого", "", "1\u00a0234\u00a0567,85", "", ""},
			},
			income: {
				{"Источник", "Месяц", "Доход"},
				{"ООО «Ромашка»", "31.01.2026", "15\u00a0000,00"},
				{"  ИП Иванов И. И. ", "28.02.2026", "0,99"},
			},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("CSV of the cells as shown (-want +got):\n%s", diff)
		}
	})

	t.Run("structure", func(t *testing.T) {
		t.Parallel()
		dir := convert(t, bin, file, "en-US", "fods")
		doc := readFODS(t, filepath.Join(dir, "book.fods"))
		// "*" marks a bold cell; then the value type and value.
		want := map[string][][]string{
			receipts: {
				{"*string", "*string", "*string", "*string", "*string"},
				{"string", "float 1", "float 1234567.89", "date 2026-03-05", "date 2026-03-05T14:05:59"},
				{"string", "float 2", "float -0.05", "date 2026-01-01", "date 2026-01-01T01:30:00"},
				{"string", "float 3", "float 0"},
				{"string", "float 4", "float 0.01"},
				{"string"},
				{"*string", "", "*float 1234567.85"},
			},
			income: {
				{"*string", "*string", "*string"},
				{"string", "date 2026-01-31", "float 15000"},
				{"string", "date 2026-02-28", "float 0.99"},
			},
		}
		if diff := cmp.Diff(want, doc.cells); diff != "" {
			t.Errorf("cells (-want +got):\n%s", diff)
		}
		wantFilters := []string{"'Чеки_ март_2026'.A1:'Чеки_ март_2026'.E6", "'Доходы 2026'.A1:'Доходы 2026'.C3"}
		if diff := cmp.Diff(wantFilters, doc.filters); diff != "" {
			t.Errorf("autofilter ranges (-want +got):\n%s", diff)
		}
		// Widths 40, 6, 14, 11, 17 characters: the same order in inches.
		w := doc.widths[receipts]
		if len(w) < 5 || !(w[1] < w[3] && w[3] < w[2] && w[2] < w[4] && w[4] < w[0]) {
			t.Errorf("column widths of %s: %v", receipts, w)
		}
	})
}

// convert opens file in LibreOffice with a fresh profile set to locale
// and converts it with filter; it returns the directory of the output.
func convert(t *testing.T, bin, file, locale, filter string) string {
	t.Helper()
	dir := t.TempDir()
	profile := filepath.Join(dir, "profile")
	if err := os.MkdirAll(filepath.Join(profile, "user"), 0o755); err != nil {
		t.Fatal(err)
	}
	settings := `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>` + locale + `</value></prop></item>
</oor:items>
`
	if err := os.WriteFile(filepath.Join(profile, "user", "registrymodifications.xcu"), []byte(settings), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute) // a first start takes seconds
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-env:UserInstallation="+(&url.URL{Scheme: "file", Path: profile}).String(),
		"--headless", "--norestore", "--convert-to", filter, "--outdir", out, file)
	// UTF-8 file names for the sheets; number formats follow the profile.
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	cmd.WaitDelay = 10 * time.Second
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice --convert-to %s: %v\n%s", filter, err, msg)
	}
	if files, _ := os.ReadDir(out); len(files) == 0 {
		t.Fatalf("soffice --convert-to %s wrote nothing:\n%s", filter, msg)
	}
	return out
}

// readCSVs reads the CSV files LibreOffice writes for the sheets of
// book.xlsx, "book-<sheet>.csv", by sheet name.
func readCSVs(t *testing.T, dir string) map[string][][]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil {
		t.Fatal(err)
	}
	sheets := map[string][][]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(bytes.NewReader(b))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v\n%s", f, err, b)
		}
		sheets[strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "book-"), ".csv")] = rows
	}
	return sheets
}

// fods is what the tests read from LibreOffice's flat OpenDocument
// spreadsheet: the cells of each sheet ("*" for bold, the value type,
// the value; trailing empty cells dropped), the autofilter ranges and the
// column widths in inches.
type fods struct {
	cells   map[string][][]string
	filters []string
	widths  map[string][]float64
}

func readFODS(t *testing.T, file string) fods {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const (
		nsStyle  = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
		nsTable  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
		nsOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
		nsFO     = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
	)
	doc := fods{cells: map[string][][]string{}, widths: map[string][]float64{}}
	bold, width := map[string]bool{}, map[string]float64{}
	var style, sheet string
	d := xml.NewDecoder(f)
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		e, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		attr := func(space, local string) string {
			for _, a := range e.Attr {
				if a.Name.Space == space && a.Name.Local == local {
					return a.Value
				}
			}
			return ""
		}
		switch e.Name.Space + " " + e.Name.Local {
		case nsStyle + " style":
			style = attr(nsStyle, "name")
		case nsStyle + " text-properties":
			bold[style] = bold[style] || attr(nsFO, "font-weight") == "bold"
		case nsStyle + " table-column-properties":
			width[style], _ = strconv.ParseFloat(strings.TrimSuffix(attr(nsStyle, "column-width"), "in"), 64)
		case nsTable + " table":
			sheet = attr(nsTable, "name")
		case nsTable + " table-column":
			if attr(nsTable, "number-columns-repeated") == "" {
				doc.widths[sheet] = append(doc.widths[sheet], width[attr(nsTable, "style-name")])
			}
		case nsTable + " table-row":
			doc.cells[sheet] = append(doc.cells[sheet], nil)
		case nsTable + " table-cell":
			rows := doc.cells[sheet]
			c := attr(nsOffice, "value-type")
			if v := attr(nsOffice, "value") + attr(nsOffice, "date-value"); v != "" {
				c += " " + v
			}
			if c != "" && bold[attr(nsTable, "style-name")] {
				c = "*" + c
			}
			n, _ := strconv.Atoi(attr(nsTable, "number-columns-repeated"))
			for range min(max(n, 1), 100) {
				rows[len(rows)-1] = append(rows[len(rows)-1], c)
			}
		case nsTable + " database-range":
			doc.filters = append(doc.filters, attr(nsTable, "target-range-address"))
		}
	}
	for name, rows := range doc.cells {
		for i, r := range rows {
			for len(r) > 0 && r[len(r)-1] == "" {
				r = r[:len(r)-1]
			}
			rows[i] = r
		}
		for len(rows) > 0 && len(rows[len(rows)-1]) == 0 {
			rows = rows[:len(rows)-1]
		}
		doc.cells[name] = rows
	}
	return doc
}

// The parts of the package are well-formed XML, each named in
// [Content_Types].xml, every relationship points at a part, and the same
// workbook gives the same bytes.
func TestPackage(t *testing.T) {
	b := write(t, sample(t))
	if !bytes.Equal(b, write(t, sample(t))) {
		t.Error("two writes of the same workbook differ")
	}
	parts := unzip(t, b)
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range parts {
			if !yield(n) {
				return
			}
		}
	})
	want := []string{"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "xl/_rels/workbook.xml.rels",
		"xl/styles.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Fatalf("parts (-want +got):\n%s", diff)
	}
	for name, data := range parts {
		d := xml.NewDecoder(bytes.NewReader(data))
		for {
			_, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	}

	var types struct {
		Override []struct {
			PartName string `xml:",attr"`
		}
	}
	decode(t, parts, "[Content_Types].xml", &types)
	for _, n := range names {
		if n != "[Content_Types].xml" && !strings.HasSuffix(n, ".rels") && !slices.ContainsFunc(types.Override, func(o struct {
			PartName string `xml:",attr"`
		}) bool {
			return o.PartName == "/"+n
		}) {
			t.Errorf("[Content_Types].xml does not name %s", n)
		}
	}
	for rels, dir := range map[string]string{"_rels/.rels": "", "xl/_rels/workbook.xml.rels": "xl/"} {
		var r struct {
			Relationship []struct {
				Target string `xml:",attr"`
			}
		}
		decode(t, parts, rels, &r)
		for _, rel := range r.Relationship {
			if _, ok := parts[dir+rel.Target]; !ok {
				t.Errorf("%s points at a missing %s", rels, dir+rel.Target)
			}
		}
	}
	if core := string(parts["docProps/core.xml"]); !strings.Contains(core, ">2026-03-05T08:30:00Z</dcterms:created>") {
		t.Errorf("docProps/core.xml lacks the creation time:\n%s", core)
	}
}

// worksheet is what the tests read of a sheet part.
type worksheet struct {
	Dimension struct {
		Ref string `xml:"ref,attr"`
	} `xml:"dimension"`
	Pane struct {
		YSplit  string `xml:"ySplit,attr"`
		TopLeft string `xml:"topLeftCell,attr"`
		State   string `xml:"state,attr"`
	} `xml:"sheetViews>sheetView>pane"`
	Cols []struct {
		Min   string `xml:"min,attr"`
		Width string `xml:"width,attr"`
	} `xml:"cols>col"`
	Rows []struct {
		R     string `xml:"r,attr"`
		Cells []struct {
			R       string  `xml:"r,attr"`
			S       string  `xml:"s,attr"`
			T       string  `xml:"t,attr"`
			V       string  `xml:"v"`
			Text    string  `xml:"is>t"`
			Formula *string `xml:"f"`
		} `xml:"c"`
	} `xml:"sheetData>row"`
	AutoFilter struct {
		Ref string `xml:"ref,attr"`
	} `xml:"autoFilter"`
}

// The sheet part holds what the spreadsheet applications rely on: a frozen
// header, the autofilter, widths, cells typed and styled, no formulas.
func TestSheetXML(t *testing.T) {
	var ws worksheet
	decode(t, unzip(t, write(t, sample(t))), "xl/worksheets/sheet1.xml", &ws)
	if ws.Dimension.Ref != "A1:E7" || ws.AutoFilter.Ref != "A1:E6" {
		t.Errorf("dimension %q, autofilter %q; want A1:E7, A1:E6", ws.Dimension.Ref, ws.AutoFilter.Ref)
	}
	if ws.Pane.YSplit != "1" || ws.Pane.TopLeft != "A2" || ws.Pane.State != "frozen" {
		t.Errorf("pane %+v, want the first row frozen", ws.Pane)
	}
	var widths []string
	for _, c := range ws.Cols {
		widths = append(widths, c.Min+":"+c.Width)
	}
	// Excel's stored width: characters of 7 pixels plus 5 pixels of padding.
	if diff := cmp.Diff([]string{"1:40.7109375", "2:6.7109375", "3:14.7109375", "4:11.7109375", "5:17.7109375"}, widths); diff != "" {
		t.Errorf("column widths (-want +got):\n%s", diff)
	}
	var cells []string
	for _, r := range ws.Rows {
		for _, c := range r.Cells {
			if c.Formula != nil {
				t.Errorf("%s has a formula", c.R)
			}
			cells = append(cells, strings.Join([]string{c.R, c.S, c.T, c.V + c.Text}, " "))
		}
	}
	want := []string{
		"A1 1 inlineStr Услуга", "B1 1 inlineStr №", "C1 1 inlineStr Сумма, ₽", "D1 1 inlineStr Дата", "E1 1 inlineStr Выдан",
		`A2  inlineStr =HYPERLINK("x")`, "B2 2  1", "C2 3  1234567.89", "D2 4  46086", "E2 5  46086.587488425925",
		`A3  inlineStr <&>"'`, "B3 2  2", "C3 3  -0.05", "D3 4  46023", "E3 5  46023.0625",
		"A4  inlineStr Ремонт обуви\tи\nсумок _x005F_x0041_", "B4 2  3", "C4 3  0.00",
		"A5  inlineStr +7 900", "B5 2  4", "C5 3  0.01",
		"A6  inlineStr @A1",
		"A7 1 inlineStr Итого", "C7 6  1234567.85",
	}
	if diff := cmp.Diff(want, cells); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
}

func unzip(t testing.TB, b []byte) map[string][]byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		parts[f.Name] = data
	}
	return parts
}

func decode(t *testing.T, parts map[string][]byte, name string, v any) {
	t.Helper()
	if err := xml.Unmarshal(parts[name], v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// A value of the wrong kind, out of range or miscounted is refused, and
// the refused row leaves nothing behind.
func TestRowErrors(t *testing.T) {
	cols := []xlsx.Column{{Title: "Текст"}, {Title: "Число", Kind: xlsx.Integer}, {Title: "Сумма", Kind: xlsx.Money}, {Title: "Дата", Kind: xlsx.Date}}
	day := time.Date(2026, 3, 5, 0, 0, 0, 0, shared.Moscow)
	for _, tc := range []struct {
		name string
		row  []any
	}{
		{"number as text", []any{5, 1, 1, day}},
		{"time as text", []any{day, 1, 1, day}},
		{"named string as integer", []any{"a", shared.Kopecks(1).String(), 1, day}},
		{"text as integer", []any{"a", "1", 1, day}},
		{"float as integer", []any{"a", 1.0, 1, day}},
		{"float as money", []any{"a", 1, 12.5, day}},
		{"string as date", []any{"a", 1, 1, "2026-03-05"}},
		{"zero date", []any{"a", 1, 1, time.Time{}}},
		{"before 1 March 1900", []any{"a", 1, 1, time.Date(1900, 2, 28, 0, 0, 0, 0, time.UTC)}},
		{"16 digits", []any{"a", int64(1e15), 1, day}},
		{"money of 16 digits", []any{"a", 1, int64(-1e15), day}},
		{"uint64 overflow", []any{"a", uint64(1 << 63), 1, day}},
		{"too few values", []any{"a", 1, 1}},
		{"too many values", []any{"a", 1, 1, day, nil}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := xlsx.New(time.Time{})
			s := w.Sheet("Лист", cols)
			if err := s.Row(tc.row...); err == nil {
				t.Fatalf("Row(%#v) took it", tc.row)
			}
			if err := s.Row("ok", 1, 1, day); err != nil {
				t.Fatal(err)
			}
			var ws worksheet
			decode(t, unzip(t, write(t, w)), "xl/worksheets/sheet1.xml", &ws)
			if len(ws.Rows) != 2 || ws.Rows[1].R != "2" {
				t.Errorf("rows %+v, want the header and row 2", ws.Rows)
			}
		})
	}

	w := xlsx.New(time.Time{})
	s := w.Sheet("Лист", cols)
	if err := s.TotalRow("Итого"); err != nil {
		t.Fatal(err)
	}
	if err := s.Row("a", 1, 1, day); err == nil {
		t.Error("a row after the total row was taken")
	}
	if err := s.TotalRow("Итого"); err == nil {
		t.Error("a second total row was taken")
	}
	if err := xlsx.New(time.Time{}).Write(io.Discard); err == nil {
		t.Error("a workbook without sheets was written")
	}
}

// Sheet names come out as Excel accepts them.
func TestSheetNames(t *testing.T) {
	for _, tc := range []struct {
		name       string
		give, want []string
	}{
		{"forbidden characters", []string{`Чеки: март/2026`, `[a]*?\b`}, []string{"Чеки_ март_2026", "_a____b"}},
		{"apostrophes and spaces at the ends", []string{" 'Отчёт' ", "Д'Артаньян"}, []string{"Отчёт", "Д'Артаньян"}},
		{"31 characters", []string{strings.Repeat("Я", 40), strings.Repeat("😀", 16)}, []string{strings.Repeat("Я", 31), strings.Repeat("😀", 15)}},
		{"empty and reserved", []string{"", "\x01", "history"}, []string{"Sheet1", "Sheet2", "Sheet3"}},
		{"taken, ignoring case", []string{"Лист", "ЛИСТ", "лист", strings.Repeat("ж", 31), strings.Repeat("Ж", 31)},
			[]string{"Лист", "ЛИСТ (2)", "лист (3)", strings.Repeat("ж", 31), strings.Repeat("Ж", 27) + " (2)"}},
		{"escape-like", []string{"a_x0041_b", "a:x0041:"}, []string{"a-x0041_b", "a-x0041_"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := xlsx.New(time.Time{})
			var got []string
			for _, n := range tc.give {
				got = append(got, w.Sheet(n, nil).Name())
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("names (-want +got):\n%s", diff)
			}
		})
	}
}

// An export of 10,000 receipts, built and written.
func BenchmarkWrite10000Rows(b *testing.B) {
	cols := []xlsx.Column{
		{Title: "Услуга", Width: 40},
		{Title: "№", Width: 6, Kind: xlsx.Integer},
		{Title: "Сумма, ₽", Width: 14, Kind: xlsx.Money},
		{Title: "Дата", Width: 11, Kind: xlsx.Date},
		{Title: "Выдан", Width: 17, Kind: xlsx.DateTime},
	}
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, shared.Moscow)
	var size int
	b.ReportAllocs()
	for b.Loop() {
		w := xlsx.New(start)
		s := w.Sheet("Чеки", cols)
		for i := range 10000 {
			at := start.Add(time.Duration(i) * 17 * time.Minute)
			if err := s.Row("Консультация по вопросам налогообложения", i+1, shared.Kopecks(150000+i), at, at); err != nil {
				b.Fatal(err)
			}
		}
		if err := s.TotalRow("Итого"); err != nil {
			b.Fatal(err)
		}
		var out bytes.Buffer
		if err := w.Write(&out); err != nil {
			b.Fatal(err)
		}
		size = out.Len()
	}
	b.ReportMetric(float64(size), "bytes/file")
}
