package page

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
)

// notFoundPage answers every path that is not a page.
type notFoundPage struct {
	app.Compo
	Live
}

// NotFound is the page of every path that is not a page's.
func NotFound() app.Composer { return &notFoundPage{} }

func (p *notFoundPage) OnNav(ctx app.Context) { SetTitle(ctx, "notFound.title") }

func (p *notFoundPage) Render() app.UI {
	return Public(
		ds.NewPageHead(t("notFound.title")).Lead(t("notFound.lead")),
		app.P().Text(t("notFound.text")),
		ds.Actions(
			ds.NewButton(t("notFound.home")).Href(PathHome),
			ds.NewButton(t("notFound.cabinet")).Kind(ds.Secondary).Href(PathCabinet),
		),
	)
}
