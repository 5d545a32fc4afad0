package e2e

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"kabinet/shared"
	"kabinet/shared/npd"
)

// The demo tax officer finds the demo payer by ИНН (a mistyped ИНН and an
// unknown one are refused next to the field), checks a bank statement in a
// dry run (one row pays the payer's overdue notice, one has a УИН nobody
// owns, one has no amount), records the payment (the payer's debt drops),
// assigns the unidentified payment to its notice, then blocks the payer
// with a reason and lifts the block.
func TestTaxOfficerPayerStatementBlock(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	if _, err := e.P.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	const inn = "123456789047" // the demo Иванов
	var uin string
	var amount int64
	if err := e.DB.NewRaw(`SELECT n.uin, n.amount FROM npd_notices n JOIN npd_payers p USING (account_id)
		WHERE p.inn = ? AND n.issued AND NOT EXISTS (SELECT 1 FROM npd_payments WHERE notice_id = n.id)
		ORDER BY n.due_date LIMIT 1`, inn).Scan(context.Background(), &uin, &amount); err != nil {
		t.Fatalf("the demo payer's notice: %v", err)
	}
	nobody := "1820000000000000001"
	nobody += strconv.Itoa(shared.UINCheckDigit(nobody))

	ctx := browser(t, desktop)
	signInStaff(t, ctx, e, "tax@example.ru")
	open(ctx, e.url+"/office")
	waitVisible(ctx, "office-desks", stepTimeout)
	shot(t, ctx, "desks")
	clickSel(ctx, `#office-desks a[href="/office/npd"]`)
	waitPath(ctx, "/office/npd", stepTimeout)
	waitVisible(ctx, "f-onpd-inn", stepTimeout)

	typeInto(ctx, "f-onpd-inn", "123456789048")
	click(ctx, "btn-onpd-search")
	waitText(ctx, "#f-onpd-inn-error", "Контрольн", stepTimeout)
	typeInto(ctx, "f-onpd-inn", "500100732259")
	click(ctx, "btn-onpd-search")
	waitText(ctx, "#f-onpd-inn-error", "не найден", stepTimeout)
	shot(t, ctx, "not-found")

	typeInto(ctx, "f-onpd-inn", inn)
	click(ctx, "btn-onpd-search")
	waitText(ctx, "#onpd-payer", "Иванов", stepTimeout)
	if p := location(ctx); !strings.HasSuffix(p, "?inn="+inn) {
		t.Errorf("the address does not keep the ИНН: %s", p)
	}
	debtBefore := waitText(ctx, "#onpd-debt", "₽", stepTimeout)
	if n := len(texts(ctx, "#ledger tbody tr")); n < 3 {
		t.Errorf("the ledger has %d rows, want the demo periods", n)
	}
	if n := len(texts(ctx, "#receipts tbody tr")); n == 0 {
		t.Error("the payer's receipts are not shown")
	}
	waitText(ctx, "#ledger", "Просрочен", stepTimeout)
	shotBoth(t, ctx, "payer")

	// A statement: the notice paid in full, a УИН of nobody's, a row with no amount.
	csv := fmt.Sprintf("Дата;Сумма;УИН;Номер документа\n02.12.2026;%s;%s;E2E-1\n02.12.2026;150,00;%s;E2E-2\n02.12.2026;;%s;E2E-3\n",
		shared.FormatRubles(shared.Kopecks(amount), true), uin, nobody, uin)
	click(ctx, "btn-statement-check")
	waitText(ctx, "#f-statement-error", "Выберите файл", stepTimeout)
	upload(t, ctx, "f-statement", "выписка.csv", []byte(csv))
	click(ctx, "btn-statement-check")
	counts := waitText(ctx, "#statement-counts", "Сопоставлено: 1", stepTimeout)
	if !strings.Contains(counts, "не найдено: 1") || !strings.Contains(counts, "с ошибками: 1") {
		t.Errorf("dry run counts: %q", counts)
	}
	waitText(ctx, "#statement-result", "ничего не записано", stepTimeout)
	lines := texts(ctx, "#statement-lines tbody tr")
	if len(lines) != 3 || !strings.Contains(lines[0], "Сопоставлен") || !strings.Contains(lines[1], "Не найден") ||
		!strings.Contains(lines[2], "Сумма: Заполните") {
		t.Errorf("dry run lines: %q", lines)
	}
	var paid int
	if err := e.DB.NewRaw("SELECT count(*) FROM npd_payments WHERE reference LIKE 'E2E-%'").Scan(context.Background(), &paid); err != nil || paid != 0 {
		t.Errorf("the dry run recorded %d payments (%v)", paid, err)
	}
	scrollTo(ctx, "statement")
	shotBoth(t, ctx, "dry-run")

	click(ctx, "btn-statement-import")
	waitText(ctx, "#statement-result", "загружена", stepTimeout)
	if err := e.DB.NewRaw("SELECT count(*) FROM npd_payments WHERE reference LIKE 'E2E-%'").Scan(context.Background(), &paid); err != nil || paid != 1 {
		t.Errorf("the import recorded %d payments (%v), want 1", paid, err)
	}
	if !until(ctx, stepTimeout, `(before) => document.querySelector("#onpd-debt")?.textContent !== before`, debtBefore) {
		t.Errorf("the payer's debt stayed %q after the payment", debtBefore)
	}
	t.Logf("debt %q → %q", debtBefore, waitText(ctx, "#onpd-debt", "₽", stepTimeout))
	scrollTo(ctx, "statement")
	shot(t, ctx, "imported")

	// The row with nobody's УИН is money received: kept as unidentified
	// until the officer assigns it to the notice it was meant for.
	waitText(ctx, "#unidentified", "E2E-2", stepTimeout)
	var unidentID string
	if err := e.DB.NewRaw("SELECT id FROM npd_unidentified WHERE reference = 'E2E-2'").Scan(context.Background(), &unidentID); err != nil {
		t.Fatal(err)
	}
	click(ctx, "btn-assign-"+unidentID[:8])
	typeInto(ctx, "f-assign-uin", "123")
	click(ctx, "btn-assign-confirm")
	waitText(ctx, "#f-assign-uin-error", "УИН", stepTimeout)
	typeInto(ctx, "f-assign-uin", nobody)
	click(ctx, "btn-assign-confirm")
	waitText(ctx, "#f-assign-uin-error", "Начисления с таким УИН нет", stepTimeout)
	scrollTo(ctx, "unidentified-title")
	shotBoth(t, ctx, "unidentified")
	typeInto(ctx, "f-assign-uin", uin)
	click(ctx, "btn-assign-confirm")
	waitText(ctx, "#onpd-notice", "E2E-2 зачтён", stepTimeout)
	waitVisible(ctx, "unidentified-none", stepTimeout)
	if err := e.DB.NewRaw("SELECT count(*) FROM npd_payments WHERE reference LIKE 'E2E-%'").Scan(context.Background(), &paid); err != nil || paid != 2 {
		t.Errorf("after the assignment %d payments (%v), want 2", paid, err)
	}

	// Block: a reason is required, then the payer is blocked with it.
	scrollTo(ctx, "onpd-status-card")
	click(ctx, "btn-onpd-block")
	waitText(ctx, "#f-onpd-reason-error", "Заполните", stepTimeout)
	typeInto(ctx, "f-onpd-reason", "Не подтверждён регион деятельности — обратитесь в инспекцию")
	click(ctx, "btn-onpd-block")
	waitText(ctx, "#onpd-status", "Заблокирован", stepTimeout)
	waitText(ctx, "#onpd-summary", "Не подтверждён регион", stepTimeout)
	waitVisible(ctx, "onpd-notice", stepTimeout)
	shotBoth(t, ctx, "blocked")
	var status string
	if err := e.DB.NewRaw("SELECT status FROM npd_payers WHERE inn = ?", inn).Scan(context.Background(), &status); err != nil || status != npd.StatusBlocked {
		t.Errorf("payer status %q (%v), want blocked", status, err)
	}
	click(ctx, "btn-onpd-unblock")
	waitText(ctx, "#onpd-status", "Действует", stepTimeout)
}

