package account

import (
	"net/url"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	"kabinet/shared/signature"
)

// confirmSignaturePage («Подтвердить учётную запись электронной
// подписью», /profile/confirm-signature): a standard account gets a
// one-time text, signs it with its qualified certificate in its own
// signing program (a detached .sig or .p7s, as the documents page takes),
// and hands the signature back; the СНИЛС and ИНН of the certificate must
// be the account's. The answer is «подтверждена» or the exact reason.
type confirmSignaturePage struct {
	app.Compo
	live
	authed

	challenge *signature.Challenge
	f         page.Form
	done      bool
}

// ConfirmSignature is the page that confirms an account with a signature.
func ConfirmSignature() app.Composer { return &confirmSignaturePage{} }

func (p *confirmSignaturePage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "confirmSig.h1")
	p.challenge, p.done = nil, false
	p.Load(ctx, func(app.Context, shared.SessionInfo) {})
}

// start asks for a fresh text to sign (each is good once, for a while).
func (p *confirmSignaturePage) start(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if !p.f.Start() {
		return
	}
	page.Do(ctx, func() (signature.Challenge, error) { return page.API().LevelChallenge(ctx) },
		func(ctx app.Context, ch signature.Challenge) {
			p.f.Done()
			p.challenge = &ch
			ds.Focus(ctx, "confirm-challenge")
		}, func(ctx app.Context, err error) { p.f.Fail(ctx, err) })
}

func (p *confirmSignaturePage) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	if p.challenge == nil || !p.f.Start() {
		return
	}
	sig, _, err := client.ReadFile("f-signature")
	if err != nil {
		p.f.SetField("signature", shared.CodeRequired)
		p.f.Check(ctx)
		return
	}
	req := signature.LevelRequest{ChallengeID: p.challenge.ID, Signature: sig}
	page.Do(ctx, func() (shared.Account, error) { return page.API().ConfirmLevel(ctx, req) },
		func(ctx app.Context, _ shared.Account) {
			p.f.Done()
			p.done, p.challenge = true, nil
			p.Load(ctx, nil) // the session now says confirmed
			ds.Focus(ctx, "confirm-done")
		},
		func(ctx app.Context, err error) {
			p.challenge = nil // each text is good once: a refused one needs a new one
			page.ClearInputs("f-signature")
			p.f.Fail(ctx, err)
			// A signature that does not hold says exactly why, in words.
			if e, ok := shared.AsError(err); ok && e.Code == signature.CodeNotValid && len(e.Args) > 0 {
				p.f.Message = t("docs.notValid", t("sig.status."+e.Args[0]))
			}
		})
}

func (p *confirmSignaturePage) Render() app.UI {
	body := []app.UI{ds.BackLink(page.PathProfile, t("profile.title")), ds.NewPageHead(t("confirmSig.h1")).Lead(t("confirmSig.lead"))}
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavCabinet, append(body, g)...)
	}
	switch a := p.Account(); {
	case p.done:
		return page.Private(p.Sess, page.NavCabinet, append(body, ds.NewNotice(ds.Success, t("confirmSig.done")).ID("confirm-done"),
			ds.Actions(ds.NewButton(t("common.toCabinet")).Href(page.PathCabinet)))...)
	case a.Level == shared.LevelConfirmed:
		return page.Private(p.Sess, page.NavCabinet, append(body, ds.NewNotice(ds.Info, t("cabinet.level.confirmed")).ID("confirm-already"))...)
	case a.Level != shared.LevelStandard:
		return page.Private(p.Sess, page.NavCabinet, append(body, ds.NewNotice(ds.Warning, t("err.signature_identity_missing")).ID("confirm-standard"),
			ds.Actions(ds.NewButton(t("cabinet.fillProfile")).Href(page.PathProfileEdt)))...)
	}
	body = append(body, p.f.Head([]string{"signature"}))
	if p.challenge == nil {
		return page.Private(p.Sess, page.NavCabinet, append(body, app.P().Text(t("confirmSig.step1")),
			ds.Actions(ds.NewButton(t("confirmSig.get")).ID("btn-confirm-challenge").Busy(p.f.Busy, t("common.wait")).OnClick(p.start)))...)
	}
	msg := p.challenge.Message
	body = append(body,
		app.P().Text(t("confirmSig.step2")),
		app.Pre().ID("confirm-challenge").Class("hash").TabIndex(-1).Text(msg),
		ds.Actions(app.A().ID("link-confirm-text").Class("button button--secondary").Attr("download", "kabinet-confirm.txt").
			Href("data:text/plain;charset=utf-8,"+url.PathEscape(msg)).Text(t("confirmSig.download"))),
		app.Form().ID("form-confirm").Class("form").NoValidate(true).OnSubmit(p.submit).Body(
			ds.NewFileField("f-signature", t("docs.verifySignature")).Hint(t("docs.verifySignatureHint")).Accept(".sig,.p7s,.pem").Error(p.f.Err("signature")),
			ds.Actions(ds.NewButton(t("docs.stepupConfirm")).ID("btn-confirm").Submit().Busy(p.f.Busy, t("common.checking"))),
		),
	)
	return page.Private(p.Sess, page.NavCabinet, body...)
}
