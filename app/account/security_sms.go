package account

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// SMS codes on «Вход и защита»: the weakest factor, so the card says so;
// switched on with a code sent to the confirmed phone, off after a step-up.

func (p *securityPage) onStartSMS(ctx app.Context, e app.Event) { p.act(p.On(ctx), actStartSMS) }

func (p *securityPage) onRemoveSMS(ctx app.Context, e app.Event) { p.act(p.On(ctx), actRemoveSMS) }

// startSMS sends the code that switches SMS codes on.
func (p *securityPage) startSMS(ctx app.Context) {
	if p.busy != "" {
		return
	}
	p.busy, p.actErr, p.notice = actStartSMS, "", ""
	page.Do(ctx, func() (shared.Challenge, error) { return page.API().StartSMSFactor(ctx) },
		func(ctx app.Context, ch shared.Challenge) {
			p.succeeded()
			p.smsEnrol, p.smsCode, p.smsCodeErr = &ch, "", ""
			ds.Focus(ctx, "f-sms-code")
		}, func(ctx app.Context, err error) {
			if !p.settle(ctx, actStartSMS, err) {
				p.actFailed(ctx, err)
			}
		})
}

func (p *securityPage) confirmSMS(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	if p.busy != "" || p.smsEnrol == nil {
		return
	}
	req, err := page.FactorRequest("", shared.FactorSMS, p.smsCode)
	if err != nil {
		p.smsCodeErr = page.FactorCodeError(err, shared.FactorSMS)
		ds.Focus(ctx, "f-sms-code")
		return
	}
	p.busy, p.smsCodeErr = "sms-confirm", ""
	page.Run(ctx, func() error { return page.API().ConfirmSMSFactor(ctx, req.Code) },
		func(ctx app.Context) {
			p.busy = ""
			p.smsEnrol = nil
			p.notice = t("sms.addedNotice")
			ds.Focus(ctx, "security-notice")
			p.reload(ctx)
		}, func(ctx app.Context, err error) {
			p.busy = ""
			if txt := page.FactorCodeError(err, shared.FactorSMS); txt != "" {
				p.smsCodeErr = txt
				ds.Focus(ctx, "f-sms-code")
				return
			}
			p.actFailed(ctx, err)
		})
}

func (p *securityPage) removeSMS(ctx app.Context) {
	if p.busy != "" {
		return
	}
	p.busy, p.actErr, p.notice = actRemoveSMS, "", ""
	page.Run(ctx, func() error { return page.API().RemoveSMSFactor(ctx) },
		func(ctx app.Context) {
			p.succeeded()
			p.notice = t("sms.removedNotice")
			ds.Focus(ctx, "security-notice")
			p.reload(ctx)
		}, func(ctx app.Context, err error) {
			if !p.settle(ctx, actRemoveSMS, err) {
				p.actFailed(ctx, err)
			}
		})
}

// stepUseSMS sends a step-up code by SMS and switches the dialog to it.
func (p *securityPage) stepUseSMS(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if p.stepBusy {
		return
	}
	p.stepSwitch(ctx, shared.FactorSMS)
	p.stepBusy = true
	page.Do(ctx, func() (shared.Challenge, error) { return page.API().StepUpSMS(ctx) },
		func(ctx app.Context, ch shared.Challenge) {
			p.stepBusy = false
			p.stepSMS = &ch
			ds.Focus(ctx, "f-stepup-code")
		}, func(ctx app.Context, err error) { p.stepBusy, p.stepErr = false, page.ErrText(err) })
}

// smsCard is the SMS factor: off (with the warning) or on (to which number).
func (p *securityPage) smsCard(f shared.Factors) app.UI {
	status := app.Span().ID("sms-status").Body(ds.NewTag(ds.Neutral, t("security.off")))
	if f.SMS {
		status = app.Span().ID("sms-status").Body(ds.NewTag(ds.Success, t("security.on")), app.Text(" "+f.SMSPhone))
	}
	body := []app.UI{
		ds.NewNotice(ds.Warning, t("sms.weakTitle")).ID("sms-weak").Text(t("sms.weakText")),
		ds.NewSummaryList(ds.Row{Key: t("sms.title"), Value: status}),
	}
	switch {
	case f.SMS:
		body = append(body, ds.Actions(
			ds.NewButton(t("sms.remove")).ID("btn-sms-remove").Kind(ds.DangerBtn).Busy(p.busy == actRemoveSMS, t("common.wait")).OnClick(p.onRemoveSMS)))
	case p.smsEnrol != nil:
		body = append(body,
			app.P().ID("sms-enrol-sent").Text(t("login.smsSent", p.smsEnrol.Destination)),
			app.Form().ID("form-sms").Class("form").NoValidate(true).OnSubmit(p.confirmSMS).Body(
				page.FactorField("f-sms-code", shared.FactorSMS, p.smsCode, p.smsCodeErr, func(v string) { p.smsCode = v }),
				ds.Actions(
					ds.NewButton(t("sms.confirm")).ID("btn-sms-confirm").Submit().Busy(p.busy == "sms-confirm", t("common.checking"))),
			))
	case p.Sess != nil && !p.Sess.Account.PhoneConfirmed:
		body = append(body, app.P().Class("muted").Text(t("sms.needPhone")))
	default:
		body = append(body, ds.Actions(
			ds.NewButton(t("sms.start")).ID("btn-sms-start").Kind(ds.Secondary).Busy(p.busy == actStartSMS, t("common.wait")).OnClick(p.onStartSMS)))
	}
	return ds.NewCard(t("sms.title")).ID("sms-card").Body(body...)
}
