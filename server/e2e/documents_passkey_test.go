package e2e

import (
	"context"
	"testing"

	"kabinet/server/account"
)

// The signing dialog of the documents asks an account whose only second
// factor is a passkey for that passkey: with the step-up gone stale, a
// ПЭП opens the dialog with no code field (there is no code to type),
// its button runs the passkey ceremony, and the document is signed.
func TestDocumentsSignWithPasskeyStepUp(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	if _, err := e.P.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	ivan := account.Demos[0]
	const email = "ivan@example.ru"
	ctx := browser(t, desktop)
	base := e.LocalURL // WebAuthn needs a host name, not 127.0.0.1
	open(ctx, base+"/login")
	auth := authenticator(ctx)
	typeInto(ctx, "f-login", email)
	typeInto(ctx, "f-password", ivan.Password)
	click(ctx, "btn-login")
	waitPath(ctx, "/cabinet", stepTimeout)

	open(ctx, base+"/security")
	waitVisible(ctx, "f-passkey-name", stepTimeout)
	typeInto(ctx, "f-passkey-name", "Телефон")
	if status := submit(ctx, "btn-passkey-add", "POST", "/me/passkeys"); status != 201 {
		t.Fatalf("adding the passkey answered %d", status)
	}
	waitText(ctx, "#passkey-list", "Телефон", stepTimeout)
	if creds := credentials(ctx, auth); len(creds) != 1 {
		t.Fatalf("authenticator holds %d credentials", len(creds))
	}

	uploadDocument(t, ctx, base, "Заявление.pdf", pdfBytes("application"))
	clickSel(ctx, "#docs a")
	waitVisible(ctx, "doc-summary", stepTimeout)
	if _, err := e.DB.NewRaw("UPDATE sessions SET step_up_at = now() - interval '10 minutes'").Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	click(ctx, "btn-sign-simple")
	if !until(ctx, stepTimeout, `() => !!document.querySelector("#stepup-dialog[open]")`) {
		t.Fatal("signing did not ask for a step-up")
	}
	waitText(ctx, "#btn-stepup-confirm", "Подтвердить ключом доступа", stepTimeout)
	if ok, _ := js[bool](ctx, `!document.getElementById("f-stepup-code") && !document.getElementById("btn-stepup-passkey")`); !ok {
		t.Fatal("a passkey-only account is asked for a code")
	}
	shotBoth(t, ctx, "documents-stepup-passkey")
	if n := requests(ctx, "POST", "/me/step-up"); n != 0 {
		t.Fatalf("%d step-ups before the passkey was chosen", n)
	}
	click(ctx, "btn-stepup-confirm")
	waitVisible(ctx, "sign-done", 2*stepTimeout)
	waitText(ctx, "#doc-signatures", "Простая электронная подпись", stepTimeout)
	if n := requests(ctx, "POST", "/me/step-up/options"); n != 1 {
		t.Errorf("%d passkey step-up ceremonies", n)
	}
	if ok, _ := js[bool](ctx, `!document.querySelector("#stepup-dialog[open]")`); !ok {
		t.Error("the step-up dialog stayed open after signing")
	}
	shot(t, ctx, "documents-signed-by-passkey")
	var n int
	if err := e.DB.NewRaw(`SELECT count(*) FROM document_signatures s JOIN accounts a ON a.id = s.account_id
		WHERE a.email = ? AND s.kind = 'simple'`, email).Scan(context.Background(), &n); err != nil || n != 1 {
		t.Fatalf("%d simple signatures recorded (%v)", n, err)
	}
}
