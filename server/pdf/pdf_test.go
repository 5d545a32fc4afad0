package pdf

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The tests read the PDF back with the tools a person's viewer is built
// on: poppler's pdftotext and pdftoppm, and zbarimg as a phone's camera.

// tool finds an external program; a missing one skips the test, except
// in CI (CI=true), where it fails it.
func tool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	msg := fmt.Sprintf("%s is missing: `make deps-test` installs Debian's poppler-utils and zbar-tools", name)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// run runs a tool on the PDF bytes (written to a file) and returns its
// standard output.
func run(t *testing.T, doc []byte, name string, args ...string) string {
	t.Helper()
	bin := tool(t, name)
	file := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(file, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, append(args, file, "-")...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out)
}

// text is what pdftotext -layout reads from doc, one string per page.
func text(t *testing.T, doc []byte) []string {
	t.Helper()
	pages := strings.Split(run(t, doc, "pdftotext", "-layout"), "\f")
	return pages[:len(pages)-1] // the text ends with a form feed
}

// squash collapses runs of white space, so that a line wrapped in the PDF
// still matches.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// scanPage1 renders the first page at 150 dpi and returns the QR codes
// zbarimg reads on it.
func scanPage1(t *testing.T, doc []byte) []string {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(file, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	ppm, zbar := tool(t, "pdftoppm"), tool(t, "zbarimg")
	if out, err := exec.Command(ppm, "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", file, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	out, err := exec.Command(zbar, "--raw", "-q", filepath.Join(dir, "page.png")).Output()
	if err != nil {
		t.Fatalf("zbarimg found no QR code on page 1: %v", err)
	}
	return strings.Split(strings.TrimRight(string(out), "\n"), "\n")
}

const (
	verifyURL = "https://kabinet.example/v/1122036-2026-000042?h=3f9a1c"
	paymentQR = "ST00012|Name=УФК по г. Москве (ИФНС России № 1)|PersonalAcc=03100643000000017300|BankName=ГУ Банка России по ЦФО|BIC=004525988|Sum=123456"
)

var issued = time.Date(2026, 3, 15, 10, 30, 0, 0, time.FixedZone("MSK", 3*60*60))

// certificate is a КНД 1122036-like document with a table of n receipts.
func certificate(n int) Doc {
	rows := make([][]string, n)
	for i := range rows {
		rows[i] = []string{strconv.Itoa(i + 1), fmt.Sprintf("%02d.03.2026", i%28+1),
			fmt.Sprintf("Чек № 20%07d — консультационные услуги по вопросам учёта, строка %d", i+1, i+1),
			"1\u00a0000,00\u00a0₽"}
	}
	return Doc{
		Title:    "Справка о состоянии расчётов (доходах) по налогу на профессиональный доход",
		Subtitle: "КНД 1122036",
		Number:   "1122036-2026-000042",
		Issued:   issued,
		Blocks: []Block{
			Heading{Text: "Сведения о налогоплательщике"},
			Fields{Rows: [][2]string{
				{"Фамилия, имя, отчество", "Иванова Мария Сергеевна"},
				{"ИНН", "771234567897"},
				{"Адрес", "Российская Федерация, г. Москва, ул. Большая Полянка, д. 7/10, строение 3, квартира 125 (вход со двора)"},
			}},
			Para{Text: "Справка сформирована по данным, имеющимся в налоговом органе на дату формирования. Суммы указаны в рублях."},
			QR{Text: paymentQR, Caption: "Отсканируйте код в приложении банка, чтобы оплатить налог", Size: 35},
			Heading{Text: "Доходы за период"},
			Table{
				Head:   []string{"№", "Дата", "Наименование", "Сумма"},
				Rows:   rows,
				Widths: []float64{1, 2, 8, 3},
				Right:  []bool{true, false, false, true},
				Total:  []string{"", "", "Итого", fmt.Sprintf("%d\u00a0000,00\u00a0₽", n)},
			},
		},
		VerifyURL: verifyURL,
		Footer:    "Документ сформирован в электронном виде в Кабинете и не требует подписи.",
	}
}

func render(t testing.TB, d Doc) []byte {
	t.Helper()
	b, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A long certificate reads back: the Cyrillic title, a field, the table's
// last row on the last page, the head repeated on every page of the table,
// the page numbers and the verification line.
func TestRenderText(t *testing.T) {
	d := certificate(120)
	pages := text(t, render(t, d))
	if len(pages) < 3 {
		t.Fatalf("a 120-row table should take at least 3 pages, got %d", len(pages))
	}
	all := squash(strings.Join(pages, "\n"))
	last := squash(pages[len(pages)-1])
	for _, tc := range []struct{ name, in, want string }{
		{"title", all, squash(d.Title)},
		{"subtitle", squash(pages[0]), "КНД 1122036"},
		{"number", squash(pages[0]), "№ 1122036-2026-000042 от 15.03.2026"},
		{"field", all, "Иванова Мария Сергеевна"},
		{"wrapped field", all, "квартира 125 (вход со двора)"},
		{"last row", last, "Чек № 200000120"},
		{"total", last, "Итого 120 000,00 ₽"},
		{"last page number", last, fmt.Sprintf("Стр. %d из %d", len(pages), len(pages))},
		{"first page number", squash(pages[0]), fmt.Sprintf("Стр. 1 из %d", len(pages))},
		{"verification", last, "Проверить подлинность: " + verifyURL},
		{"footer", last, "не требует подписи."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(tc.in, tc.want) {
				t.Errorf("%q is not in the text:\n%s", tc.want, tc.in)
			}
		})
	}
	t.Run("head on every page", func(t *testing.T) {
		for i, p := range pages[1:] {
			if !strings.Contains(p, "Наименование") {
				t.Errorf("page %d has no table head:\n%s", i+2, p)
			}
		}
	})
	t.Run("no row lost or doubled", func(t *testing.T) {
		for i := 1; i <= 120; i++ {
			if n := strings.Count(all, fmt.Sprintf("строка %d ", i)); n != 1 {
				t.Errorf("row %d printed %d times", i, n)
			}
		}
	})
}

// A phone scanning page 1 reads the verification link and the payment
// code exactly.
func TestRenderQR(t *testing.T) {
	codes := scanPage1(t, render(t, certificate(120)))
	for _, want := range []string{verifyURL, paymentQR} {
		found := false
		for _, c := range codes {
			found = found || c == want
		}
		if !found {
			t.Errorf("QR %q not read on page 1; zbarimg read %q", want, codes)
		}
	}
}

// The same Doc gives the same bytes, dated Issued.
func TestRenderDeterministic(t *testing.T) {
	d := certificate(120)
	first := render(t, d)
	for i := range 3 {
		if again := render(t, d); !bytes.Equal(first, again) {
			t.Fatalf("render %d differs from the first (%d and %d bytes)", i+2, len(first), len(again))
		}
	}
	if !bytes.Contains(first, []byte("/CreationDate (D:20260315103000)")) {
		t.Error("the creation date is not Issued")
	}
	d.Issued = d.Issued.Add(24 * time.Hour)
	if bytes.Equal(first, render(t, d)) {
		t.Error("another Issued gives the same bytes")
	}
}

// Awkward input renders, readable and inside the page: an empty table, a
// table with nothing at all, a word longer than a line everywhere, text
// fpdf cannot encode.
func TestRenderAwkward(t *testing.T) {
	long := strings.Repeat("Оченьдлинноеслово", 30) // ~2× a line's width, no space
	d := Doc{
		Title:  "Выписка " + long,
		Issued: issued,
		Blocks: []Block{
			Table{Head: []string{"Дата", "Операция", "Сумма"}},
			Table{},
			Fields{Rows: [][2]string{{"Назначение", long}, {"", ""}}},
			Para{Text: long},
			Para{Text: "Смайлик 😀, нуль \x00, табуляция\tи\r\nперевод строки"},
			Table{Head: []string{"A"}, Rows: [][]string{{long}, {"", "лишняя ячейка"}}, Widths: []float64{0}},
			Para{},
			Heading{},
		},
		Footer: long,
	}
	doc := render(t, d)
	all := strings.ReplaceAll(squash(strings.Join(text(t, doc), "")), " ", "")
	for _, want := range []string{"Оченьдлинноеслово", "Операция", "лишняяячейка", "Смайлик", "табуляцияи", "переводстроки"} {
		if !strings.Contains(all, want) {
			t.Errorf("%q is not in the text:\n%s", want, all)
		}
	}
	if n := strings.Count(all, "Оченьдлинноеслово"); n < 5*30 {
		t.Errorf("the long word is printed %d times of %d: cut off?", n/30, 5)
	}

	// Every word pdftotext finds lies within the page's margins.
	right := (pageWidth - marginRight + 0.5) / 25.4 * 72
	re := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"`)
	words := re.FindAllStringSubmatch(run(t, doc, "pdftotext", "-bbox"), -1)
	if len(words) == 0 {
		t.Fatal("pdftotext -bbox found no words")
	}
	for _, m := range words {
		if xMax, _ := strconv.ParseFloat(m[2], 64); xMax > right {
			t.Errorf("a word ends at %.1fpt, past the right margin (%.1fpt)", xMax, right)
		}
	}
}

func TestRenderNeedsIssued(t *testing.T) {
	if _, err := Render(Doc{Title: "Чек"}); err == nil {
		t.Error("a Doc without Issued rendered")
	}
}

// BenchmarkRender renders a two-page certificate.
func BenchmarkRender(b *testing.B) {
	d := certificate(30)
	pages := bytes.Count(render(b, d), []byte("/Type /Page\n"))
	if pages != 2 {
		b.Fatalf("the benchmark document has %d pages, want 2", pages)
	}
	for b.Loop() {
		if _, err := Render(d); err != nil {
			b.Fatal(err)
		}
	}
}
