package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"kabinet/server/account"
)

// pdfBytes is a small well-formed PDF (the portal decides the type by
// the content).
func pdfBytes(text string) []byte {
	return []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
		"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% " + text + "\n" +
		"trailer << /Root 1 0 R >>\n%%EOF\n")
}

// uploadDocument uploads a file on «Мои документы» and opens its card.
func uploadDocument(t *testing.T, ctx context.Context, base, name string, body []byte) {
	t.Helper()
	open(ctx, base+"/documents")
	waitVisible(ctx, "form-upload", stepTimeout)
	upload(t, ctx, "f-file", name, body)
	click(ctx, "btn-upload")
	waitText(ctx, "#upload-done", name, stepTimeout)
	waitText(ctx, "#docs", name, stepTimeout)
}

// A person uploads a declaration (an empty file is refused next to the
// field), signs it with a new «Ключ Кабинета» made by WebCrypto in the
// browser, sends it to the tax office; the officer, in a second browser,
// asks for additions; the person answers in the same sending; the
// officer accepts and sends a decision, which arrives in «Входящие»; the
// person's signature verifies on the public page. Then the person signs
// in with the key alone.
func TestDocumentsSignSendAndDecide(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	if _, err := e.P.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	ivan := account.Demos[0]
	const email = "ivan@example.ru"
	secret := appFor(t, e, email, ivan.Password)
	ctx := browser(t, desktop)
	signInWithApp(t, ctx, e.url, email, ivan.Password, secret)

	// An empty file gets its own words next to the field.
	open(ctx, e.url+"/documents")
	waitVisible(ctx, "form-upload", stepTimeout)
	upload(t, ctx, "f-file", "empty.pdf", nil)
	click(ctx, "btn-upload")
	waitText(ctx, "#form-upload", "пустой", stepTimeout)

	uploadDocument(t, ctx, e.url, "Декларация 3-НДФЛ.pdf", pdfBytes("declaration"))
	shotBoth(t, ctx, "documents-list")
	clickSel(ctx, "#docs a")
	waitVisible(ctx, "doc-summary", stepTimeout)
	// Its first page shows in a frame the portal may fill (a CSP
	// violation would fail the test), from the sandboxed preview.
	if !until(ctx, stepTimeout, `() => { const f = document.getElementById("doc-preview-pdf");
		return f && f.title.includes("Декларация 3-НДФЛ.pdf") && f.src.includes("/preview#page=1") }`) {
		t.Fatal("no PDF preview on the card")
	}

	// The first signature makes the key; its certificate needs a step-up
	// (unless the sign-in's second factor is still fresh).
	click(ctx, "btn-sign-key")
	if !until(ctx, 2*stepTimeout, `() => document.getElementById("sign-done") || document.querySelector("#stepup-dialog[open]")`) {
		t.Fatal("signing with the key neither finished nor asked for a step-up")
	}
	if ok, _ := js[bool](ctx, `!!document.querySelector("#stepup-dialog[open]")`); ok {
		typeInto(ctx, "f-stepup-code", totpCode(t, secret, time.Now().Add(30*time.Second)))
		click(ctx, "btn-stepup-confirm")
	}
	waitVisible(ctx, "sign-done", 2*stepTimeout)
	waitText(ctx, "#doc-signatures", "Ключ", stepTimeout)
	shotBoth(t, ctx, "documents-card-signed")
	docPath, _ := js[string](ctx, `location.pathname`)
	hash := waitText(ctx, "#doc-hash", "", stepTimeout)

	// Send it to the tax office.
	open(ctx, e.url+"/documents/send")
	click(ctx, "f-category-tax")
	click(ctx, "f-agency-fns")
	click(ctx, "f-request-declaration")
	clickSel(ctx, "#form-send input[type=checkbox]")
	shotBoth(t, ctx, "documents-send")
	click(ctx, "btn-send")
	waitVisible(ctx, "sending-timeline", stepTimeout)
	sendingPath, _ := js[string](ctx, `location.pathname`)
	sendingID := sendingPath[strings.LastIndex(sendingPath, "/")+1:]

	// The officer, in a second browser, asks for additions.
	octx := browser(t, desktop)
	signInOfficer(t, octx, e, "fns@example.ru")
	open(octx, e.url+"/office/documents")
	waitVisible(octx, "queue-"+sendingID, stepTimeout)
	shotBoth(t, octx, "documents-desk")
	click(octx, "queue-"+sendingID)
	waitVisible(octx, "desk-documents", stepTimeout)
	waitText(octx, "#desk-documents", "действительна", stepTimeout)
	typeInto(octx, "f-reason", "Приложите расчёт суммы вычета")
	click(octx, "btn-additions")
	waitVisible(octx, "desk-done", stepTimeout)
	shotBoth(t, octx, "documents-desk-sending")

	// The person answers in the same sending with a new signed file.
	uploadDocument(t, ctx, e.url, "Расчёт вычета.pdf", pdfBytes("calculation"))
	clickSel(ctx, "#docs a")
	waitVisible(ctx, "doc-summary", stepTimeout)
	click(ctx, "btn-sign-key")
	waitVisible(ctx, "sign-done", 2*stepTimeout)
	open(ctx, e.url+sendingPath)
	waitVisible(ctx, "form-answer", stepTimeout)
	waitText(ctx, "#sending-timeline", "Приложите расчёт", stepTimeout)
	shotBoth(t, ctx, "documents-sending-additions")
	clickSel(ctx, "#form-answer input[type=checkbox]:not(:checked)")
	click(ctx, "btn-answer")
	waitVisible(ctx, "answer-sent", stepTimeout)

	// The officer accepts and sends the decision.
	open(octx, e.url+"/office/documents/"+sendingID)
	waitVisible(octx, "btn-accept", stepTimeout)
	click(octx, "btn-accept")
	waitText(octx, "#desk-done", "принято", stepTimeout)
	// The sending reloads as accepted and its decision form goes; the
	// reply form below moves up, so type only once that has happened.
	if !until(octx, stepTimeout, `() => !document.getElementById("desk-decision")`) {
		t.Fatal("the decision form stayed after the acceptance")
	}
	typeInto(octx, "f-title", "Решение о возврате налога")
	upload(t, octx, "f-file", "Решение.pdf", pdfBytes("decision"))
	click(octx, "btn-reply")
	waitText(octx, "#desk-done", "направлен", stepTimeout)

	// The decision is in «Входящие», marked new.
	open(ctx, e.url+"/documents/incoming")
	waitText(ctx, "#incoming", "Решение о возврате налога", stepTimeout)
	waitText(ctx, "#incoming", "Новый", stepTimeout)
	shotBoth(t, ctx, "documents-incoming")

	// It carries the agency's signature, which «Проверить подпись» checks
	// on the public page: valid, and made by the agency.
	waitText(ctx, "#incoming", "Подписано: ФНС России", stepTimeout)
	clickSel(ctx, "#incoming a[id^=link-incoming-verify-]")
	waitText(ctx, "#verify-verdict", "Подпись действительна", stepTimeout)
	waitText(ctx, "#verify-result", "ФНС России — налоговая инспекция", stepTimeout)
	shotBoth(t, ctx, "documents-verify-agency")

	// The person's signature verifies on the public page: the .p7s the
	// card exports and the document's hash.
	open(ctx, e.url+"/signature/verify?sha256="+strings.TrimSpace(hash))
	waitVisible(ctx, "form-verify", stepTimeout)
	chooseP7s(t, ctx, docPath, "")
	click(ctx, "btn-verify")
	waitText(ctx, "#verify-verdict", "Подпись действительна", stepTimeout)
	waitText(ctx, "#verify-result", "Иванов", stepTimeout)
	shotBoth(t, ctx, "documents-verify")

	// A document over the 1 MiB a request may carry goes as its hash:
	// another document of 2 MiB gets a verdict, not «too large».
	open(ctx, e.url+"/signature/verify")
	waitVisible(ctx, "form-verify", stepTimeout)
	chooseP7s(t, ctx, docPath, `const doc = new DataTransfer();
		doc.items.add(new File([new Uint8Array(2 << 20).fill(37)], "big.pdf"));
		document.getElementById("f-document").files = doc.files;`)
	click(ctx, "btn-verify")
	waitText(ctx, "#verify-verdict", "Документ изменён после подписания", stepTimeout)

	// Signed out, the browser still holds the key: sign in with it.
	signOut(t, ctx)
	open(ctx, e.url+"/login")
	waitVisible(ctx, "btn-login-key", stepTimeout)
	shotBoth(t, ctx, "documents-login-key")
	click(ctx, "btn-login-key")
	waitPath(ctx, "/cabinet", stepTimeout)

	// «Вход и защита» lists the key's certificate; revoking it ends the
	// sign-in with it.
	open(ctx, e.url+"/security")
	waitVisible(ctx, "keys-list", stepTimeout)
	shotBoth(t, ctx, "documents-security-keys")
	clickSel(ctx, "#keys-list button")
	waitVisible(ctx, "keys-notice", stepTimeout)
	signOut(t, ctx)
	open(ctx, e.url+"/login")
	waitVisible(ctx, "btn-login", stepTimeout)
	if ok, _ := js[bool](ctx, `!!document.getElementById("btn-login-key")`); ok {
		t.Error("the sign-in page still offers the revoked key")
	}
}

