package account

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// Actions of the security page that need a fresh second factor (step-up).
const (
	actRemoveTOTP    = "remove"
	actRenewCodes    = "renew"
	actStartTOTP     = "start"
	actAddPasskey    = "passkey-add"
	actRemovePasskey = "passkey-remove"
	actStartSMS      = "sms-start"
	actRemoveSMS     = "sms-remove"
	actChangeContact = "contact"
)

// lowRecoveryCodes is when the page warns that recovery codes run out.
const lowRecoveryCodes = 3

// securityPage («Вход и защита») shows the second factors and manages
// them: connect an authenticator app (QR code, key, first code), show the
// recovery codes once, renew them, remove the app. Removing and renewing
// need a fresh second factor: when the API asks for one, a dialog takes the
// code (POST /me/step-up) and the action continues by itself.
type securityPage struct {
	app.Compo
	live
	authed
	reauth

	factors  *shared.Factors
	passkeys *shared.PasskeyList
	err      string // the factors could not be loaded
	notice   string // what just succeeded
	busy     string // "start", "confirm", actRemoveTOTP or actRenewCodes
	actErr   string // an action's error

	enrol   *shared.TOTPEnrolment // the app being connected
	code    string
	codeErr string

	codes   []string // recovery codes, shown once
	renewed bool     // they replace older ones

	stepFor    string // the action waiting for a step-up; "" while the dialog is closed
	stepMethod string
	stepCode   string
	stepErr    string
	stepBusy   bool
	stepped    bool // a step-up was just confirmed: do not ask again in a loop

	pkName     string // name of the passkey being added
	pkNameErr  string
	pkTarget   string // id of the passkey being removed
	canPasskey bool   // the browser can create passkeys

	smsEnrol   *shared.Challenge // the code that switches SMS codes on, once sent
	smsCode    string
	smsCodeErr string
	stepSMS    *shared.Challenge // the step-up code by SMS, once sent

	pushSt   *shared.PushStatus // this session as an approver of sign-ins
	pushBusy bool
	pushErr  string

	contactFor      string // "sms" or "email" while changing it
	contactValue    string
	contactPassword string
	contactCh       *shared.Challenge // the code sent to the new contact
	contactCode     string
	contactF        page.Form
}

// Security is «Вход и защита» (/security): second factors, passkeys, contacts.
func Security() app.Composer { return &securityPage{} }

func (p *securityPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "security.title")
	p.factors, p.err, p.notice, p.actErr, p.busy = nil, "", "", "", ""
	p.enrol, p.code, p.codeErr, p.codes, p.renewed = nil, "", "", nil, false
	p.stepFor, p.stepCode, p.stepErr, p.stepBusy, p.stepped = "", "", "", false, false
	p.passkeys, p.pkName, p.pkNameErr, p.pkTarget = nil, t("passkey.defaultName"), "", ""
	p.smsEnrol, p.smsCode, p.smsCodeErr, p.stepSMS = nil, "", "", nil
	p.pushSt, p.pushBusy, p.pushErr = nil, false, ""
	p.contactFor, p.contactCh, p.contactF = "", nil, page.Form{}
	p.canPasskey = client.PasskeySupported() && !page.KioskMode() // a shared screen keeps no one's keys
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) { p.reload(p.On(ctx)); p.loadPush(p.On(ctx)) })
}

func (p *securityPage) reload(ctx app.Context) {
	ctx.Async(func() {
		f, err := page.API().Factors(ctx)
		var l shared.PasskeyList
		if err == nil {
			l, err = page.API().Passkeys(ctx)
		}
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if !page.APIFailed(ctx, err) {
					p.err = page.ErrText(err)
				}
				return
			}
			p.factors, p.passkeys, p.err = &f, &l, ""
			if p.Sess != nil && (hasSecondFactor(f) || !f.Required) {
				p.Sess.NeedsFactor = false
			}
		})
	})
}

// startTOTP asks the server for a new secret and shows its QR code.
func (p *securityPage) startTOTP(ctx app.Context, e app.Event) { p.doStartTOTP(p.On(ctx)) }

