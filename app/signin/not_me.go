package signin

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// notMePage (/not-me#token) is the «Это не я — выйти везде» link of a
// sign-in notice. It asks before acting (mail scanners open links), then
// ends every session and locks the password until it is recovered.
type notMePage struct {
	app.Compo
	live

	token string
	f     page.Form
	done  bool
}

// NotMe is the page of «это не я» (/not-me): someone else signed in with my password.
func NotMe() app.Composer { return &notMePage{} }

func (p *notMePage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "notme.title")
	p.token = strings.TrimPrefix(ctx.Page().URL().Fragment, "#")
	p.f, p.done = page.Form{}, false
}

func (p *notMePage) confirm(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if !p.f.Start() {
		return
	}
	token := p.token
	page.Run(ctx, func() error { return page.API().NotMe(ctx, token) },
		func(ctx app.Context) {
			p.f.Done()
			p.done = true
			app.Window().Get("history").Call("replaceState", nil, "", "/not-me")
			ds.Focus(ctx, "notme-done")
		}, func(ctx app.Context, err error) {
			p.f.Fail(ctx, err)
			if shared.ErrorCode(err) == shared.CodeCodeExpired {
				p.f.Message = t("notme.expired")
			}
		})
}

func (p *notMePage) Render() app.UI {
	body := []app.UI{ds.NewPageHead(t("notme.h1")).Lead(t("notme.lead"))}
	switch {
	case p.done:
		body = append(body, ds.NewNotice(ds.Success, t("notme.doneTitle")).ID("notme-done").Text(t("notme.doneText")),
			ds.Actions(ds.NewButton(t("notme.recover")).ID("link-notme-recover").Href(page.PathRecover)))
	case p.token == "":
		body = append(body, ds.NewNotice(ds.Warning, t("notme.noTokenTitle")).ID("notme-no-token").Text(t("notme.noTokenText")))
	default:
		body = append(body, p.f.Head(nil),
			app.Ul().Class("list").Body(
				app.Li().Text(t("notme.what1")),
				app.Li().Text(t("notme.what2")),
				app.Li().Text(t("notme.what3")),
			),
			ds.Actions(
				ds.NewButton(t("notme.confirm")).ID("btn-notme").Kind(ds.DangerBtn).Busy(p.f.Busy, t("common.wait")).OnClick(p.confirm)))
	}
	return page.Public(app.Div().Class("narrow").Body(body...))
}
