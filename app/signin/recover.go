package signin

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// recoverPage sets a new password in three steps: the login and where to
// send the code; the code and the new password; done.
type recoverPage struct {
	app.Compo
	live

	step     int // 0 ask, 1 code, 2 done
	login    string
	channel  string
	ch       shared.Challenge
	code     string
	password string
	note     string
	f        page.Form
	ticking  bool
}

// Recover is the page that sets a new password with a code (/recover).
func Recover() app.Composer { return &recoverPage{} }

func (p *recoverPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "recover.title")
	if p.channel == "" {
		p.channel = shared.ChannelSMS
	}
}

func (p *recoverPage) start(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	e.PreventDefault()
	if !p.f.Start() {
		return
	}
	req := shared.RecoverStartRequest{Login: p.login, Channel: p.channel}
	req.Normalize()
	if err := req.Validate(); err != nil {
		p.f.Fail(ctx, err)
		return
	}
	page.Do(ctx, func() (shared.Challenge, error) { return page.API().RecoverStart(ctx, req) },
		func(ctx app.Context, ch shared.Challenge) {
			p.f.Done()
			p.ch, p.step = ch, 1
			ds.Focus(ctx, "h1")
			p.tick(ctx)
		}, p.f.Fail)
}

func (p *recoverPage) finish(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	e.PreventDefault()
	if !p.f.Start() {
		return
	}
	req := shared.RecoverFinishRequest{ChallengeID: p.ch.ID, Code: p.code, Password: p.password}
	req.Normalize()
	if err := req.Validate(); err != nil {
		p.f.Fail(ctx, err)
		return
	}
	page.Run(ctx, func() error { return page.API().RecoverFinish(ctx, req) },
		func(ctx app.Context) {
			p.f.Done()
			p.step = 2
			ds.Focus(ctx, "h1")
		}, func(ctx app.Context, err error) {
			switch shared.ErrorCode(err) {
			case shared.CodeCodeInvalid, shared.CodeCodeExpired, shared.CodeCodeExhausted:
				err = &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{"code": {Code: shared.ErrorCode(err)}}}
			}
			p.f.Fail(ctx, err)
		})
}

func (p *recoverPage) resend(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if p.f.Busy || p.resendIn() > 0 {
		return
	}
	p.note = ""
	id := p.ch.ID
	page.Do(ctx, func() (shared.Challenge, error) { return page.API().Resend(ctx, id) },
		func(ctx app.Context, ch shared.Challenge) {
			p.ch = ch
			p.note = t("confirm.sent")
			p.tick(ctx)
		}, func(ctx app.Context, err error) {
			if e, ok := shared.AsError(err); ok && e.Code == shared.CodeResendTooSoon && e.RetryAfter > 0 {
				p.ch.ResendAt = page.API().ServerNow().Add(time.Duration(e.RetryAfter) * time.Second)
			} else {
				p.f.Fail(ctx, err)
			}
			p.tick(ctx)
		})
}

func (p *recoverPage) resendIn() time.Duration {
	if p.ch.ResendAt.IsZero() {
		return 0
	}
	if d := p.ch.ResendAt.Sub(page.API().ServerNow()); d > 0 {
		return d
	}
	return 0
}

func (p *recoverPage) tick(ctx app.Context) {
	if p.step != 1 || p.resendIn() <= 0 || p.ticking {
		return
	}
	p.ticking = true
	ctx.After(time.Second, func(ctx app.Context) {
		p.ticking = false
		p.tick(ctx)
	})
}

func (p *recoverPage) Render() app.UI {
	var body app.UI
	switch p.step {
	case 1:
		body = p.codeStep()
	case 2:
		body = p.doneStep()
	default:
		body = p.askStep()
	}
	return page.Public(app.Div().Class("narrow").Body(body)).StartOnUse(page.PathRecover)
}

func (p *recoverPage) askStep() app.UI {
	return app.Div().Body(
		ds.BackLink(page.PathLogin, t("recover.back")),
		ds.NewPageHead(t("recover.h1")).Lead(t("recover.lead")),
		p.f.Head([]string{"login", "channel"}),
		app.Form().ID("form-recover-start").Class("form").Method("post").NoValidate(true).OnSubmit(p.start).Body(
			ds.NewTextField("f-login", t("login.login")).
				Hint(t("login.loginHint")).AutoComplete("username").
				Value(p.login).Error(p.f.Err("login")).
				OnChange(func(v string) { p.login = v }),
			ds.NewRadios("channel", t("recover.channel")).
				Value(p.channel).Error(p.f.Err("channel")).
				Options(
					ds.Option{ID: "f-channel-sms", Value: shared.ChannelSMS, Label: t("recover.bySMS")},
					ds.Option{ID: "f-channel-email", Value: shared.ChannelEmail, Label: t("recover.byEmail")},
				).
				OnChange(func(v string) { p.channel = v }),
			ds.Actions(
				ds.NewButton(t("recover.send")).ID("btn-recover-start").Submit().Busy(p.f.Busy, t("common.sending")),
			),
		),
	)
}

func (p *recoverPage) codeStep() app.UI {
	sent := t("recover.sentSome." + p.channel)
	if p.ch.Destination != "" {
		sent = t("recover.sentTo."+p.channel, p.ch.Destination)
	}
	wait := p.resendIn()
	resendText := t("confirm.resend")
	if wait > 0 {
		resendText = t("confirm.resendIn", ds.MinSec(int((wait+time.Second-1)/time.Second)))
	}
	hint := t("confirm.codeHint")
	if p.ch.AttemptsLeft > 0 {
		hint += " " + t("confirm.attemptsLeft", p.ch.AttemptsLeft)
	}
	return app.Div().Body(
		ds.NewPageHead(t("recover.codeH1")).Lead(sent),
		app.If(p.note != "", func() app.UI { return ds.NewNotice(ds.Success, p.note) }),
		p.f.Head([]string{"code", "password"}),
		app.Form().ID("form-recover-finish").Class("form").Method("post").NoValidate(true).OnSubmit(p.finish).Body(
			ds.NewTextField("f-code", t("recover.code")).
				Hint(hint).InputMode("numeric").AutoComplete("one-time-code").Width("10").MaxLength(6).
				Value(p.code).Error(p.f.Err("code")).
				OnChange(func(v string) { p.code = v }),
			ds.NewPasswordField("f-password", t("field.newPassword"), t("password.show"), t("password.hide")).
				Hint(t("password.policy")).New(t("password.strength"), page.Strength).
				Value(p.password).Error(p.f.Err("password")).
				OnChange(func(v string) { p.password = v }),
			ds.Actions(
				ds.NewButton(t("recover.finish")).ID("btn-recover-finish").Submit().Busy(p.f.Busy, t("common.saving")),
				ds.NewButton(resendText).ID("btn-resend-"+p.channel).Kind(ds.Secondary).Disabled(wait > 0).OnClick(p.resend),
			),
		),
	)
}

func (p *recoverPage) doneStep() app.UI {
	return app.Div().Body(
		ds.NewPageHead(t("recover.doneH1")),
		ds.NewNotice(ds.Success, t("recover.doneTitle")).Text(t("recover.doneText")),
		ds.Actions(ds.NewButton(t("recover.login")).ID("btn-recover-login").Href(page.PathLogin)),
	)
}
