package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/shared"
)

// loginPage signs in with a login (phone, e-mail, ИНН or СНИЛС) and a
// password. ?next= is where to go afterwards, ?expired=1 says the session
// ended from inactivity, ?out=1 confirms a sign-out.
type loginPage struct {
	app.Compo
	live

	next     string
	expired  bool
	out      bool
	login    string
	password string
	f        form
}

func (p *loginPage) OnNav(ctx app.Context) {
	setTitle(ctx, "login.title")
	q := ctx.Page().URL().Query()
	p.next = safeNext(q.Get("next"))
	p.expired = q.Get("expired") == "1"
	p.out = q.Get("out") == "1"
}

func (p *loginPage) submit(ctx app.Context, e app.Event) {
	ctx = p.on(ctx)
	e.PreventDefault()
	if !p.f.start() {
		return
	}
	req := shared.LoginRequest{Login: p.login, Password: p.password}
	req.Normalize()
	if err := req.Validate(); err != nil {
		p.f.fail(ctx, err)
		return
	}
	ctx.Async(func() {
		_, err := api.Login(ctx, req)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				p.f.fail(ctx, err)
				switch {
				case p.f.code == shared.CodePasswordLocked:
					p.f.message = t("login.locked")
				case p.f.code == shared.CodeRateLimited && p.f.retry > 0:
					p.f.message = t("login.rateLimited", ds.MinSec(p.f.retry))
				}
				return
			}
			p.f.done()
			ctx.Navigate(p.next)
		})
	})
}

// failure is what follows the form error when a sentence is not enough: a
// locked password is unlocked by recovering it.
func (p *loginPage) failure() []app.UI {
	if p.f.code == shared.CodePasswordLocked {
		return []app.UI{app.P().Body(app.A().ID("link-recover-locked").Href(PathRecover).Text(t("login.lockedLink")))}
	}
	return nil
}

func (p *loginPage) Render() app.UI {
	extra := p.failure()
	return page(
		app.Div().Class("narrow").Body(
			app.If(p.expired, func() app.UI {
				return ds.NewNotice(ds.Warning, t("login.expiredTitle")).ID("notice-expired").Text(t("login.expiredText"))
			}),
			app.If(p.out, func() app.UI {
				return ds.NewNotice(ds.Success, t("login.outTitle")).ID("notice-out")
			}),
			ds.NewPageHead(t("login.h1")).Lead(t("login.lead")),
			p.f.head([]string{"login", "password"}, extra...),
			app.Form().ID("form-login").Class("form").NoValidate(true).OnSubmit(p.submit).Body(
				ds.NewTextField("f-login", t("login.login")).
					Hint(t("login.loginHint")).
					AutoComplete("username").
					Value(p.login).
					Error(p.f.err("login")).
					OnChange(func(v string) { p.login = v }),
				ds.NewPasswordField("f-password", t("login.password"), t("password.show"), t("password.hide")).
					Value(p.password).
					Error(p.f.err("password")).
					OnChange(func(v string) { p.password = v }),
				app.Div().Class("actions").Body(
					ds.NewButton(t("login.submit")).ID("btn-login").Submit().Busy(p.f.busy, t("login.busy")),
				),
			),
			app.Ul().Class("links").Body(
				app.Li().Body(app.A().ID("link-recover").Href(PathRecover).Text(t("login.recover"))),
				app.Li().Body(app.Text(t("login.noAccount")+" "), app.A().ID("link-register").Href(PathRegister).Text(t("login.register"))),
			),
		),
	)
}
