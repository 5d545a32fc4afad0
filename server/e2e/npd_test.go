package e2e

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kabinet/shared"
	"kabinet/shared/i18n"
)

// A confirmed person becomes self-employed (a forbidden activity is
// refused by name), issues a receipt to an individual and one to an
// organisation, annuls one with a legal reason, and its public check page
// says «Аннулирован». (Money is written with no-break spaces: «6 000,00 ₽».)
func TestSelfEmployedReceipts(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	e.seedDemo()
	ctx := browser(t, desktop)
	// Without a second factor the cabinet stays closed and says why.
	open(ctx, e.url+"/login")
	typeInto(ctx, "f-login", "ivan@example.ru")
	typeInto(ctx, "f-password", demoPassword)
	click(ctx, "btn-login")
	waitPath(ctx, "/cabinet", stepTimeout)
	click(ctx, "link-cabinet-npd")
	waitVisible(ctx, "npd-need-factor", stepTimeout)
	shot(t, ctx, "need-factor")
	click(ctx, "btn-logout")
	waitPath(ctx, "/login", stepTimeout)

	secret := appFor(t, e, "ivan@example.ru", demoPassword)
	signInWithApp(t, ctx, e.url, "ivan@example.ru", demoPassword, secret)
	click(ctx, "link-cabinet-npd")
	waitPath(ctx, "/npd", stepTimeout)
	waitVisible(ctx, "form-npd-register", stepTimeout)
	typeInto(ctx, "f-region", "77")
	click(ctx, "f-activity-it")
	click(ctx, "f-activity-resale")
	shot(t, ctx, "register")
	click(ctx, "btn-npd-register")
	waitText(ctx, "#f-activities-error", "Перепродажа товаров", stepTimeout)
	shot(t, ctx, "forbidden")
	click(ctx, "f-activity-resale")
	click(ctx, "btn-npd-register")
	waitVisible(ctx, "npd-notice", stepTimeout)
	waitText(ctx, "#npd-deduction", "10\u00a0000", stepTimeout)

	// Two lines: 150 000 ₽ and 2 × 25 000 ₽.
	typeInto(ctx, "f-item-name", "Разработка сайта")
	typeInto(ctx, "f-item-sum", "150 000")
	click(ctx, "btn-item-add")
	waitVisible(ctx, "f-item-name-2", stepTimeout)
	typeInto(ctx, "f-item-name-2", "Настройка хостинга")
	typeInto(ctx, "f-item-qty-2", "0")
	typeInto(ctx, "f-item-sum-2", "25 000")
	before := requests(ctx, "POST", "/npd/receipts")
	click(ctx, "btn-receipt")
	waitVisible(ctx, "f-item-qty-2-error", stepTimeout)
	if requests(ctx, "POST", "/npd/receipts") != before {
		t.Error("a quantity of 0 went to the server")
	}
	typeInto(ctx, "f-item-qty-2", "2")
	waitText(ctx, "#item-sum-2", "50\u00a0000,00", stepTimeout)
	waitText(ctx, "#receipt-total", "200\u00a0000,00", stepTimeout)
	shotBoth(t, ctx, "two-lines")
	click(ctx, "btn-receipt")
	waitText(ctx, "#npd-notice", "6\u00a0000,00", stepTimeout)
	if isVisible(ctx, "f-item-name-2") {
		t.Error("the form kept the second line after the receipt")
	}
	click(ctx, "f-buyer-business")
	typeInto(ctx, "f-item-name", "Консультация")
	typeInto(ctx, "f-item-sum", "100 000")
	typeInto(ctx, "f-buyer-inn", "7707280242") // liquidated: said at once, from the registry
	waitText(ctx, "#f-buyer-inn-error", "ликвидирована", stepTimeout)
	typeInto(ctx, "f-buyer-inn", "7707083894")
	n := requests(ctx, "POST", "/npd/receipts")
	click(ctx, "btn-receipt")
	waitVisible(ctx, "f-buyer-inn-error", stepTimeout) // the check digit, before any request
	if requests(ctx, "POST", "/npd/receipts") != n {
		t.Error("a wrong ИНН went to the server")
	}
	typeInto(ctx, "f-buyer-inn", "7707083893")
	waitText(ctx, "#buyer-found", "ПАО Сбербанк", stepTimeout)
	waitText(ctx, "#buyer-found", "ОГРН 1027700132195", stepTimeout)
	shot(t, ctx, "buyer-found")
	click(ctx, "btn-receipt")
	waitText(ctx, "#npd-notice", "4\u00a0000,00", stepTimeout)
	waitText(ctx, "#npd-deduction", "6\u00a0000", stepTimeout)
	shotBoth(t, ctx, "receipts")

	number := strings.TrimSpace(texts(ctx, "#receipts tbody tr:first-child a")[0])
	click(ctx, "btn-annul-"+number)
	waitVisible(ctx, "form-annul", stepTimeout)
	click(ctx, "f-reason-refund")
	click(ctx, "btn-annul-confirm")
	waitText(ctx, "#npd-notice", "аннулирован", stepTimeout)
	waitText(ctx, "#npd-deduction", "8\u00a0000", stepTimeout)

	// A third receipt, to a foreign organisation: 6 %, 2 % of it from the
	// deduction (the 2 000 ₽ of the annulled one came back).
	click(ctx, "f-buyer-foreign")
	typeInto(ctx, "f-item-name", "Перевод документации")
	typeInto(ctx, "f-item-sum", "50 000")
	click(ctx, "btn-receipt")
	waitText(ctx, "#f-buyer-name-error", "Заполните", stepTimeout) // whom: as in the contract
	typeInto(ctx, "f-buyer-name", "Acme Translations Ltd")
	click(ctx, "btn-receipt")
	waitText(ctx, "#npd-notice", "2 000,00", stepTimeout)
	// Income, the running tax and the limit, with the chart of the year.
	waitText(ctx, "#npd-year", "250 000,00", stepTimeout)
	waitText(ctx, "#npd-month-tax", "8 000,00", stepTimeout)
	waitText(ctx, "#npd-limit", "10 %", stepTimeout)
	if bars, _ := js[int](ctx, `document.querySelectorAll("#npd-chart rect").length`); bars != 12 {
		t.Errorf("the chart has %d bars, want 12 months", bars)
	}
	scrollTo(ctx, "npd-figures")
	shotBoth(t, ctx, "home")

	// The income: the year by month, a month by day, a day's receipts.
	click(ctx, "subnav-income")
	waitPath(ctx, "/npd/income", stepTimeout)
	waitText(ctx, "#income-total", "250\u00a0000,00", stepTimeout)
	today := time.Now().In(shared.Moscow)
	waitText(ctx, "#income-table", monthName(today), stepTimeout)
	shotBoth(t, ctx, "income-year")
	click(ctx, "link-month-"+today.Format("2006-01"))
	waitText(ctx, "#income-period", monthName(today), stepTimeout)
	waitText(ctx, "#income-total", "250\u00a0000,00", stepTimeout)
	if bars, _ := js[int](ctx, `document.querySelectorAll("#income-chart rect").length`); bars < 28 {
		t.Errorf("the month's chart has %d bars, want its days", bars)
	}
	shotBoth(t, ctx, "income-month")
	click(ctx, "link-day-"+today.Format(time.DateOnly))
	waitPath(ctx, "/npd/receipts", stepTimeout)
	waitText(ctx, "#npd-found", "3", stepTimeout) // the annulled one too, marked

	open(ctx, e.url+"/r/"+number)
	waitText(ctx, "#receipt-annulled", "Возврат средств", stepTimeout)
	waitText(ctx, "#receipt", "Иванов Иван Иванович", stepTimeout)
	waitVisible(ctx, "receipt-qr-img", stepTimeout)
	if got := scanImage(t, ctx, "receipt-qr-img"); got != e.url+"/r/"+number {
		t.Errorf("the check page's QR reads %q", got)
	}
	shotBoth(t, ctx, "public-annulled")

	// The receipts: filtered, and exported as a spreadsheet.
	open(ctx, e.url+"/npd/receipts")
	waitText(ctx, "#npd-found", "3", stepTimeout)
	click(ctx, "f-fstatus-annulled")
	click(ctx, "btn-filter")
	waitText(ctx, "#npd-found", "Найдено чеков: 1", stepTimeout)
	scrollTo(ctx, "receipts")
	shotBoth(t, ctx, "receipts-filtered")
	xlsx, kind := download(t, ctx, "link-export-xlsx")
	if !strings.HasPrefix(kind, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") || !zipHas(t, xlsx, "xl/workbook.xml") {
		t.Errorf("the spreadsheet: %s, %d bytes", kind, len(xlsx))
	}

	// A certificate of income, and its public verification.
	open(ctx, e.url+"/npd/documents")
	waitVisible(ctx, "form-cert", stepTimeout)
	click(ctx, "btn-cert")
	waitVisible(ctx, "docs-notice", stepTimeout)
	waitVisible(ctx, "link-doc-0", stepTimeout)
	shotBoth(t, ctx, "documents")
	cert, kind := download(t, ctx, "link-doc-0")
	if kind != "application/pdf" || !strings.HasPrefix(string(cert), "%PDF-") {
		t.Fatalf("the certificate: %s, %q…", kind, cert[:min(len(cert), 8)])
	}
	click(ctx, "link-verify-0")
	waitVisible(ctx, "verify-genuine", stepTimeout)
	waitText(ctx, "#verify-doc", "КНД 1122036", stepTimeout)
	upload(t, ctx, "f-verify-file", "document.pdf", cert)
	click(ctx, "btn-verify")
	waitText(ctx, "#verify-result", "не изменён", stepTimeout)
	shotBoth(t, ctx, "verified")

	// Paying the running period's tax ahead, by the ГОСТ Р 56042 QR code.
	open(ctx, e.url+"/npd/tax")
	waitVisible(ctx, "ledger", stepTimeout)
	click(ctx, "btn-advance")
	waitVisible(ctx, "pay-qr", stepTimeout)
	payload := scanImage(t, ctx, "pay-qr")
	if !strings.HasPrefix(payload, "ST00012|Name=") || !strings.Contains(payload, "|Sum=800000|") || !strings.Contains(payload, "|UIN=0|") ||
		!strings.Contains(payload, "|PayerINN=123456789047|") {
		t.Errorf("the payment QR reads %q", payload)
	}
	shotBoth(t, ctx, "ledger")
	scrollTo(ctx, "npd-pay")
	shotBoth(t, ctx, "pay")

	// Notifications: a category switched off with one button.
	open(ctx, e.url+"/notifications")
	waitVisible(ctx, "btn-pref-npd-limit", stepTimeout)
	click(ctx, "btn-pref-npd-limit")
	waitText(ctx, "#pref-state-npd-limit", "Отключено", stepTimeout)
	shotBoth(t, ctx, "notifications")

	// Deregistering takes a reason; the home then says why and what now.
	open(ctx, e.url+"/npd")
	waitVisible(ctx, "btn-dereg", stepTimeout)
	click(ctx, "btn-dereg")
	click(ctx, "btn-dereg-confirm")
	waitVisible(ctx, "f-dereg-reason-error", stepTimeout)
	typeInto(ctx, "f-dereg-reason", "Перехожу на УСН")
	click(ctx, "btn-dereg-confirm")
	waitText(ctx, "#npd-status-why", "Перехожу на УСН", stepTimeout)
	waitText(ctx, "#npd-status-tag", "Снят с учёта", stepTimeout)
	if isVisible(ctx, "form-receipt") {
		t.Error("a deregistered person is offered a new receipt")
	}
	shotBoth(t, ctx, "deregistered")
}

