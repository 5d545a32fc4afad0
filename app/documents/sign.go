package documents

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	"kabinet/shared/signature"
)

// signer is the signing state of a card: which kind runs, its error, the
// step-up dialog it may need.
type signer struct {
	busy string // signature.KindSimple or KindKey while it runs
	err  string
	step page.StepUp
}

// signCard lists the document's signatures and offers to sign it.
func (p *cardPage) signCard(records []signature.Record) app.UI {
	var list app.UI = app.P().Class("muted").Text(t("docs.noSignatures"))
	if len(records) > 0 {
		rows := make([][]app.UI, len(records))
		for i, r := range records {
			var signer app.UI = app.Text(r.Signer.Name)
			if r.Serial != "" {
				// The serial is one long word: it wraps, or the table outgrows
				// a kiosk's portrait screen and hides its last column.
				signer = app.Span().Body(app.Text(r.Signer.Name+" · "), app.Span().Class("serial").Text(t("docs.serial", r.Serial)))
			}
			rows[i] = []app.UI{
				app.Text(t("sig.kind." + r.Kind)), signer, app.Text(page.FormatDateTime(r.SignedAt)), recordTag(r),
				app.A().ID("link-p7s-"+r.ID).Href(client.SignatureP7sURL(r.ID)).Attr("download", "").Text(t("docs.p7s")),
			}
		}
		list = ds.NewTable(t("docs.signaturesList"), t("docs.colKind"), t("docs.colSigner"), t("docs.colSigned"), t("docs.colStatus"), t("docs.colFile")).ID("doc-signatures").Rows(rows)
	}
	return ds.NewCard(t("docs.signatures")).ID("doc-sign").Body(
		list,
		app.If(p.sign.err != "", func() app.UI { return ds.NewNotice(ds.Danger, t("docs.signFailed")).ID("sign-error").Text(p.sign.err) }),
		app.If(page.KioskMode(), func() app.UI { return app.P().Text(t("docs.signLeadKiosk")) }).Else(func() app.UI { return app.P().Text(t("docs.signLead")) }),
		ds.Actions(
			app.If(!page.KioskMode(), func() app.UI { // a key stays in the browser: never a kiosk's
				return ds.NewButton(t("docs.signKey")).ID("btn-sign-key").Busy(p.sign.busy == signature.KindKey, t("docs.signing")).OnClick(p.signKey)
			}),
			ds.NewButton(t("docs.signSimple")).ID("btn-sign-simple").Kind(ds.Secondary).Busy(p.sign.busy == signature.KindSimple, t("docs.signing")).OnClick(p.signSimple),
		),
		app.If(!page.KioskMode(), func() app.UI { return app.P().Class("hint").Text(t("docs.keyHint")) }),
		p.externalForm(),
	)
}

// signed ends a signature: the notice, and the card again.
func (p *cardPage) signed(ctx app.Context, r signature.Record) {
	p.sign.busy, p.sign.err = "", ""
	p.notice = t("docs.signedNotice", t("sig.kind."+r.Kind))
	ds.Focus(ctx, "sign-done")
	p.reload(ctx)
}

func (p *cardPage) signFailed(kind string, retry func(app.Context)) func(app.Context, error) {
	return func(ctx app.Context, err error) {
		p.sign.busy = ""
		if shared.ErrorCode(err) == shared.CodeStepUpRequired {
			back := map[string]string{signature.KindKey: "btn-sign-key", signature.KindSimple: "btn-sign-simple"}[kind]
			p.sign.step.Ask(ctx, t("docs.stepupWhy."+kind), t("docs.stepupConfirm"), back, retry)
			if kind == signature.KindSimple {
				p.sign.step.WithPhone(p.id)
			}
			return
		}
		p.sign.err = page.KeyErrText(err)
		ds.Focus(ctx, "sign-error")
	}
}

// signSimple signs with a ПЭП: a fresh step-up, then the portal seals it.
func (p *cardPage) signSimple(ctx app.Context, e app.Event) { p.simple(p.On(ctx)) }

func (p *cardPage) simple(ctx app.Context) {
	if p.sign.busy != "" {
		return
	}
	p.sign.busy, p.sign.err, p.notice = signature.KindSimple, "", ""
	id, approval := p.id, p.sign.step.Approval()
	page.Do(ctx, func() (signature.Record, error) { return page.API().SignSimple(ctx, id, approval) },
		p.signed, p.signFailed(signature.KindSimple, p.simple))
}

// signKey signs with the browser's «Ключ Кабинета», making the key and
// getting its certificate (after a step-up) when the browser has none.
func (p *cardPage) signKey(ctx app.Context, e app.Event) { p.key(p.On(ctx), nil) }

func (p *cardPage) key(ctx app.Context, fresh *client.NewBrowserKey) {
	if p.sign.busy != "" {
		return
	}
	if !client.KeySupported() {
		p.sign.err = t("docs.keyUnsupported")
		ds.Focus(ctx, "sign-error")
		return
	}
	p.sign.busy, p.sign.err, p.notice = signature.KindKey, "", ""
	id := p.id
	var made client.NewBrowserKey
	call := func() (signature.Record, error) {
		k, err := page.UsableKey(ctx, fresh, &made)
		if err != nil {
			return signature.Record{}, err
		}
		return page.SignWithKey(ctx, id, k)
	}
	page.Do(ctx, call, p.signed, func(ctx app.Context, err error) {
		again := made
		p.signFailed(signature.KindKey, func(ctx app.Context) { p.key(ctx, &again) })(ctx, err)
	})
}