// signInOfficer signs an agency's officer in (password and the app's
// code); the desk is theirs, not the back office's home.
func signInOfficer(t *testing.T, ctx context.Context, e *env, login string) {
	t.Helper()
	var d account.Demo
	for _, d = range account.Demos {
		if d.Login == login {
			break
		}
	}
	if d.Login != login || d.TOTP == "" {
		t.Fatalf("%s is not a demo staff member", login)
	}
	typeSignIn(ctx, e, login, d.Password)
	typeInto(ctx, "f-code", e.TOTPCode(login, d.TOTP))
	click(ctx, "btn-second-factor")
	waitPath(ctx, "/office", stepTimeout)
}

// chooseP7s puts the .p7s of the first signature of the document at
// docPath into the verify form's signature field, then runs more (script
// that fills the other fields).
func chooseP7s(t *testing.T, ctx context.Context, docPath, more string) {
	t.Helper()
	if _, err := js[bool](ctx, `(async () => {
		const l = await (await fetch("`+docPath+`".replace("/documents/", "/api/v1/signature/documents/") + "/signatures", {credentials: "same-origin"})).json();
		const b = await (await fetch("/api/v1/signature/signatures/" + l.items[0].id + "/p7s", {credentials: "same-origin"})).blob();
		const dt = new DataTransfer();
		dt.items.add(new File([b], "signature.p7s"));
		document.getElementById("f-signature").files = dt.files;
		`+more+`
		return true;
	})()`); err != nil {
		t.Fatalf("choosing the .p7s: %v", err)
	}
}
