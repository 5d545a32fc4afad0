package signin

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// askFactor turns the page to the second-factor step.
func (p *loginPage) askFactor(ctx app.Context, step *shared.SecondFactorStep) {
	p.step, p.code, p.codeErr, p.sf = step, "", "", page.Form{}
	p.sms, p.smsErr, p.smsBusy = nil, "", false
	client.AbortPasskey() // the autofill offer is for signing in without a password
	switch {
	case len(step.Methods) == 1 && step.Methods[0] == shared.FactorSMS:
		p.method = shared.FactorSMS
		p.sendSMS(ctx)
		ds.Focus(ctx, "f-code")
		return
	case page.HasMethod(step.Methods, shared.FactorPasskey):
		p.method = shared.FactorPasskey
		ds.Focus(ctx, "btn-second-passkey")
		return
	case page.HasMethod(step.Methods, shared.FactorPush):
		p.method = shared.FactorPush
		p.startPush(ctx)
		return
	case page.HasMethod(step.Methods, shared.FactorTOTP):
		p.method = shared.FactorTOTP
	default:
		p.method = shared.FactorRecovery
	}
	ds.Focus(ctx, "f-code")
}

// submitFactor finishes the sign-in with the code.
func (p *loginPage) submitFactor(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	e.PreventDefault()
	if p.step == nil || !p.sf.Start() {
		return
	}
	p.codeErr = ""
	if !p.step.ExpiresAt.IsZero() && page.API().ServerNow().After(p.step.ExpiresAt) {
		p.sf.Done()
		p.restart(ctx, "login.factorExpired")
		return
	}
	req, err := page.FactorRequest(p.step.Ticket, p.method, p.code)
	if err != nil {
		p.sf.Done()
		p.codeErr = page.FactorCodeError(err, p.method)
		ds.Focus(ctx, "f-code")
		return
	}
	page.Do(ctx, func() (shared.SessionInfo, error) { return page.API().LoginSecondFactor(ctx, req) },
		p.signedIn, p.factorFailed)
}

// signedIn ends the second step: on to where the person was going.
func (p *loginPage) signedIn(ctx app.Context, sess shared.SessionInfo) {
	p.sf.Done()
	p.step, p.code, p.password = nil, "", ""
	ctx.Navigate(page.Landing(p.next, sess))
}

// factorFailed says why the code did not sign in.
func (p *loginPage) factorFailed(ctx app.Context, err error) {
	if p.ticketGone(ctx, err) {
		return
	}
	if txt := page.FactorCodeError(err, p.method); txt != "" {
		p.sf.Done()
		p.codeErr = txt
		if p.method == shared.FactorTOTP || p.method == shared.FactorSMS {
			page.ClearInputs("f-code") // the next code is a new one
			p.code = ""
		}
		ds.Focus(ctx, "f-code")
		return
	}
	p.sf.Fail(ctx, err)
	if p.sf.Code == shared.CodeRateLimited && p.sf.Retry > 0 {
		p.sf.Message = t("login.rateLimited", ds.MinSec(p.sf.Retry))
	}
}

// ticketGone restarts at the password when err says the sign-in's ticket
// is spent (too old, or burnt by wrong answers); it reports whether it did.
func (p *loginPage) ticketGone(ctx app.Context, err error) bool {
	switch shared.ErrorCode(err) {
	case shared.CodeCodeExpired:
		p.sf.Done()
		p.restart(ctx, "login.factorExpired")
		return true
	case shared.CodeCodeExhausted:
		p.sf.Done()
		p.restart(ctx, "login.factorExhausted")
		return true
	case shared.CodeFactorLocked:
		// Back at the password, whose form shows the lock and the way out.
		p.sf.Done()
		p.restart(ctx, "err.factor_locked")
		p.f.Code = shared.CodeFactorLocked
		return true
	}
	return false
}

// restart goes back to the password with a notice why (the ticket expired
// or was burnt by wrong codes): a new ticket needs the password again.
func (p *loginPage) restart(ctx app.Context, key string) {
	p.step, p.code, p.codeErr, p.password = nil, "", "", ""
	p.restarted = t(key)
	page.ClearInputs("f-password")
	ds.Focus(ctx, "notice-restart")
}

