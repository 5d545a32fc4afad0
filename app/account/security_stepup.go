package account

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// The security page keeps its own step-up dialog, apart from the signing
// pages' page.StepUp: it offers a passkey first (where this browser can
// use one), words its text and button for each action, and returns the
// focus to the control of that action.

// askStepUp opens the dialog for the action: a passkey first when the
// account has one, else the app's code (or a recovery code).
func (p *securityPage) askStepUp(ctx app.Context, action string) {
	p.stepFor, p.stepCode, p.stepErr, p.stepSMS = action, "", "", nil
	switch {
	case p.factors() != nil && p.factors().Passkeys > 0 && p.canPasskey:
		p.stepMethod = shared.FactorPasskey
	case p.factors() != nil && !p.factors().TOTP && p.factors().RecoveryLeft > 0:
		p.stepMethod = shared.FactorRecovery
	case p.factors() != nil && !p.factors().TOTP && p.factors().SMS:
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

// confirmStepUp sends the step-up dialog's code (POST /me/step-up).
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
	page.Do(ctx, func() (shared.SessionInfo, error) { return page.API().StepUp(ctx, req.Method, req.Code) },
		func(ctx app.Context, s shared.SessionInfo) {
			p.stepBusy = false
			p.stepDone(ctx, s)
		}, func(ctx app.Context, err error) {
			p.stepBusy = false
			p.stepErr = page.FactorCodeError(err, p.stepMethod)
			if p.stepErr == "" {
				p.stepErr = page.ErrText(err)
			}
			if p.stepMethod == shared.FactorTOTP || p.stepMethod == shared.FactorSMS {
				page.ClearInputs("f-stepup-code")
				p.stepCode = ""
			}
			ds.Focus(ctx, "f-stepup-code")
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

// stepSwitch answers the step-up with another factor.
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

// stepUpDialog asks for a second factor before a sensitive action.
func (p *securityPage) stepUpDialog() app.UI {
	why := t("stepup.why." + p.stepFor)
	confirm := t("stepup.confirm." + p.stepFor)
	if p.stepFor == "" {
		why, confirm = "", ""
	}
	recovery := p.stepMethod == shared.FactorRecovery
	viaPasskey := p.stepMethod == shared.FactorPasskey
	canApp := p.factors() != nil && p.factors().TOTP
	canRecovery := p.factors() != nil && p.factors().RecoveryLeft > 0
	canPasskey := p.factors() != nil && p.factors().Passkeys > 0 && p.canPasskey
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
	if p.stepMethod != shared.FactorSMS && p.factors() != nil && p.factors().SMS {
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
