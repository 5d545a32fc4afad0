package signin

import (
	"errors"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// codeBox is the state of one code form (SMS or e-mail).
type codeBox struct {
	channel   string
	ch        shared.Challenge
	code      string
	err       string
	note      string // «Новый код отправлен»
	busy      bool
	resending bool
	done      bool
}

// resendIn is the time left before a new code may be asked for.
func (b *codeBox) resendIn() time.Duration {
	if b.ch.ResendAt.IsZero() {
		return 0
	}
	d := b.ch.ResendAt.Sub(page.API().ServerNow())
	if d < 0 {
		return 0
	}
	return d
}

// confirmPage confirms the phone and the e-mail of a new account with the
// codes sent to them: ?phone=<challenge id>&email=<challenge id> after
// registration, or, for a signed-in account whose contacts are not
// confirmed yet, challenges started with POST /me/verify.
type confirmPage struct {
	app.Compo
	live

	data     page.Remote[*confirmData]
	signedIn bool
	sms      codeBox
	email    codeBox
	ticking  bool
}

// Confirm is the page that confirms a new account's phone and e-mail (/register/confirm).
func Confirm() app.Composer { return &confirmPage{} }

func (p *confirmPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "confirm.title")
	p.sms.channel, p.email.channel = shared.ChannelSMS, shared.ChannelEmail
	if app.IsServer {
		return
	}
	q := ctx.Page().URL().Query()
	qConfirm.Load(ctx, &p.data, app.T("phone", q.Get("phone")), app.T("email", q.Get("email"))).
		OnChange(func() { p.start(ctx) })
}

// start fills the code forms once the challenges are known.
func (p *confirmPage) start(ctx app.Context) {
	d := p.data.Data
	if p.data.Status != page.Loaded || d.Missing {
		return
	}
	p.signedIn = d.SignedIn
	p.sms.ch, p.email.ch = d.SMS, d.Email
	p.sms.done, p.email.done = d.SMSDone, d.EmailDone
	p.tick(ctx)
}

// tick refreshes the resend countdowns once a second while one runs.
func (p *confirmPage) tick(ctx app.Context) {
	running := (!p.sms.done && p.sms.resendIn() > 0) || (!p.email.done && p.email.resendIn() > 0)
	if !running {
		p.ticking = false
		return
	}
	if p.ticking {
		return
	}
	p.ticking = true
	ctx.After(time.Second, func(ctx app.Context) {
		p.ticking = false
		p.tick(ctx)
	})
}

func (p *confirmPage) box(channel string) *codeBox {
	if channel == shared.ChannelSMS {
		return &p.sms
	}
	return &p.email
}

func (p *confirmPage) verify(ctx app.Context, b *codeBox) {
	if b.busy {
		return
	}
	b.err, b.note = "", ""
	code := shared.Digits(b.code)
	if err := page.ValidateCode(code); err != nil {
		b.err = page.ErrText(err)
		ds.Focus(ctx, "f-code-"+b.channel)
		return
	}
	b.busy = true
	id := b.ch.ID
	page.Do(ctx, func() (shared.VerifyResponse, error) {
		res, err := page.API().Verify(ctx, shared.VerifyRequest{ChallengeID: id, Code: code})
		if shared.ErrorCode(err) == shared.CodeCodeInvalid {
			if fresh, ferr := page.API().Challenge(ctx, id); ferr == nil && fresh.ID != "" {
				err = &wrongCode{err, fresh}
			}
		}
		return res, err
	}, func(ctx app.Context, res shared.VerifyResponse) {
		b.busy = false
		b.done = true
		// The last code ended the registration with a session.
		p.signedIn = p.signedIn || res.SignedIn
		if p.sms.done && p.email.done {
			ds.Focus(ctx, "confirm-done")
		}
	}, func(ctx app.Context, err error) {
		b.busy = false
		b.err = page.ErrText(err)
		var w *wrongCode
		if errors.As(err, &w) {
			b.ch = w.fresh // the attempts left
		}
		ds.Focus(ctx, "f-code-"+b.channel)
	})
}

// wrongCode is a wrong code's error with the challenge as it is now.
type wrongCode struct {
	error
	fresh shared.Challenge
}

func (w *wrongCode) Unwrap() error { return w.error }

