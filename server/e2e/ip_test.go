package e2e

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"strings"
	"testing"
	"time"
)

// scanPNG is a small PNG to attach as a passport scan.
func scanPNG(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// waitPrefix waits until the page's path starts with prefix and returns it.
func waitPrefix(ctx context.Context, prefix string) string {
	tabOf(ctx).t.Helper()
	if !until(ctx, stepTimeout, `(p) => location.pathname.startsWith(p) && location.pathname.length > p.length`, prefix) {
		fatalf(ctx, "expected a page under %s, but the page is %s", prefix, location(ctx))
	}
	return location(ctx)
}

// drafted waits for the draft's next save on the server (PUT …/draft).
func drafted(ctx context.Context, before int) {
	tabOf(ctx).t.Helper()
	waitResponses(ctx, "PUT", "/draft", before+1, stepTimeout)
}

// A confirmed person registers as an ИП through Р21001 (the draft
// survives a reload mid-form), signs with a step-up and submits; the
// registry officer, in a second browser, asks for additions; the person
// answers in the same thread; the officer registers; the person sees the
// cabinet with the new ОГРНИП and the record sheet, checks the data
// against ЕГРИП, and files Р24001 adding an ОКВЭД code.
func TestIPRegistration(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	e.seedDemo()
	p := e.ConfirmedPerson(41)
	ctx := browser(t, desktop)
	typeSignIn(ctx, e, p.Email, personPassword)
	typeInto(ctx, "f-code", e.TOTPCode(p.Email, p.Secret))
	click(ctx, "btn-second-factor")
	waitPath(ctx, "/cabinet", stepTimeout)

	// Not an ИП yet: the cabinet says so and offers Р21001.
	click(ctx, "link-cabinet-ip")
	waitPath(ctx, "/ip", stepTimeout)
	waitText(ctx, "#ip-closed", "Вы пока не индивидуальный предприниматель", stepTimeout)
	shotBoth(t, ctx, "not-ip")
	click(ctx, "btn-ip-register")
	filing := waitPrefix(ctx, "/ip/filings/")
	waitText(ctx, "#h1", "Ваши данные", stepTimeout)
	if v, _ := js[string](ctx, `document.getElementById("f-lastName").value`); v != "Смирнова" {
		t.Errorf("Р21001 did not start from the profile: last name %q", v)
	}
	// The step asks what it needs before going on: the place of birth.
	n := len(responses(ctx, "PUT", "/draft"))
	click(ctx, "btn-ip-continue")
	waitVisible(ctx, "error-summary", stepTimeout)
	waitText(ctx, "#error-summary", "Место рождения", stepTimeout)
	shotBoth(t, ctx, "person-error")
	typeInto(ctx, "f-birthPlace", "гор. Москва")
	click(ctx, "btn-ip-continue")
	waitText(ctx, "#h1", "Паспорт", stepTimeout)
	click(ctx, "btn-ip-continue")
	waitText(ctx, "#h1", "Адрес регистрации", stepTimeout)
	typeInto(ctx, "f-address-region", "77")
	typeInto(ctx, "f-address-text", "г. Москва, ул. Новый Арбат, д. 10, кв. 5")
	drafted(ctx, n+2) // the two steps, then what was typed
	shotBoth(t, ctx, "address")

	// A reload mid-form comes back to the same step with the same answers.
	open(ctx, e.url+filing)
	waitText(ctx, "#h1", "Адрес регистрации", stepTimeout)
	if v, _ := js[string](ctx, `document.getElementById("f-address-text").value`); !strings.Contains(v, "Новый Арбат") {
		t.Fatalf("the draft lost the address after a reload: %q", v)
	}
	click(ctx, "btn-ip-continue")
	waitText(ctx, "#h1", "Виды деятельности", stepTimeout)
	typeInto(ctx, "f-okved-q", "62.01")
	click(ctx, "btn-okved-main-62-01")
	waitVisible(ctx, "okved-chosen-62-01", stepTimeout)
	typeInto(ctx, "f-okved-q", "63.11")
	click(ctx, "btn-okved-add-63-11")
	waitVisible(ctx, "okved-chosen-63-11", stepTimeout)
	shotBoth(t, ctx, "okved")
	click(ctx, "btn-ip-continue")
	waitText(ctx, "#h1", "Режим налогообложения", stepTimeout)
	click(ctx, "f-regime-usn6")
	waitVisible(ctx, "ip-usn-notice", stepTimeout)
	shotBoth(t, ctx, "regime-usn")
	click(ctx, "btn-ip-continue")
	waitText(ctx, "#h1", "Контакты", stepTimeout)
	click(ctx, "btn-ip-continue")
	// The passport scan: a file chosen here joins «Мои документы».
	waitText(ctx, "#h1", "Скан паспорта", stepTimeout)
	click(ctx, "btn-ip-continue")
	waitText(ctx, "#error-summary", "Скан паспорта", stepTimeout)
	upload(t, ctx, "f-scan-file", "паспорт.png", scanPNG(t))
	shotBoth(t, ctx, "scan")
	click(ctx, "btn-ip-continue")
	waitText(ctx, "#h1", "Проверьте ответы", stepTimeout)
	waitText(ctx, "#answer-scan", "Приложен", stepTimeout)
	waitText(ctx, "#answer-main", "62.01", stepTimeout)
	waitText(ctx, "#answer-regime", "6 %", stepTimeout)
	shotBoth(t, ctx, "review")

	// Signing needs a fresh second factor: the step-up dialog asks for it.
	e.SetStepUp(p, 10*time.Minute)
	click(ctx, "btn-ip-sign")
	waitVisible(ctx, "f-stepup-code", stepTimeout)
	shot(t, ctx, "stepup")
	typeInto(ctx, "f-stepup-code", e.TOTPCode(p.Email, p.Secret))
	click(ctx, "btn-stepup-confirm")
	waitText(ctx, "#ip-filing-status", "Отправлено", stepTimeout)
	number := strings.TrimPrefix(waitText(ctx, "#h1", "Заявление №", stepTimeout), "Заявление № ")
	waitText(ctx, "#ip-timeline", "Отправлено", stepTimeout)
	shotBoth(t, ctx, "submitted")

	// The registry officer, in another browser, asks for additions.
	office := browser(t, desktop)
	signInStaff(t, office, e, "registry@example.ru")
	open(office, e.url+"/office/ip")
	waitText(office, "#oip-queue-table", number, stepTimeout)
	shotBoth(t, office, "queue")
	id := strings.TrimPrefix(filing, "/ip/filings/")
	click(office, "queue-"+id)
	waitText(office, "#oip-signature", "Подпись проверена", stepTimeout)
	waitText(office, "#oip-changes", "62.01", stepTimeout)
	waitText(office, "#oip-attachment", "Скан паспорта", stepTimeout)
	shotBoth(t, office, "officer-filing")
	click(office, "btn-oip-additions")
	typeInto(office, "f-text", "Уточните номер квартиры в адресе регистрации")
	click(office, "btn-oip-additions-send")
	waitText(office, "#oip-notice", "Запрос дополнений отправлен", stepTimeout)
	waitText(office, "#oip-filing-status", "Требуются дополнения", stepTimeout)

	// The person answers in the same thread.
	open(ctx, e.url+filing)
	waitText(ctx, "#ip-additions-ask", "номер квартиры", stepTimeout)
	shotBoth(t, ctx, "additions")
	typeInto(ctx, "f-text", "Квартира 5, как в паспорте")
	click(ctx, "btn-ip-answer")
	waitText(ctx, "#ip-filing-notice", "Ответ отправлен", stepTimeout)
	waitText(ctx, "#ip-filing-status", "На рассмотрении", stepTimeout)

	// The officer registers: the ЕГРИП entry and the new ОГРНИП.
	open(office, e.url+"/office/ip/filings/"+id)
	waitText(office, "#ip-timeline", "Квартира 5", stepTimeout)
	click(office, "btn-oip-register")
	note := waitText(office, "#oip-notice", "ОГРНИП", stepTimeout)
	ogrnip := strings.TrimSpace(note[strings.LastIndex(note, " ")+1:])
	if len(ogrnip) != 15 || ogrnip[0] != '3' {
		t.Fatalf("the registration gave ОГРНИП %q", ogrnip)
	}
	shotBoth(t, office, "registered")

	// The person's cabinet opens with it; the record sheet is in the
	// filing's timeline and in «Входящие».
	open(ctx, e.url+"/ip")
	waitText(ctx, "#ip-ogrnip", ogrnip, stepTimeout)
	waitText(ctx, "#ip-main-okved", "62.01", stepTimeout)
	waitText(ctx, "#ip-regime", "6 %", stepTimeout)
	shotBoth(t, ctx, "cabinet")
	open(ctx, e.url+filing)
	waitText(ctx, "#ip-filing-status", "Зарегистрировано", stepTimeout)
	waitText(ctx, "#ip-timeline a", "PDF", stepTimeout)
	open(ctx, e.url+"/notifications")
	waitText(ctx, "main", "запись внесена в ЕГРИП", stepTimeout)
	shot(t, ctx, "inbox")
	open(ctx, e.url+"/documents/incoming")
	waitText(ctx, "main", "Лист записи", stepTimeout)
	shotBoth(t, ctx, "incoming")

	// «Проверить данные»: the profile agrees with the new record.
	open(ctx, e.url+"/ip")
	typeInto(ctx, "f-ogrnip", ogrnip)
	click(ctx, "btn-ip-check")
	waitText(ctx, "#ip-check-ok", "Данные подтверждены", stepTimeout)
	shotBoth(t, ctx, "checked")

	// Р24001 adding an ОКВЭД code, shown as before/after, signed at once
	// (the second factor is fresh).
	click(ctx, "btn-ip-start-P24001")
	waitPrefix(ctx, "/ip/filings/")
	waitText(ctx, "#h1", "Какие виды деятельности", stepTimeout)
	typeInto(ctx, "f-okved-q", "74.90")
	click(ctx, "btn-okved-add-74-90")
	waitVisible(ctx, "okved-chosen-74-90", stepTimeout)
	click(ctx, "btn-ip-continue")
	waitText(ctx, "#h1", "паспортные данные", stepTimeout)
	click(ctx, "btn-ip-continue")
	waitText(ctx, "#h1", "адрес регистрации", stepTimeout)
	click(ctx, "btn-ip-continue")
	waitText(ctx, "#h1", "Проверьте ответы", stepTimeout)
	waitText(ctx, "#answer-add", "74.90", stepTimeout)
	shotBoth(t, ctx, "change-review")
	click(ctx, "btn-ip-sign")
	// The step-up is fresh unless the run was slow: then it is asked again.
	until(ctx, stepTimeout, `() => !!document.getElementById("ip-filing-status") || (document.getElementById("stepup-dialog") || {}).open`)
	if isVisible(ctx, "f-stepup-code") {
		typeInto(ctx, "f-stepup-code", e.TOTPCode(p.Email, p.Secret))
		click(ctx, "btn-stepup-confirm")
	}
	waitText(ctx, "#ip-filing-status", "Отправлено", stepTimeout)
	shotBoth(t, ctx, "change-submitted")
}