// download fetches what the link leads to, as the browser would (with the
// session's cookie): its bytes and its Content-Type.
// monthName is the name of the month of day as the income page writes it
// («декабрь 2026»).
func monthName(day time.Time) string {
	return i18n.T(i18n.RU, "month."+strconv.Itoa(int(day.Month()))) + " " + strconv.Itoa(day.Year())
}

func download(t *testing.T, ctx context.Context, id string) ([]byte, string) {
	t.Helper()
	out, err := js[[]string](ctx, `(async () => {
		const r = await fetch(document.getElementById(`+strconv.Quote(id)+`).href);
		const b = new Uint8Array(await r.arrayBuffer());
		let s = ""; for (const c of b) s += String.fromCharCode(c);
		return [btoa(s), r.headers.get("Content-Type") || "", String(r.status)];
	})()`)
	if err != nil || len(out) != 3 || out[2] != "200" {
		t.Fatalf("download %s: %v %v", id, out, err)
	}
	b, err := base64.StdEncoding.DecodeString(out[0])
	if err != nil {
		t.Fatal(err)
	}
	return b, out[1]
}

// upload chooses the file (written to a temporary file of that name) in
// the file input.
func upload(t *testing.T, ctx context.Context, id, name string, body []byte) {
	t.Helper()
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, body, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := within(ctx, stepTimeout, func(c context.Context) error {
		return chromedp.Do(c, chromedp.SetUploadFiles(chromedp.ID(id), []string{file}))
	}); err != nil {
		t.Fatalf("upload to %s: %v", id, err)
	}
}

func zipHas(t *testing.T, b []byte, name string) bool {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return false
	}
	for _, f := range z.File {
		if f.Name == name {
			return true
		}
	}
	return false
}
