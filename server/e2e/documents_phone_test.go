package e2e

import (
	"context"
	"strings"
	"testing"

	"kabinet/server/account"
	"kabinet/shared/signature"
)

// A ПЭП confirmed on the phone: the person signs a document on a desktop
// whose step-up went stale; the dialog offers «Подтвердить на телефоне»,
// shows the number and waits; the person's phone (signed in with the app,
// Kabinet open) shows what is asked — the document's name, the start of
// its hash, the device — and first declines (the desktop says so), then,
// asked again, approves with the number: the document is signed with the
// method «approval on the phone». Two browsers, two Chromiums.
func TestDocumentsSignApprovedOnPhone(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	if _, err := e.P.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	ivan := account.Demos[0]
	const email = "ivan@example.ru"
	secret := appFor(t, e, email, ivan.Password)

	mob := browser(t, phone)
	signInWithApp(t, mob, e.url, email, ivan.Password, secret)
	waitVisible(mob, "cabinet-status", stepTimeout)

	desk := browser(t, desktop)
	open(desk, e.url+"/login")
	typeInto(desk, "f-login", email)
	typeInto(desk, "f-password", ivan.Password)
	click(desk, "btn-login")
	// The phone spent this step's app code: it approves the sign-in too.
	waitVisible(desk, "push-number", stepTimeout)
	number := strings.TrimSpace(texts(desk, "#push-number")[0])
	waitVisible(mob, "approval-banner", stepTimeout)
	click(mob, "btn-approval-open")
	waitVisible(mob, "btn-qr-choice-"+number, stepTimeout)
	click(mob, "btn-qr-choice-"+number)
	waitText(mob, "#qrok-done", "Вход разрешён", stepTimeout)
	waitPath(desk, "/cabinet", stepTimeout)
	open(mob, e.url+"/cabinet")
	waitVisible(mob, "cabinet-status", stepTimeout)

	uploadDocument(t, desk, e.url, "Заявление.pdf", pdfBytes("application"))
	clickSel(desk, "#docs a")
	waitVisible(desk, "doc-summary", stepTimeout)
	stale := func() {
		t.Helper()
		if _, err := e.DB.NewRaw("UPDATE sessions SET step_up_at = now() - interval '10 minutes'").Exec(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	stale()
	click(desk, "btn-sign-simple")
	if !until(desk, stepTimeout, `() => !!document.querySelector("#stepup-dialog[open]")`) {
		t.Fatal("signing did not ask for a step-up")
	}
	waitText(desk, "#btn-stepup-phone", "Подтвердить на телефоне", stepTimeout)
	click(desk, "btn-stepup-phone")
	waitVisible(desk, "stepup-number", stepTimeout)
	waitText(desk, "#btn-stepup-confirm", "Ждём подтверждения", stepTimeout)

	// Declined on the phone: the desktop says so and signs nothing.
	waitVisible(mob, "approval-banner", stepTimeout)
	waitText(mob, "#approval-banner", "Заявление.pdf", stepTimeout)
	click(mob, "btn-approval-open")
	waitText(mob, "#qrok-asker", "Подписать документ «Заявление.pdf»", stepTimeout)
	click(mob, "btn-qr-deny")
	waitText(mob, "#qrok-done", "Подпись отклонена", stepTimeout)
	waitText(desk, "#stepup-error", "отклонено на телефоне", stepTimeout)
	shot(t, desk, "desktop-declined")

	// Asked again and approved with the number the desktop shows.
	click(desk, "btn-stepup-confirm")
	waitVisible(desk, "stepup-number", stepTimeout)
	number = strings.TrimSpace(texts(desk, "#stepup-number")[0])
	shotBoth(t, desk, "desktop-waits")
	open(mob, e.url+"/cabinet")
	waitVisible(mob, "approval-banner", stepTimeout)
	click(mob, "btn-approval-open")
	waitVisible(mob, "btn-qr-choice-"+number, stepTimeout)
	asker := waitText(mob, "#qrok-asker", "Подписать документ «Заявление.pdf»", stepTimeout)
	var sum string
	if err := e.DB.NewRaw(`SELECT encode(b.sha256, 'hex') FROM documents d JOIN document_blobs b ON b.id = d.blob_id
		WHERE d.name = 'Заявление.pdf'`).Scan(t.Context(), &sum); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{sum[:4] + " " + sum[4:8], "Chrome", "IP 127.0.0.1", "на экране того устройства"} {
		if !strings.Contains(asker, want) {
			t.Errorf("the phone says %q, without %q", asker, want)
		}
	}
	shot(t, mob, "phone-request")
	resize(t, mob, desktop, false)
	_, _ = js[bool](mob, `window.scrollTo(0, 0) || true`)
	shot(t, mob, "phone-request-wide")
	resize(t, mob, phone, true)
	click(mob, "btn-qr-choice-"+number)
	waitText(mob, "#qrok-done", "Подпись подтверждена", stepTimeout)

	waitVisible(desk, "sign-done", 2*stepTimeout)
	waitText(desk, "#doc-signatures", "Простая электронная подпись", stepTimeout)
	shot(t, desk, "desktop-signed")
	var method string
	if err := e.DB.NewRaw("SELECT method FROM document_signatures ORDER BY signed_at DESC LIMIT 1").Scan(t.Context(), &method); err != nil {
		t.Fatal(err)
	}
	if method != signature.MethodPhone {
		t.Errorf("the signature's method is %q, want %q", method, signature.MethodPhone)
	}
}