func (p *securityPage) doStartTOTP(ctx app.Context) {
	if p.busy != "" {
		return
	}
	p.busy, p.actErr, p.notice = actStartTOTP, "", ""
	ctx.Async(func() {
		en, err := page.API().StartTOTP(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			if p.settle(ctx, actStartTOTP, err) { // a step-up beside a passkey
				return
			}
			if err != nil {
				p.actErr = page.ErrText(err)
				ds.Focus(ctx, "form-error")
				if shared.ErrorCode(err) == shared.CodeFactorExists {
					p.reload(ctx)
				}
				return
			}
			p.enrol, p.code, p.codeErr = &en, "", ""
			ds.Focus(ctx, "totp-setup-title")
		})
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
	ctx.Async(func() {
		rc, err := page.API().ConfirmTOTP(ctx, req.Code)
		ctx.Dispatch(func(ctx app.Context) {
			p.busy = ""
			if err != nil {
				if page.APIFailed(ctx, err) {
					return
				}
				if txt := page.FactorCodeError(err, shared.FactorTOTP); txt != "" {
					p.codeErr = txt
					ds.Focus(ctx, "f-code")
					return
				}
				p.actErr = page.ErrText(err)
				ds.Focus(ctx, "form-error")
				if shared.ErrorCode(err) == shared.CodeFactorExists {
					p.enrol = nil
					p.reload(ctx)
				}
				return
			}
			p.enrol, p.code = nil, ""
			p.codes, p.renewed = rc.Codes, false
			ds.Focus(ctx, "recovery-title")
			p.reload(ctx)
		})
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

// act runs a sensitive action. The server decides whether the last second
// factor is fresh enough (StepUpUntil in the future: it just happens);
// when it answers step_up_required, the dialog asks for a code and then
// runs the action again.
func (p *securityPage) act(ctx app.Context, action string) {
	switch action {
	case actStartTOTP:
		p.doStartTOTP(ctx)
		return
	case actAddPasskey:
		p.addPasskey(ctx)
		return
	case actRemovePasskey:
		p.removePasskey(ctx)
		return
	case actStartSMS:
		p.startSMS(ctx)
		return
	case actRemoveSMS:
		p.removeSMS(ctx)
		return
	case actChangeContact:
		p.startContact(ctx)
		return
	}
	if p.busy != "" {
		return
	}
	p.busy, p.actErr, p.notice = action, "", ""
	ctx.Async(func() {
		var rc shared.RecoveryCodes
		var err error
		if action == actRemoveTOTP {
			err = page.API().RemoveTOTP(ctx)
		} else {
			rc, err = page.API().RenewRecoveryCodes(ctx)
		}
		ctx.Dispatch(func(ctx app.Context) {
			if p.settle(ctx, action, err) {
				return
			}
			if err != nil {
				p.actErr = page.ErrText(err)
				ds.Focus(ctx, "form-error")
				p.reload(ctx)
				return
			}
			if action == actRemoveTOTP {
				p.notice = t("security.removedNotice")
				ds.Focus(ctx, "security-notice")
			} else {
				p.codes, p.renewed = rc.Codes, true
				ds.Focus(ctx, "recovery-title")
			}
			p.reload(ctx)
		})
	})
}

// settle ends a sensitive action's request: the busy state goes, and the
// errors the page handles the same way are handled — a session that ended
// (to the sign-in page), or the server asking for a fresh second factor
// (the step-up dialog, once; the action runs again after it). It reports
// whether err was handled so; any other error is the caller's to show.
func (p *securityPage) settle(ctx app.Context, action string, err error) bool {
	p.busy = ""
	stepped := p.stepped
	p.stepped = false
	switch {
	case err == nil:
		return false
	case page.APIFailed(ctx, err):
		return true
	case shared.ErrorCode(err) == shared.CodeStepUpRequired && !stepped:
		p.askStepUp(ctx, action)
		return true
	case !stepped && p.askReauth(ctx, err, func(ctx app.Context) { p.stepped = true; p.act(ctx, action) }):
		return true
	}
	return false
}

// askStepUp opens the dialog for the action: a passkey first when the
// account has one, else the app's code (or a recovery code).
func (p *securityPage) askStepUp(ctx app.Context, action string) {
	p.stepFor, p.stepCode, p.stepErr, p.stepSMS = action, "", "", nil
	switch {
	case p.factors != nil && p.factors.Passkeys > 0 && p.canPasskey:
		p.stepMethod = shared.FactorPasskey
	case p.factors != nil && !p.factors.TOTP && p.factors.RecoveryLeft > 0:
		p.stepMethod = shared.FactorRecovery
	case p.factors != nil && !p.factors.TOTP && p.factors.SMS:
		p.stepMethod = shared.FactorSMS
		p.stepUseSMS(ctx, app.Event{})
		return
	default:
		p.stepMethod = shared.FactorTOTP
	}
	page.ClearInputs("f-stepup-code")
	if p.stepMethod == shared.FactorPasskey {
		ds.Focus(ctx, "btn-stepup-passkey")
		return
	}
	ds.Focus(ctx, "f-stepup-code")
}

func (p *securityPage) confirmStepUp(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	e.PreventDefault()
	if p.stepBusy || p.stepFor == "" {
		return
	}
	p.stepErr = ""
	req, err := page.FactorRequest("", p.stepMethod, p.stepCode)
	if err != nil {
		p.stepErr = page.FactorCodeError(err, p.stepMethod)
		ds.Focus(ctx, "f-stepup-code")
		return
	}
	p.stepBusy = true
	ctx.Async(func() {
		s, err := page.API().StepUp(ctx, req.Method, req.Code)
		ctx.Dispatch(func(ctx app.Context) {
			p.stepBusy = false
			if err != nil {
				if page.APIFailed(ctx, err) {
					return
				}
				p.stepErr = page.FactorCodeError(err, p.stepMethod)
				if p.stepErr == "" {
					p.stepErr = page.ErrText(err)
				}
				if p.stepMethod == shared.FactorTOTP || p.stepMethod == shared.FactorSMS {
					page.ClearInputs("f-stepup-code")
					p.stepCode = ""
				}
				ds.Focus(ctx, "f-stepup-code")
				return
			}
			p.stepDone(ctx, s)
		})
	})
}

// stepDone closes the dialog after a step-up and runs the waiting action.
func (p *securityPage) stepDone(ctx app.Context, s shared.SessionInfo) {
	if p.Sess != nil {
		p.Sess.StepUpUntil = s.StepUpUntil
	}
	action := p.stepFor
	p.stepFor, p.stepCode, p.stepErr = "", "", ""
	page.ClearInputs("f-stepup-code")
	p.stepped = true
	p.act(ctx, action)
}

func (p *securityPage) stepUseRecovery(ctx app.Context, e app.Event) {
	p.stepSwitch(p.On(ctx), shared.FactorRecovery)
}

func (p *securityPage) stepUseApp(ctx app.Context, e app.Event) {
	p.stepSwitch(p.On(ctx), shared.FactorTOTP)
}

func (p *securityPage) stepSwitch(ctx app.Context, m string) {
	if p.stepBusy {
		return
	}
	p.stepMethod, p.stepCode, p.stepErr = m, "", ""
	page.ClearInputs("f-stepup-code")
	ds.Focus(ctx, "f-stepup-code")
}

// closeStepUp gives up the action (Esc or «Отменить»).
func (p *securityPage) closeStepUp(ctx app.Context) {
	ctx = p.On(ctx)
	if p.stepBusy {
		return
	}
	back := map[string]string{actRemoveTOTP: "btn-totp-remove", actRenewCodes: "btn-recovery-renew", actStartTOTP: "btn-totp-start",
		actAddPasskey: "btn-passkey-add", actRemovePasskey: "passkeys-title", actStartSMS: "btn-sms-start", actRemoveSMS: "btn-sms-remove", actChangeContact: "f-contact-value"}[p.stepFor]
	p.stepFor, p.stepCode, p.stepErr = "", "", ""
	ds.Focus(ctx, back)
}

func (p *securityPage) onCancelStepUp(ctx app.Context, e app.Event) { p.closeStepUp(ctx) }

func (p *securityPage) Render() app.UI {
	head := []app.UI{
		ds.BackLink(page.PathCabinet, t("common.toCabinet")),
		ds.NewPageHead(t("security.title")).Lead(t("security.lead")),
	}
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavSecurity, append(head, g)...)
	}
	body := head
	if p.err != "" {
		body = append(body, ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("form-error").Text(p.err))
	}
	if p.codes != nil {
		return page.Private(p.Sess, page.NavSecurity, append(body, p.codesView()...)...)
	}
	if p.notice != "" {
		body = append(body, ds.NewNotice(ds.Success, p.notice).ID("security-notice"))
	}
	if p.actErr != "" {
		body = append(body, ds.NewNotice(ds.Danger, "").ID("form-error").Text(p.actErr))
	}
	if p.factors == nil {
		if p.err == "" {
			body = append(body, ds.NewSkeleton(4, t("common.loading")))
		}
		return page.Private(p.Sess, page.NavSecurity, body...)
	}
	f := *p.factors
	if f.Required && !hasSecondFactor(f) {
		body = append(body, ds.NewNotice(ds.Warning, t("security.needTitle")).ID("notice-need-factor").Text(t("security.needText")))
	}
	body = append(body, p.passkeyCard())
	body = append(body, p.factorCard(f))
	if p.enrol != nil {
		body = append(body, p.setupView(*p.enrol))
	}
	body = append(body, p.smsCard(f), p.pushCard(), p.contactCard(f))
	body = append(body,
		app.H2().Text(t("security.moreTitle")),
		app.Ul().Class("shortcuts").Body(
			ds.Shortcut(page.PathSessions, t("security.toSessions"), t("security.toSessionsText")),
			ds.Shortcut(page.PathProfile, t("security.toPassword"), t("security.toPasswordText")),
			ds.Shortcut(page.PathJournal, t("cabinet.toJournal"), t("cabinet.toJournalText")),
		),
		p.stepUpDialog(),
		p.reauthDialog(),
	)
	return page.Private(p.Sess, page.NavSecurity, body...)
}

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

// stepUpDialog asks for a second factor before a sensitive action.
func (p *securityPage) stepUpDialog() app.UI {
	why := t("stepup.why." + p.stepFor)
	confirm := t("stepup.confirm." + p.stepFor)
	if p.stepFor == "" {
		why, confirm = "", ""
	}
	recovery := p.stepMethod == shared.FactorRecovery
	viaPasskey := p.stepMethod == shared.FactorPasskey
	canApp := p.factors != nil && p.factors.TOTP
	canRecovery := p.factors != nil && p.factors.RecoveryLeft > 0
	canPasskey := p.factors != nil && p.factors.Passkeys > 0 && p.canPasskey
	var switchers []app.UI
	if !viaPasskey && canPasskey {
		switchers = append(switchers, app.Li().Body(ds.NewButton(t("stepup.usePasskey")).ID("btn-stepup-use-passkey").Kind(ds.LinkBtn).OnClick(p.stepUsePasskey)))
	}
	if !recovery && canRecovery {
		switchers = append(switchers, app.Li().Body(ds.NewButton(t("stepup.useRecovery")).ID("btn-stepup-recovery").Kind(ds.LinkBtn).OnClick(p.stepUseRecovery)))
	}
	if p.stepMethod != shared.FactorTOTP && canApp {
		switchers = append(switchers, app.Li().Body(ds.NewButton(t("stepup.useApp")).ID("btn-stepup-app").Kind(ds.LinkBtn).OnClick(p.stepUseApp)))
	}
	if p.stepMethod != shared.FactorSMS && p.factors != nil && p.factors.SMS {
		switchers = append(switchers, app.Li().Body(ds.NewButton(t("login.useSMS")).ID("btn-stepup-use-sms").Kind(ds.LinkBtn).OnClick(p.stepUseSMS)))
	}
	var answer, button app.UI
	if viaPasskey {
		answer = app.Div().Body(
			app.P().Text(t("stepup.passkeyText")),
			app.If(p.stepErr != "", func() app.UI { return ds.NewNotice(ds.Danger, "").ID("stepup-error").Text(p.stepErr) }),
		)
		button = ds.NewButton(t("stepup.passkeyConfirm")).ID("btn-stepup-passkey").Busy(p.stepBusy, t("login.passkeyBusy")).OnClick(p.confirmStepUpPasskey)
	} else {
		var sent app.UI
		if p.stepMethod == shared.FactorSMS && p.stepSMS != nil {
			sent = app.P().ID("stepup-sms-sent").Text(t("login.smsSent", p.stepSMS.Destination))
		}
		answer = app.Form().ID("form-stepup").Class("form").NoValidate(true).OnSubmit(p.confirmStepUp).Body(
			sent,
			page.FactorField("f-stepup-code", p.stepMethod, p.stepCode, p.stepErr, func(v string) { p.stepCode = v }),
		)
		button = ds.NewButton(confirm).ID("btn-stepup-confirm").Busy(p.stepBusy, t("common.checking")).OnClick(p.confirmStepUp)
	}
	return ds.NewDialog("stepup-dialog", t("stepup.title")).
		Open(p.stepFor != "").
		OnClose(p.closeStepUp).
		Body(
			app.P().Text(why),
			answer,
			app.Ul().Class("links").Body(switchers...),
		).
		Actions(
			button,
			ds.NewButton(t("common.cancel")).ID("btn-stepup-cancel").Kind(ds.Secondary).OnClick(p.onCancelStepUp),
		)
}
