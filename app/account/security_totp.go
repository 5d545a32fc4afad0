package account

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// lowRecoveryCodes is when the page warns that recovery codes run out.
const lowRecoveryCodes = 3

// startTOTP asks the server for a new secret and shows its QR code.
func (p *securityPage) startTOTP(ctx app.Context, e app.Event) { p.doStartTOTP(p.On(ctx)) }

// doStartTOTP is startTOTP, and what a step-up runs again.
func (p *securityPage) doStartTOTP(ctx app.Context) {
	if p.busy != "" {
		return
	}
	p.busy, p.actErr, p.notice = actStartTOTP, "", ""
	page.Do(ctx, func() (shared.TOTPEnrolment, error) { return page.API().StartTOTP(ctx) },
		func(ctx app.Context, en shared.TOTPEnrolment) {
			p.succeeded()
			p.enrol, p.code, p.codeErr = &en, "", ""
			ds.Focus(ctx, "totp-setup-title")
		}, func(ctx app.Context, err error) {
			if p.settle(ctx, actStartTOTP, err) { // a step-up beside a passkey
				return
			}
			p.actFailed(ctx, err)
			if shared.ErrorCode(err) == shared.CodeFactorExists {
				p.reload(ctx)
			}
		})
}

// confirmTOTP checks the first code from the app; the app becomes a factor
// and the recovery codes are shown.
func (p *securityPage) confirmTOTP(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	e.PreventDefault()
	if p.busy != "" || p.enrol == nil {
		return
	}
	p.codeErr, p.actErr = "", ""
	req, err := page.FactorRequest("", shared.FactorTOTP, p.code)
	if err != nil {
		p.codeErr = page.FactorCodeError(err, shared.FactorTOTP)
		ds.Focus(ctx, "f-code")
		return
	}
	p.busy = "confirm"
	page.Do(ctx, func() (shared.RecoveryCodes, error) { return page.API().ConfirmTOTP(ctx, req.Code) },
		func(ctx app.Context, rc shared.RecoveryCodes) {
			p.busy = ""
			p.enrol, p.code = nil, ""
			p.codes, p.renewed = rc.Codes, false
			ds.Focus(ctx, "recovery-title")
			p.reload(ctx)
		}, func(ctx app.Context, err error) {
			p.busy = ""
			if txt := page.FactorCodeError(err, shared.FactorTOTP); txt != "" {
				p.codeErr = txt
				ds.Focus(ctx, "f-code")
				return
			}
			p.actFailed(ctx, err)
			if shared.ErrorCode(err) == shared.CodeFactorExists {
				p.enrol = nil
				p.reload(ctx)
			}
		})
}

func (p *securityPage) cancelTOTP(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if p.busy != "" {
		return
	}
	p.enrol, p.code, p.codeErr, p.actErr = nil, "", "", ""
	ds.Focus(ctx, "btn-totp-start")
}

// codesDone hides the recovery codes: they are never shown again.
func (p *securityPage) codesDone(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	renewed := p.renewed
	p.codes, p.renewed = nil, false
	if renewed {
		p.notice = t("security.renewedNotice")
	} else {
		p.notice = t("security.addedNotice")
	}
	ds.Focus(ctx, "security-notice")
}

func (p *securityPage) onRemove(ctx app.Context, e app.Event) { p.act(p.On(ctx), actRemoveTOTP) }

func (p *securityPage) onRenew(ctx app.Context, e app.Event) { p.act(p.On(ctx), actRenewCodes) }

// factorCard tells what protects the sign-in and offers what can be done.
func (p *securityPage) factorCard(f shared.Factors) app.UI {
	var appValue app.UI
	if f.TOTP {
		since := ""
		if !f.TOTPSince.IsZero() {
			since = " " + t("security.since", page.FormatDate(f.TOTPSince))
		}
		appValue = app.Span().ID("totp-status").Body(ds.NewTag(ds.Success, t("security.on")), app.Text(since))
	} else {
		kind := ds.Neutral
		if f.Required {
			kind = ds.Warning
		}
		appValue = app.Span().ID("totp-status").Body(ds.NewTag(kind, t("security.off")))
	}
	rows := []ds.Row{{Key: t("security.app"), Value: appValue}}
	if f.TOTP {
		left := app.Span().ID("recovery-left").Text(t("security.codesLeft", f.RecoveryLeft, 10))
		if f.RecoveryLeft <= lowRecoveryCodes {
			left = app.Span().ID("recovery-left").Body(ds.NewTag(ds.Warning, t("security.codesLeft", f.RecoveryLeft, 10)))
		}
		rows = append(rows, ds.Row{Key: t("security.codes"), Value: left})
	}
	body := []app.UI{
		app.P().ID("factor-rule").Text(t("security.rule")),
		ds.NewSummaryList(rows...).ID("factor-summary"),
	}
	if f.TOTP && f.RecoveryLeft <= lowRecoveryCodes {
		title := t("security.codesLowTitle")
		if f.RecoveryLeft == 0 {
			title = t("security.codesNoneTitle")
		}
		body = append(body, ds.NewNotice(ds.Warning, title).ID("notice-codes-low").Text(t("security.codesLowText")))
	}
	card := ds.NewCard(t("security.factorTitle")).ID("factor-card").Body(body...)
	switch {
	case f.TOTP:
		return card.Footer(
			ds.Actions(
				ds.NewButton(t("security.renew")).ID("btn-recovery-renew").Kind(ds.Secondary).
					Busy(p.busy == actRenewCodes, t("common.wait")).OnClick(p.onRenew),
				ds.NewButton(t("security.remove")).ID("btn-totp-remove").Kind(ds.DangerBtn).
					Busy(p.busy == actRemoveTOTP, t("common.wait")).OnClick(p.onRemove),
			),
			app.P().Class("muted").Text(t("security.stepUpNote")),
		)
	case p.enrol == nil:
		return card.Footer(
			ds.Actions(
				ds.NewButton(t("security.start")).ID("btn-totp-start").
					Busy(p.busy == "start", t("common.wait")).OnClick(p.startTOTP),
			),
		)
	}
	return card
}

