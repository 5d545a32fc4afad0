package signin

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// SMS codes in the sign-in's second step: sent when the person asks (or at
// once when they are the only factor), with the pause before a resend.

// useSMS switches the second step to an SMS code and sends one.
func (p *loginPage) useSMS(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if p.sf.Busy {
		return
	}
	p.switchMethod(ctx, shared.FactorSMS)
	p.sendSMS(ctx)
}

func (p *loginPage) resendSMS(ctx app.Context, e app.Event) { p.sendSMS(p.On(ctx)) }

// sendSMS asks the server to send the code of this sign-in.
func (p *loginPage) sendSMS(ctx app.Context) {
	if p.step == nil || p.smsBusy {
		return
	}
	p.smsBusy, p.smsErr = true, ""
	ticket := p.step.Ticket
	page.Do(ctx, func() (shared.Challenge, error) { return page.API().LoginSMS(ctx, ticket) },
		func(ctx app.Context, ch shared.Challenge) {
			p.smsBusy = false
			p.sms = &ch
			ds.Focus(ctx, "f-code")
		}, func(ctx app.Context, err error) {
			p.smsBusy = false
			switch {
			case p.ticketGone(ctx, err):
			case shared.ErrorCode(err) == shared.CodeResendTooSoon:
				e, _ := shared.AsError(err)
				p.smsErr = t("login.smsWait", ds.MinSec(e.RetryAfter))
			default:
				p.smsErr = page.ErrText(err)
			}
		})
}

// smsPart is what the SMS step shows above the code field: where the code
// went, or why it did not.
func (p *loginPage) smsPart() app.UI {
	var sent app.UI
	if p.sms != nil {
		sent = app.P().ID("sms-sent").Text(t("login.smsSent", p.sms.Destination))
	}
	return app.Div().Body(
		sent,
		app.If(p.smsErr != "", func() app.UI { return ds.NewNotice(ds.Warning, "").ID("sms-error").Text(p.smsErr) }),
		ds.NewNotice(ds.Info, "").ID("sms-weak").Text(t("login.smsWeak")),
	)
}

// smsResend is the «send again» link under the SMS code field.
func (p *loginPage) smsResend() app.UI {
	return app.P().Class("links").Body(
		ds.NewButton(t("login.smsResend")).ID("btn-sms-resend").Kind(ds.LinkBtn).Busy(p.smsBusy, t("common.wait")).OnClick(p.resendSMS),
	)
}
