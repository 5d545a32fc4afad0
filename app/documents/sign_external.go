package documents

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	"kabinet/shared/signature"
)

// externalForm attaches a detached signature made elsewhere (.sig or
// .p7s, DER or PEM): the portal verifies it against the document and its
// trust store and keeps it with the result.
func (p *cardPage) externalForm() app.UI {
	return app.Details().ID("sign-external").Class("filters-fold").Body(
		app.Summary().Text(t("docs.externalTitle")),
		p.ext.Head([]string{"signature"}),
		app.Form().ID("form-external").Class("form").NoValidate(true).OnSubmit(p.attachExternal).Body(
			ds.NewFileField("f-signature", t("docs.verifySignature")).Hint(t("docs.verifySignatureHint")).Accept(".sig,.p7s,.pem").Error(p.ext.Err("signature")),
			ds.Actions(ds.NewButton(t("docs.externalButton")).ID("btn-external").Kind(ds.Secondary).Submit().Busy(p.ext.Busy, t("common.checking"))),
		),
	)
}

func (p *cardPage) attachExternal(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	if !p.ext.Start() {
		return
	}
	b, _, err := client.ReadFile("f-signature")
	if err != nil {
		p.ext.SetField("signature", shared.CodeRequired)
		p.ext.Check(ctx)
		return
	}
	page.Do(ctx, func() (signature.RecordList, error) { return page.API().AttachExternalSignature(ctx, p.id, b) },
		func(ctx app.Context, _ signature.RecordList) {
			p.ext.Done()
			page.ClearInputs("f-signature")
			p.signed(ctx, signature.Record{Kind: signature.KindExternal})
		},
		func(ctx app.Context, err error) {
			// A signature that does not hold says exactly why, in words.
			if e, ok := shared.AsError(err); ok && e.Code == signature.CodeNotValid && len(e.Args) > 0 {
				p.ext.Busy = false
				p.ext.Clear()
				p.ext.Say("signature", t("docs.notValid", t("sig.status."+e.Args[0])))
				p.ext.Check(ctx)
				return
			}
			p.ext.Fail(ctx, err)
		})
}
