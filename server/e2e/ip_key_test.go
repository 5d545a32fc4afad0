package e2e

import (
	"strings"
	"testing"
	"time"
)

// The demo ИП Иванов, whose browser keeps a «Ключ Кабинета» (made by
// signing a document of «Мои документы», as TestDocumentsSignSendAndDecide
// does), signs Р24001 with it on «Проверьте ответы» and submits it; the
// registry officer's desk shows the key signature, checked again as the
// filing opens.
func TestIPFilingSignedWithKey(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e, ctx, secret := demoIPSignedIn(t)

	// The key: made and certified on a document's card.
	uploadDocument(t, ctx, e.url, "Справка.pdf", pdfBytes("certificate"))
	clickSel(ctx, "#docs a")
	waitVisible(ctx, "doc-summary", stepTimeout)
	click(ctx, "btn-sign-key")
	if !until(ctx, 2*stepTimeout, `() => document.getElementById("sign-done") || document.querySelector("#stepup-dialog[open]")`) {
		t.Fatal("signing with the key neither finished nor asked for a step-up")
	}
	if ok, _ := js[bool](ctx, `!!document.querySelector("#stepup-dialog[open]")`); ok {
		typeInto(ctx, "f-stepup-code", totpCode(t, secret, time.Now().Add(30*time.Second)))
		click(ctx, "btn-stepup-confirm")
	}
	waitVisible(ctx, "sign-done", 2*stepTimeout)

	// Р24001 adding an ОКВЭД code, signed with the key.
	open(ctx, e.url+"/ip")
	waitText(ctx, "#ip-record-status", "Действующий", stepTimeout)
	click(ctx, "btn-ip-start-P24001")
	filing := waitPrefix(ctx, "/ip/filings/")
	waitText(ctx, "#h1", "Какие виды деятельности", stepTimeout)
	typeInto(ctx, "f-okved-q", "73.11")
	click(ctx, "btn-okved-add-73-11")
	waitVisible(ctx, "okved-chosen-73-11", stepTimeout)
	click(ctx, "btn-ip-continue")
	waitText(ctx, "#h1", "паспортные данные", stepTimeout)
	click(ctx, "btn-ip-continue")
	waitText(ctx, "#h1", "адрес регистрации", stepTimeout)
	click(ctx, "btn-ip-continue")
	waitText(ctx, "#h1", "Проверьте ответы", stepTimeout)
	waitText(ctx, "#btn-ip-sign-key", "Подписать Ключом Кабинета", stepTimeout)
	shotBoth(t, ctx, "key-review")
	click(ctx, "btn-ip-sign-key")
	waitText(ctx, "#ip-filing-status", "Отправлено", 2*stepTimeout)
	waitText(ctx, "main", "Ключом Кабинета", stepTimeout)
	shotBoth(t, ctx, "key-submitted")

	// The desk: the key signature, checked again on opening.
	office := browser(t, desktop)
	signInStaff(t, office, e, "registry@example.ru")
	open(office, e.url+"/office/ip/filings/"+strings.TrimPrefix(filing, "/ip/filings/"))
	waitText(office, "#oip-signature", "подпись «Ключом Кабинета»", stepTimeout)
	waitText(office, "#oip-signature", "Проверена заново при открытии", stepTimeout)
	shotBoth(t, office, "key-desk")
}