// useRecovery and useApp switch the code field between the app's code and
// a recovery code.
func (p *loginPage) useRecovery(ctx app.Context, e app.Event) {
	p.switchMethod(p.On(ctx), shared.FactorRecovery)
}

func (p *loginPage) useApp(ctx app.Context, e app.Event) {
	p.switchMethod(p.On(ctx), shared.FactorTOTP)
}

// switchMethod answers the second step with another factor.
func (p *loginPage) switchMethod(ctx app.Context, m string) {
	if p.sf.Busy {
		return
	}
	p.pushLife.End() // no more waiting for the phone
	p.method, p.code, p.codeErr = m, "", ""
	p.sf.Clear()
	page.ClearInputs("f-code")
	ds.Focus(ctx, "f-code")
}

// backToPassword leaves the second step (another account, or a mistake).
func (p *loginPage) backToPassword(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if p.sf.Busy {
		return
	}
	p.step, p.code, p.codeErr, p.password, p.restarted = nil, "", "", "", ""
	p.sf = page.Form{}
	p.pushLife.End()
	ds.Focus(ctx, "f-password")
}

// factorStep asks for the second factor: the code from the app, or a
// recovery code when the app is out of reach.
func (p *loginPage) factorStep() app.UI {
	recovery := p.method == shared.FactorRecovery
	viaSMS := p.method == shared.FactorSMS
	lead := t("login.factorLead")
	submit := t("login.factorSubmit")
	switch {
	case recovery:
		lead, submit = t("login.recoveryLead"), t("login.recoverySubmit")
	case viaSMS:
		lead = t("login.smsLead")
	}
	return app.Div().ID("second-factor").Body(
		ds.NewPageHead(t("login.factorH1")).Lead(lead),
		p.sf.Head(nil),
		app.If(viaSMS, func() app.UI { return p.smsPart() }),
		app.Form().ID("form-second-factor").Class("form").NoValidate(true).OnSubmit(p.submitFactor).Body(
			page.FactorField("f-code", p.method, p.code, p.codeErr, func(v string) { p.code = v }),
			ds.Actions(
				ds.NewButton(submit).ID("btn-second-factor").Submit().Busy(p.sf.Busy, t("common.checking")),
			),
		),
		app.If(viaSMS, func() app.UI { return p.smsResend() }),
		app.If(recovery, func() app.UI {
			return app.P().Class("muted").Text(t("login.recoveryNote"))
		}),
		p.otherWays(),
	)
}

// otherWays lists the account's other second factors, strongest first,
// and the way back to the password: a factor out of reach is never a
// dead end.
func (p *loginPage) otherWays() app.UI {
	ways := []struct {
		method, key, id string
		on              app.EventHandler
	}{
		{shared.FactorPasskey, "login.usePasskey", "btn-use-passkey", p.usePasskey},
		{shared.FactorPush, "login.usePush", "btn-use-push", p.usePush},
		{shared.FactorTOTP, "login.useApp", "btn-use-app", p.useApp},
		{shared.FactorRecovery, "login.useRecovery", "btn-use-recovery", p.useRecovery},
		{shared.FactorSMS, "login.useSMS", "btn-use-sms", p.useSMS},
	}
	var items []app.UI
	for _, w := range ways {
		if w.method != p.method && page.HasMethod(p.step.Methods, w.method) {
			items = append(items, app.Li().Body(ds.NewButton(t(w.key)).ID(w.id).Kind(ds.LinkBtn).OnClick(w.on)))
		}
	}
	if p.method != methodLost {
		items = append(items, app.Li().Body(ds.NewButton(t("lostFactor.link")).ID("btn-lost-factor").Kind(ds.LinkBtn).OnClick(p.useLost)))
	}
	items = append(items, app.Li().Body(ds.NewButton(t("login.otherAccount")).ID("btn-back-password").Kind(ds.LinkBtn).OnClick(p.backToPassword)))
	return app.Ul().Class("links").Body(items...)
}
