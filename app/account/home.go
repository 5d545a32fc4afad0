package account

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
)

// homePage is the public start page: what Kabinet is, the three cabinets,
// and how to confirm an account.
type homePage struct {
	app.Compo
	live
}

// Home is the portal's front page (/): the cabinets and the way in.
func Home() app.Composer { return &homePage{} }

func (p *homePage) OnNav(ctx app.Context) {
	if page.KioskAway(ctx) {
		return
	}
	page.SetTitle(ctx, "home.title")
}

func (p *homePage) Render() app.UI {
	return page.Public(
		app.Div().Class("hero").Body(
			ds.NewPageHead(t("home.h1")).Lead(t("home.lead")),
			ds.Actions(
				ds.NewButton(t("home.login")).ID("btn-home-login").Href(page.PathLogin),
				ds.NewButton(t("home.register")).ID("btn-home-register").Kind(ds.Secondary).Href(page.PathRegister),
			),
		),
		app.H2().Text(t("home.cabinetsTitle")),
		app.P().Text(t("home.cabinetsLead")),
		app.Div().Class("grid grid--3").Body(
			cabinetCard("ip", mutedText("cabinets.needsConfirmed")),
			cabinetCard("npd", mutedText("cabinets.needsConfirmed")),
			cabinetCard("org", mutedText("cabinets.needsConfirmed")),
		),
		app.H2().Text(t("home.confirmTitle")),
		app.P().Text(t("home.confirmLead")),
		app.Ol().Class("steps").Body(
			step("home.step1Title", "home.step1Text"),
			step("home.step2Title", "home.step2Text"),
			step("home.step3Title", "home.step3Text"),
		),
		// One way in the app today: a «Ключ Кабинета» is issued only to a
		// confirmed account, and confirming with an external signature
		// has an API (/me/signature/confirm) but no page yet.
		ds.NewNotice(ds.Info, t("home.waysTitle")).ID("home-ways").Body(
			app.P().Text(t("home.wayCentre")),
		),
	).StartOnUse(page.PathHome)
}

func step(title, text string) app.UI {
	return app.Li().Class("steps__item").Body(
		app.P().Class("steps__title").Text(t(title)),
		app.P().Text(t(text)),
	)
}

// cabinetCard describes one of the three business cabinets; footer says
// whether the reader can open it and, if not, what is missing.
func cabinetCard(name string, footer app.UI) app.UI {
	items := []app.UI{}
	for _, k := range []string{"1", "2", "3"} {
		items = append(items, app.Li().Text(t("cabinets."+name+".can"+k)))
	}
	return ds.NewCard(t("cabinets."+name+".title")).
		ID("cabinet-"+name).
		Body(
			app.P().Text(t("cabinets."+name+".text")),
			app.Ul().Class("list").Body(items...),
		).
		Footer(footer)
}

func mutedText(key string) app.UI { return app.P().Class("muted").Text(t(key)) }