func (p *confirmPage) resend(ctx app.Context, b *codeBox) {
	if b.resending || b.resendIn() > 0 {
		return
	}
	b.err, b.note = "", ""
	b.resending = true
	id := b.ch.ID
	page.Do(ctx, func() (shared.Challenge, error) { return page.API().Resend(ctx, id) },
		func(ctx app.Context, ch shared.Challenge) {
			b.resending = false
			b.ch = ch
			b.code = ""
			b.note = t("confirm.sent")
			p.tick(ctx)
		}, func(ctx app.Context, err error) {
			b.resending = false
			if e, ok := shared.AsError(err); ok && e.Code == shared.CodeResendTooSoon && e.RetryAfter > 0 {
				b.ch.ResendAt = page.API().ServerNow().Add(time.Duration(e.RetryAfter) * time.Second)
				p.tick(ctx)
				return
			}
			b.err = page.ErrText(err)
		})
}

func (p *confirmPage) onVerifySMS(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	e.PreventDefault()
	p.verify(ctx, &p.sms)
}
func (p *confirmPage) onVerifyEmail(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	e.PreventDefault()
	p.verify(ctx, &p.email)
}
func (p *confirmPage) onResendSMS(ctx app.Context, e app.Event)   { p.resend(p.On(ctx), &p.sms) }
func (p *confirmPage) onResendEmail(ctx app.Context, e app.Event) { p.resend(p.On(ctx), &p.email) }

func (p *confirmPage) Render() app.UI {
	return page.Public(
		app.Div().Class("narrow").Body(
			ds.NewPageHead(t("confirm.h1")).Lead(t("confirm.lead")),
			p.body(),
		),
	)
}

func (p *confirmPage) body() app.UI {
	switch {
	case p.data.Status == page.Failed:
		return ds.NewNotice(ds.Danger, t("confirm.failedTitle")).ID("form-error").Text(p.data.Err)
	case p.data.Status != page.Loaded:
		return ds.NewSkeleton(5, t("common.loading"))
	case p.data.Data.Missing:
		return ds.NewNotice(ds.Info, t("confirm.missingTitle")).Body(
			app.P().Text(t("confirm.missingText")),
			app.P().Body(
				app.A().Href(page.PathLogin).Text(t("confirm.missingLogin")), app.Text(" · "),
				app.A().Href(page.PathRegister).Text(t("confirm.missingRegister")),
			),
		)
	case p.sms.done && p.email.done:
		next, label, text := page.PathLogin, t("confirm.login"), t("confirm.doneText")
		if p.signedIn {
			next, label, text = page.PathCabinet, t("confirm.toCabinet"), t("confirm.doneSignedIn")
		}
		return app.Div().ID("confirm-done").TabIndex(-1).Body(
			ds.NewNotice(ds.Success, t("confirm.doneTitle")).Text(text),
			ds.Actions(ds.NewButton(label).ID("btn-confirm-login").Href(next)),
		)
	}
	return app.Div().Body(
		p.codeForm(&p.sms, p.onVerifySMS, p.onResendSMS),
		p.codeForm(&p.email, p.onVerifyEmail, p.onResendEmail),
	)
}

func (p *confirmPage) codeForm(b *codeBox, verify, resend app.EventHandler) app.UI {
	ch := b.channel
	if b.done {
		return ds.NewNotice(ds.Success, t("confirm.done."+ch)).ID("confirm-done-" + ch)
	}
	wait := b.resendIn()
	resendText := t("confirm.resend")
	if wait > 0 {
		resendText = t("confirm.resendIn", ds.MinSec(int((wait+time.Second-1)/time.Second)))
	}
	dest := b.ch.Destination
	hint := t("confirm.codeHint")
	if b.ch.AttemptsLeft > 0 {
		hint += " " + t("confirm.attemptsLeft", b.ch.AttemptsLeft)
	}
	return ds.NewCard(t("confirm.card."+ch)).ID("confirm-"+ch).Body(
		app.P().Body(app.Text(t("confirm.sentTo."+ch)+" "), app.Strong().Class("nowrap").Text(dest)),
		app.If(b.note != "", func() app.UI {
			return ds.NewNotice(ds.Success, b.note)
		}),
		app.Form().Class("form").NoValidate(true).OnSubmit(verify).Body(
			ds.NewTextField("f-code-"+ch, t("confirm.code."+ch)).
				Hint(hint).
				InputMode("numeric").
				AutoComplete("one-time-code").
				Width("10").
				MaxLength(6).
				Value(b.code).
				Error(b.err).
				OnChange(func(v string) { b.code = v }),
			ds.Actions(
				ds.NewButton(t("confirm.submit."+ch)).ID("btn-confirm-"+ch).Submit().Busy(b.busy, t("common.checking")),
				ds.NewButton(resendText).ID("btn-resend-"+ch).Kind(ds.Secondary).
					Disabled(wait > 0).Busy(b.resending, t("common.sending")).OnClick(resend),
			),
		),
	)
}