// setupView connects the app in three steps: install, scan (or type the
// key), enter the first code.
func (p *securityPage) setupView(en shared.TOTPEnrolment) app.UI {
	return ds.NewCard(t("security.setupTitle")).ID("totp-setup").TitleID("totp-setup-title").Body(
		app.H3().Text(t("security.step1")),
		app.P().Text(t("security.step1Text")),
		app.H3().Text(t("security.step2")),
		app.Div().Class("qr").Body(
			app.Img().ID("totp-qr").Class("qr__image").Src(en.QR).Alt(t("security.qrAlt")).Width(200).Height(200),
			app.Div().Class("qr__text").Body(
				app.Details().Class("qr__how").Body(
					app.Summary().Text(t("security.howToScan")),
					app.Ol().Class("list").Body(
						app.Li().Text(t("security.how1")),
						app.Li().Text(t("security.how2")),
						app.Li().Text(t("security.how3")),
					),
				),
				app.P().Text(t("security.manual")),
				app.P().Body(app.Code().ID("totp-secret").Class("secret").Text(page.GroupSecret(en.Secret))),
				app.If(en.URI != "", func() app.UI {
					return app.P().Body(app.A().ID("link-totp-app").Href(en.URI).Attr("target", "_blank").Attr("rel", "noopener").Text(t("security.openApp")))
				}),
			),
		),
		app.H3().Text(t("security.step3")),
		app.Form().ID("form-totp-confirm").Class("form").NoValidate(true).OnSubmit(p.confirmTOTP).Body(
			page.FactorField("f-code", shared.FactorTOTP, p.code, p.codeErr, func(v string) { p.code = v }),
			ds.Actions(
				ds.NewButton(t("security.confirm")).ID("btn-totp-confirm").Submit().Busy(p.busy == "confirm", t("common.checking")),
				ds.NewButton(t("common.cancel")).ID("btn-totp-cancel").Kind(ds.Secondary).OnClick(p.cancelTOTP),
			),
		),
	)
}

// codesView shows the recovery codes once, with a download and «Я сохранил
// коды».
func (p *securityPage) codesView() []app.UI {
	var out []app.UI
	title := t("security.codesTitle")
	if p.renewed {
		title = t("security.codesRenewedTitle")
	} else {
		out = append(out, ds.NewNotice(ds.Success, t("security.addedTitle")).ID("security-notice").Text(t("security.addedText")))
	}
	items := make([]app.UI, len(p.codes))
	for i, c := range p.codes {
		items[i] = app.Li().Body(app.Code().Text(c))
	}
	out = append(out, ds.NewCard(title).ID("recovery-panel").TitleID("recovery-title").Body(
		app.P().Text(t("security.codesText")),
		app.If(p.renewed, func() app.UI { return app.P().Text(t("security.codesOldGone")) }),
		app.Ol().ID("recovery-codes").Class("codes").Body(items...),
	).Footer(
		ds.Actions(
			app.A().ID("btn-recovery-download").Class("button button--secondary").
				Href(codesFile(p.codes)).Attr("download", "kabinet-recovery-codes.txt").
				Text(t("security.download")),
			ds.NewButton(t("security.saved")).ID("btn-recovery-done").OnClick(p.codesDone),
		),
	))
	return out
}

// codesFile is a data: URL of a text file with the codes.
func codesFile(codes []string) string {
	var b strings.Builder
	b.WriteString(t("security.fileTitle") + "\n")
	b.WriteString(t("security.fileText") + "\n\n")
	for i, c := range codes {
		b.WriteString(strconv.Itoa(i+1) + ". " + c + "\n")
	}
	return "data:text/plain;charset=utf-8," + url.PathEscape(b.String())
}