// With more unidentified payments than a list carries, the desk says so
// above the rows, not after the 500th; the caption counts all of them;
// «Зачесть» far down the list opens its dialog where the officer is, and
// an assigned payment makes room for the next one.
func TestUnidentifiedPaymentsOverTheLimit(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	if _, err := e.P.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	const all = npd.UnidentifiedShown + 20
	// Oldest first: ВЫП-0001 … ВЫП-0520, a minute apart.
	if _, err := e.DB.NewRaw(`INSERT INTO npd_unidentified (paid_on, amount, uin, reference, created_at)
		SELECT date '2026-11-01' + (i % 28), 10000 + i * 137, '1820000000000000' || lpad(i::text, 4, '0'), 'ВЫП-' || lpad(i::text, 4, '0'),
			now() - (? - i) * interval '1 minute'
		FROM generate_series(1, ?) i`, all+1, all).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	var uin string
	if err := e.DB.NewRaw(`SELECT n.uin FROM npd_notices n WHERE n.issued AND NOT EXISTS (SELECT 1 FROM npd_payments WHERE notice_id = n.id)
		ORDER BY n.due_date LIMIT 1`).Scan(context.Background(), &uin); err != nil {
		t.Fatalf("a demo notice: %v", err)
	}

	ctx := browser(t, desktop)
	signInStaff(t, ctx, e, "tax@example.ru")
	open(ctx, e.url+"/office/npd")
	waitVisible(ctx, "unidentified", stepTimeout)
	if n := len(texts(ctx, "#unidentified tbody tr")); n != npd.UnidentifiedShown {
		t.Errorf("the desk lists %d payments, want %d", n, npd.UnidentifiedShown)
	}
	waitText(ctx, "#unidentified-more", fmt.Sprintf("Показаны %d самых старых из %d", npd.UnidentifiedShown, all), stepTimeout)
	if !mustJS[bool](t, ctx, `!!(document.getElementById("unidentified-more").compareDocumentPosition(document.getElementById("unidentified")) & Node.DOCUMENT_POSITION_FOLLOWING)`) {
		t.Error("«показаны … из …» comes after the 500 rows")
	}
	waitText(ctx, "#unidentified", fmt.Sprintf("Невыясненные платежи: %d на сумму", all), stepTimeout)
	scrollTo(ctx, "unidentified-more")
	shotBoth(t, ctx, "over-the-limit")

	// «Зачесть» on the 300th row: the dialog opens over it, the page stays.
	var id string
	if err := e.DB.NewRaw("SELECT id FROM npd_unidentified WHERE reference = 'ВЫП-0300'").Scan(context.Background(), &id); err != nil {
		t.Fatal(err)
	}
	scrollTo(ctx, "btn-assign-"+id[:8])
	before := mustJS[float64](t, ctx, `window.scrollY`)
	click(ctx, "btn-assign-"+id[:8])
	if !until(ctx, stepTimeout, `() => document.getElementById("onpd-assign").open && document.activeElement.id === "f-assign-uin"`) {
		t.Fatal("«Зачесть» did not open the dialog with the УИН field focused")
	}
	waitText(ctx, "#onpd-assign", "Зачесть платёж ВЫП-0300", stepTimeout)
	waitText(ctx, "#assign-payment", "18200000000000000300", stepTimeout)
	if after := mustJS[float64](t, ctx, `window.scrollY`); after != before {
		t.Errorf("the page scrolled from %v to %v when the dialog opened", before, after)
	}
	typeInto(ctx, "f-assign-uin", "0") // a payment's УИН may be 0, a notice's may not
	click(ctx, "btn-assign-confirm")
	waitText(ctx, "#f-assign-uin-error", "УИН начисления — это 20 или 25 цифр", stepTimeout)
	shotBoth(t, ctx, "assign-dialog")
	for _, v := range runAxe(t, ctx, axeScript(t)) {
		t.Errorf("the dialog open: %s [%s] on %d element(s): %s\n    %s", v.ID, v.Impact, v.Nodes, v.Help, strings.Join(v.Targets, "\n    "))
	}
	click(ctx, "btn-assign-cancel")
	if !until(ctx, stepTimeout, `() => !document.getElementById("onpd-assign").open`) {
		t.Fatal("«Отменить» did not close the dialog")
	}
	// Back at the row: its button on screen and focused, as before.
	back := fmt.Sprintf(`((b) => { const r = b.getBoundingClientRect(); return document.activeElement === b && r.top >= 0 && r.bottom <= innerHeight; })(document.getElementById(%q))`, "btn-assign-"+id[:8])
	if !mustJS[bool](t, ctx, back) {
		t.Error("after «Отменить» the row's «Зачесть» is not on screen and focused")
	}

	// Assigned, the payment leaves the list and the 501st takes its place.
	click(ctx, "btn-assign-"+id[:8])
	typeInto(ctx, "f-assign-uin", uin)
	click(ctx, "btn-assign-confirm")
	waitText(ctx, "#onpd-notice", "ВЫП-0300 зачтён", stepTimeout)
	waitText(ctx, "#unidentified-more", fmt.Sprintf("Показаны %d самых старых из %d", npd.UnidentifiedShown, all-1), stepTimeout)
	waitText(ctx, "#unidentified", "ВЫП-0501", stepTimeout)
}
