package account

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
)

// outboxPage shows the messages the portal sent (development mode only),
// so a person can read the codes without a phone or a mailbox.
type outboxPage struct {
	app.Compo
	live

	data page.Remote[*outboxData]
}

// Outbox is the developer's outbox of messages sent (/dev/outbox).
func Outbox() app.Composer { return &outboxPage{} }

func (p *outboxPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "outbox.title")
	p.fetch(ctx)
}

func (p *outboxPage) fetch(ctx app.Context) {
	if app.IsServer || p.data.Status == page.Loading {
		return
	}
	qOutbox.Load(ctx, &p.data)
}

func (p *outboxPage) onRefresh(ctx app.Context, e app.Event) { p.fetch(p.On(ctx)) }

func (p *outboxPage) Render() app.UI {
	return page.Public(
		ds.NewPageHead(t("outbox.title")).Caption(t("outbox.caption")).Lead(t("outbox.lead")),
		ds.Actions(
			ds.NewButton(t("outbox.refresh")).ID("btn-refresh").Kind(ds.Secondary).Busy(p.data.Status == page.Loading, t("common.loading")).OnClick(p.onRefresh),
		),
		p.list(),
	)
}

func (p *outboxPage) list() app.UI {
	d := p.data.Data
	switch {
	case p.data.Status == page.Failed:
		return ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("form-error").Text(p.data.Err)
	case d == nil:
		return ds.NewSkeleton(4, t("common.loading"))
	case d.Off:
		return ds.NewNotice(ds.Info, t("outbox.offTitle")).ID("outbox-off").Text(t("outbox.offText"))
	case len(d.Msgs) == 0:
		return ds.NewEmptyState(t("outbox.emptyTitle"), t("outbox.emptyText"))
	}
	items := make([]app.UI, len(d.Msgs))
	for i, m := range d.Msgs {
		items[i] = app.Li().Class("outbox-msg").DataSet("channel", m.Channel).Body(
			app.Div().Class("outbox-msg__head").Body(
				ds.NewTag(ds.Info, t("outbox.channel."+m.Channel)),
				app.Strong().Class("outbox-msg__to").Text(m.To),
				app.Time().Class("muted").DateTime(m.CreatedAt.Format("2006-01-02T15:04:05Z07:00")).Text(page.FormatDateTime(m.CreatedAt)),
			),
			app.If(m.Subject != "", func() app.UI { return app.P().Class("outbox-msg__subject").Text(m.Subject) }),
			app.Pre().Class("outbox-msg__body").Text(m.Body),
		)
	}
	return app.Ul().Class("outbox").Body(items...)
}
