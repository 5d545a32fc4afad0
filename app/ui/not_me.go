package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/shared"
)

// notMePage (/not-me#token) is the «Это не я — выйти везде» link of a
// sign-in notice. It asks before acting (mail scanners open links), then
// ends every session and locks the password until it is recovered.
type notMePage struct {
	app.Compo
	live

	token string
	f     form
	done  bool
}

func (p *notMePage) OnNav(ctx app.Context) {
	setTitle(ctx, "notme.title")
	p.token = strings.TrimPrefix(ctx.Page().URL().Fragment, "#")
	p.f, p.done = form{}, false
}

func (p *notMePage) confirm(ctx app.Context, e app.Event) {
	ctx = p.on(ctx)
	if !p.f.start() {
		return
	}
	token := p.token
	ctx.Async(func() {
		err := api.NotMe(ctx, token)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				p.f.fail(ctx, err)
				if shared.ErrorCode(err) == shared.CodeCodeExpired {
					p.f.message = t("notme.expired")
				}
				return
			}
			p.f.done()
			p.done = true
			app.Window().Get("history").Call("replaceState", nil, "", "/not-me")
			ds.Focus(ctx, "notme-done")
		})
	})
}

func (p *notMePage) Render() app.UI {
	body := []app.UI{ds.NewPageHead(t("notme.h1")).Lead(t("notme.lead"))}
	switch {
	case p.done:
		body = append(body, ds.NewNotice(ds.Success, t("notme.doneTitle")).ID("notme-done").Text(t("notme.doneText")),
			ds.Actions(ds.NewButton(t("notme.recover")).ID("link-notme-recover").Href(PathRecover)))
	case p.token == "":
		body = append(body, ds.NewNotice(ds.Warning, t("notme.noTokenTitle")).ID("notme-no-token").Text(t("notme.noTokenText")))
	default:
		body = append(body, p.f.head(nil),
			app.Ul().Class("list").Body(
				app.Li().Text(t("notme.what1")),
				app.Li().Text(t("notme.what2")),
				app.Li().Text(t("notme.what3")),
			),
			ds.Actions(
				ds.NewButton(t("notme.confirm")).ID("btn-notme").Kind(ds.DangerBtn).Busy(p.f.busy, t("common.wait")).OnClick(p.confirm)))
	}
	return page(app.Div().Class("narrow").Body(body...))
}
