package signin

import (
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

	loading  bool
	missing  bool // no challenges and no session: nothing to confirm here
	failed   string
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
		p.loading = true
		return
	}
	q := ctx.Page().URL().Query()
	phoneID, emailID := q.Get("phone"), q.Get("email")
	p.loading = true
	if phoneID != "" || emailID != "" {
		p.loadChallenges(ctx, phoneID, emailID)
		return
	}
	p.startForSession(ctx)
}

func (p *confirmPage) loadChallenges(ctx app.Context, phoneID, emailID string) {
	ctx.Async(func() {
		var sms, email shared.Challenge
		var err error
		if phoneID != "" {
			sms, err = page.API().Challenge(ctx, phoneID)
		}
		if err == nil && emailID != "" {
			email, err = page.API().Challenge(ctx, emailID)
		}
		ctx.Dispatch(func(ctx app.Context) {
			p.loading = false
			if err != nil {
				p.failed = page.ErrText(err)
				return
			}
			p.sms.ch, p.email.ch = sms, email
			p.sms.done, p.email.done = phoneID == "", emailID == ""
			p.tick(ctx)
		})
	})
}

// startForSession asks for codes to the signed-in person's unconfirmed
// contacts.
func (p *confirmPage) startForSession(ctx app.Context) {
	ctx.Async(func() {
		s, err := page.API().Session(ctx)
		var sms, email shared.Challenge
		if err == nil && !s.Account.PhoneConfirmed {
			sms, err = page.API().VerifyContact(ctx, shared.ChannelSMS)
		}
		if err == nil && !s.Account.EmailConfirmed {
			email, err = page.API().VerifyContact(ctx, shared.ChannelEmail)
		}
		ctx.Dispatch(func(ctx app.Context) {
			p.loading = false
			switch {
			case page.IsAuthError(err):
				p.missing = true
				return
			case err != nil:
				p.failed = page.ErrText(err)
				return
			}
			p.signedIn = true
			p.sms.ch, p.email.ch = sms, email
			p.sms.done, p.email.done = s.Account.PhoneConfirmed, s.Account.EmailConfirmed
			p.tick(ctx)
		})
	})
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
	ctx.Async(func() {
		res, err := page.API().Verify(ctx, shared.VerifyRequest{ChallengeID: id, Code: code})
		var fresh shared.Challenge
		var ferr error
		if shared.ErrorCode(err) == shared.CodeCodeInvalid {
			fresh, ferr = page.API().Challenge(ctx, id)
		}
		ctx.Dispatch(func(ctx app.Context) {
			b.busy = false
			if err != nil {
				b.err = page.ErrText(err)
				if ferr == nil && fresh.ID != "" {
					b.ch = fresh
				}
				ds.Focus(ctx, "f-code-"+b.channel)
				return
			}
			b.done = true
			// The last code ended the registration with a session.
			p.signedIn = p.signedIn || res.SignedIn
			if p.sms.done && p.email.done {
				ds.Focus(ctx, "confirm-done")
			}
		})
	})
}

func (p *confirmPage) resend(ctx app.Context, b *codeBox) {
	if b.resending || b.resendIn() > 0 {
		return
	}
	b.err, b.note = "", ""
	b.resending = true
	id := b.ch.ID
	ctx.Async(func() {
		ch, err := page.API().Resend(ctx, id)
		ctx.Dispatch(func(ctx app.Context) {
			b.resending = false
			if err != nil {
				if e, ok := shared.AsError(err); ok && e.Code == shared.CodeResendTooSoon && e.RetryAfter > 0 {
					b.ch.ResendAt = page.API().ServerNow().Add(time.Duration(e.RetryAfter) * time.Second)
					p.tick(ctx)
					return
				}
				b.err = page.ErrText(err)
				return
			}
			b.ch = ch
			b.code = ""
			b.note = t("confirm.sent")
			p.tick(ctx)
		})
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
	case p.loading:
		return ds.NewSkeleton(5, t("common.loading"))
	case p.missing:
		return ds.NewNotice(ds.Info, t("confirm.missingTitle")).Body(
			app.P().Text(t("confirm.missingText")),
			app.P().Body(
				app.A().Href(page.PathLogin).Text(t("confirm.missingLogin")), app.Text(" · "),
				app.A().Href(page.PathRegister).Text(t("confirm.missingRegister")),
			),
		)
	case p.failed != "":
		return ds.NewNotice(ds.Danger, t("confirm.failedTitle")).ID("form-error").Text(p.failed)
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
