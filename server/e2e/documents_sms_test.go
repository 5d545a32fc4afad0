package e2e

import (
	"context"
	"testing"
	"time"

	"kabinet/server/account"
	"kabinet/shared"
)

// The signing dialog of the documents offers SMS codes where they are the
// account's second factor: signing with a ПЭП after the step-up went
// stale sends a code at once, says where, takes it, and signs.
func TestDocumentsSignWithSMSStepUp(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	if _, err := e.P.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	ivan := account.Demos[0]
	const email, phone = "ivan@example.ru", "+79000000001"
	api := e.Client()
	api.MustOK("POST", "/login", shared.LoginRequest{Login: email, Password: ivan.Password}, nil)
	api.MustOK("POST", "/me/sms-factor", nil, nil)
	api.MustOK("POST", "/me/sms-factor/confirm", shared.SMSFactorConfirmRequest{Code: e.LastCode(phone)}, nil)
	e.PassCodePause(phone)

	ctx := browser(t, desktop)
	open(ctx, e.url+"/login")
	typeInto(ctx, "f-login", email)
	typeInto(ctx, "f-password", ivan.Password)
	click(ctx, "btn-login")
	waitVisible(ctx, "sms-sent", stepTimeout)
	typeInto(ctx, "f-code", e.LastCode(phone))
	click(ctx, "btn-second-factor")
	waitPath(ctx, "/cabinet", stepTimeout)

	uploadDocument(t, ctx, e.url, "Заявление.pdf", pdfBytes("application"))
	clickSel(ctx, "#docs a")
	waitVisible(ctx, "doc-summary", stepTimeout)
	if _, err := e.DB.NewRaw("UPDATE sessions SET step_up_at = now() - interval '10 minutes'").Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.PassCodePause(phone)
	// Chromium's PDF viewer in the preview frame takes the focus when it
	// has loaded, even from the modal dialog: keys typed then go into the
	// frame (seen under load). The dialog opens once the frame has it.
	until(ctx, 5*time.Second, `() => document.activeElement && document.activeElement.id === "doc-preview-pdf"`)
	click(ctx, "btn-sign-simple")
	waitText(ctx, "#stepup-sms-sent", "+7 900", stepTimeout)
	waitText(ctx, "label[for=f-stepup-code]", "Код из SMS", stepTimeout)
	shotBoth(t, ctx, "documents-stepup-sms")
	typeInto(ctx, "f-stepup-code", e.LastCode(phone))
	click(ctx, "btn-stepup-confirm")
	waitVisible(ctx, "sign-done", 2*stepTimeout)
	waitText(ctx, "#doc-signatures", "Простая электронная подпись", stepTimeout)
}
