package e2e

import (
	"strings"
	"testing"
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

	typeInto(ctx, "f-item-name", "Разработка сайта")
	typeInto(ctx, "f-item-sum", "200 000")
	click(ctx, "btn-receipt")
	waitText(ctx, "#npd-notice", "6\u00a0000,00", stepTimeout)
	click(ctx, "f-buyer-business")
	typeInto(ctx, "f-item-name", "Консультация")
	typeInto(ctx, "f-item-sum", "100 000")
	typeInto(ctx, "f-buyer-inn", "7707083894")
	typeInto(ctx, "f-buyer-name", "ПАО Сбербанк")
	n := requests(ctx, "POST", "/npd/receipts")
	click(ctx, "btn-receipt")
	waitVisible(ctx, "f-buyer-inn-error", stepTimeout) // the check digit, before any request
	if requests(ctx, "POST", "/npd/receipts") != n {
		t.Error("a wrong ИНН went to the server")
	}
	typeInto(ctx, "f-buyer-inn", "7707083893")
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

	open(ctx, e.url+"/r/"+number)
	waitText(ctx, "#receipt-annulled", "Возврат средств", stepTimeout)
	waitText(ctx, "#receipt", "Иванов Иван Иванович", stepTimeout)
	shotBoth(t, ctx, "public-annulled")
}
