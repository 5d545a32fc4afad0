package signin

import (
	"errors"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// Passkeys on the sign-in page: the login field's autofill offers them
// (conditional mediation), «Войти с ключом доступа» opens the browser's
// own dialog, and after a right password a passkey confirms the sign-in.

// offerAutofill asks the browser to list the site's passkeys among the
// login field's suggestions and waits; a picked passkey signs in at once.
func (p *loginPage) offerAutofill(ctx app.Context) {
	if !p.passkeys {
		return
	}
	ctx.Async(func() {
		if !client.PasskeyAutofill() {
			return
		}
		o, err := page.API().PasskeyLoginOptions(ctx, "")
		if err != nil {
			return // the button still works; the autofill is a convenience
		}
		answer, err := client.GetPasskey(o.Options, true)
		if err != nil {
			return // aborted (the page left, the button took over) or dismissed
		}
		p.finishPasskeyLogin(ctx, o.Ceremony, answer)
	})
}

// loginWithPasskey is «Войти с ключом доступа»: no login, no password.
func (p *loginPage) loginWithPasskey(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if !p.pk.Start() {
		return
	}
	p.f.Clear()
	page.Do(ctx, func() (shared.SessionInfo, error) {
		o, err := page.API().PasskeyLoginOptions(ctx, "")
		if err != nil {
			return shared.SessionInfo{}, err
		}
		answer, err := page.AskPasskey(o)
		if err != nil {
			return shared.SessionInfo{}, err
		}
		return page.API().PasskeyLogin(ctx, shared.PasskeyLoginRequest{Ceremony: o.Ceremony, Credential: answer})
	}, p.passkeySignedIn, p.passkeyFailed)
}

// finishPasskeyLogin sends the browser's answer and goes on to next.
func (p *loginPage) finishPasskeyLogin(ctx app.Context, ceremony string, answer []byte) {
	sess, err := page.API().PasskeyLogin(ctx, shared.PasskeyLoginRequest{Ceremony: ceremony, Credential: answer})
	ctx.Dispatch(func(ctx app.Context) {
		if err != nil {
			p.passkeyFailed(ctx, err)
			return
		}
		p.passkeySignedIn(ctx, sess)
	})
}

func (p *loginPage) passkeySignedIn(ctx app.Context, sess shared.SessionInfo) {
	p.pk.Done()
	ctx.Navigate(page.Landing(p.next, sess))
}

func (p *loginPage) passkeyFailed(ctx app.Context, err error) {
	p.pk.Busy = false
	if errors.Is(err, client.ErrPasskeyAborted) {
		return
	}
	p.pk.Clear()
	p.pk.Message = page.PasskeyErrText(err)
	ds.Focus(ctx, "passkey-error")
	if p.passkeys {
		p.offerAutofill(ctx) // the field keeps offering passkeys
	}
}

// passkeyButton is the other way in, under the password form.
func (p *loginPage) passkeyButton() app.UI {
	if !p.passkeys {
		return nil
	}
	return app.Div().ID("passkey-login").Class("alt-login").Body(
		app.P().Class("alt-login__or").Text(t("login.or")),
		app.If(p.pk.Message != "", func() app.UI {
			return ds.NewNotice(ds.Danger, "").ID("passkey-error").Text(p.pk.Message)
		}),
		ds.NewButton(t("login.passkey")).ID("btn-passkey-login").Kind(ds.Secondary).Gesture().
			Busy(p.pk.Busy, t("login.passkeyBusy")).OnClick(p.loginWithPasskey),
		app.P().Class("muted").Text(t("login.passkeyHint")),
	)
}

// passkeyStep confirms a right password with one of the account's passkeys.
func (p *loginPage) passkeyStep() app.UI {
	return app.Div().ID("second-factor").Body(
		ds.NewPageHead(t("login.factorH1")).Lead(t("login.passkeyLead")),
		p.sf.Head(nil),
		ds.Actions(
			ds.NewButton(t("login.passkeySubmit")).ID("btn-second-passkey").
				Busy(p.sf.Busy, t("login.passkeyBusy")).OnClick(p.submitPasskeyFactor),
		),
		app.P().Class("muted").Text(t("login.passkeyStepHint")),
		p.otherWays(),
	)
}

// submitPasskeyFactor asks the browser for one of the account's passkeys
// and finishes the sign-in with it.
func (p *loginPage) submitPasskeyFactor(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if p.step == nil || !p.sf.Start() {
		return
	}
	ticket := p.step.Ticket
	page.Do(ctx, func() (shared.SessionInfo, error) {
		o, err := page.API().PasskeyLoginOptions(ctx, ticket)
		if err != nil {
			return shared.SessionInfo{}, err
		}
		answer, err := page.AskPasskey(o)
		if err != nil {
			return shared.SessionInfo{}, err
		}
		return page.API().LoginSecondFactor(ctx, shared.SecondFactorRequest{Ticket: ticket, Method: shared.FactorPasskey, Ceremony: o.Ceremony, Credential: answer})
	}, p.signedIn, func(ctx app.Context, err error) {
		if p.ticketGone(ctx, err) {
			return
		}
		p.sf.Busy = false
		p.sf.Clear()
		p.sf.Message = page.PasskeyErrText(err)
		ds.Focus(ctx, "form-error")
	})
}

func (p *loginPage) usePasskey(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if p.sf.Busy {
		return
	}
	p.method, p.code, p.codeErr = shared.FactorPasskey, "", ""
	p.sf.Clear()
	p.pushLife.End()
	ds.Focus(ctx, "btn-second-passkey")
}
