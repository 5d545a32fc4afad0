package signin

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
)

// kioskSetupPage (/kiosk/setup#id.secret) turns this browser into the
// kiosk that the back office registered: the device secret from the link's
// fragment (never sent to the server in a URL) goes to localStorage.
// «Отключить режим терминала» turns it back into an ordinary browser.
type kioskSetupPage struct {
	app.Compo

	secret string
	done   bool
	off    bool
}

// KioskSetup is where staff make a browser a service centre's kiosk (/kiosk/setup).
func KioskSetup() app.Composer { return &kioskSetupPage{} }

func (p *kioskSetupPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "kiosk.title")
	p.secret = strings.TrimPrefix(ctx.Page().URL().Fragment, "#")
	p.done, p.off = false, false
}

func (p *kioskSetupPage) install(ctx app.Context, e app.Event) {
	page.SetKiosk(p.secret)
	app.Window().Get("history").Call("replaceState", nil, "", "/kiosk/setup") // the secret leaves the address bar
	p.done = true
}

func (p *kioskSetupPage) remove(ctx app.Context, e app.Event) {
	page.SetKiosk("")
	p.off = true
}

func (p *kioskSetupPage) Render() app.UI {
	body := []app.UI{ds.NewPageHead(t("kiosk.h1")).Lead(t("kiosk.lead"))}
	valid := strings.Count(p.secret, ".") == 1 && len(p.secret) > 40
	switch {
	case p.off:
		body = append(body, ds.NewNotice(ds.Success, t("kiosk.offTitle")).ID("kiosk-off").Text(t("kiosk.offText")))
	case p.done:
		body = append(body, ds.NewNotice(ds.Success, t("kiosk.doneTitle")).ID("kiosk-done").Text(t("kiosk.doneText")),
			ds.Actions(
				app.A().ID("link-kiosk-start").Class("button button--primary").Href(page.PathLogin).Text(t("kiosk.start"))))
	case valid:
		body = append(body, app.P().Text(t("kiosk.confirm")),
			ds.Actions(ds.NewButton(t("kiosk.install")).ID("btn-kiosk-install").OnClick(p.install)))
	case page.KioskMode():
		body = append(body, ds.NewNotice(ds.Info, t("kiosk.isTitle")).ID("kiosk-is").Text(t("kiosk.isText")),
			ds.Actions(ds.NewButton(t("kiosk.remove")).ID("btn-kiosk-remove").Kind(ds.DangerBtn).OnClick(p.remove)))
	default:
		body = append(body, ds.NewNotice(ds.Warning, t("kiosk.noLinkTitle")).ID("kiosk-no-link").Text(t("kiosk.noLinkText")))
	}
	return page.Public(app.Div().Class("narrow").Body(body...))
}
