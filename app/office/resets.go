package office

import (
	"net/url"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
)

// loadResets asks for the pending «нет доступа к второму фактору»
// requests, for staff who confirm people; each is settled on the person's
// page.
func (p *officePage) loadResets(ctx app.Context) { resetsQuery.Load(p.On(ctx), &p.resets) }

// resetsView lists the pending requests, oldest first.
func (p *officePage) resetsView() app.UI {
	if !p.resets.Has() {
		return nil
	}
	resets := p.resets.Data
	head := []app.UI{app.H2().Text(t("office.resets.title")), app.P().Class("muted").Text(t("office.resets.lead"))}
	if len(resets) == 0 {
		return app.Section().ID("resets").Body(append(head, app.P().ID("resets-empty").Text(t("office.resets.empty")))...)
	}
	rows := make([][]app.UI, len(resets))
	for i, r := range resets {
		rows[i] = []app.UI{
			app.A().Class("reset-link").Href("/office/people/" + url.PathEscape(r.AccountID)).Text(r.Name),
			page.LevelTag(r.Level),
			app.Text(page.FormatDateTime(r.CreatedAt)),
			app.Text(r.Device + ", " + r.IP),
		}
	}
	return app.Section().ID("resets").Body(append(head,
		ds.NewTable(t("office.resets.title"), t("office.resets.person"), t("profile.level"), t("office.resets.filed"),
			t("office.resets.from")).ID("resets-table").Rows(rows))...)
}
