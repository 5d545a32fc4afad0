package npd

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// npdReceiptsPage (/npd/receipts) is every receipt, filtered by period,
// buyer and status, searched by number, buyer or item, with the exports of
// what the filter shows (XLSX and PDF).
type npdReceiptsPage struct {
	app.Compo
	live
	authed

	items page.Remote[[]sharednpd.Receipt]
	view  receiptsView

	ff                   page.Form
	from, to, buyer, stt string
	q                    string
}

// Receipts is every receipt of the payer (/npd/receipts).
func Receipts() app.Composer { return &npdReceiptsPage{} }

func (p *npdReceiptsPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "npd.receiptsTitle")
	p.items, p.view = page.Remote[[]sharednpd.Receipt]{}, receiptsView{}
	// A filter in the address (a day of the income page) is the filter shown.
	if q := ctx.Page().URL().Query(); len(q) > 0 {
		p.from, p.to, p.buyer, p.stt, p.q = q.Get("from"), q.Get("to"), q.Get("buyer"), q.Get("status"), q.Get("q")
	}
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) { p.reload(p.On(ctx)) })
}

func (p *npdReceiptsPage) query() (map[string]string, bool) {
	p.ff.Clear()
	for field, v := range map[string]string{"from": p.from, "to": p.to} {
		if v == "" {
			continue
		}
		if _, err := shared.ParseDate(v); err != nil {
			p.ff.SetField(field, shared.ErrorCode(err))
		}
	}
	return map[string]string{"from": p.from, "to": p.to, "buyer": p.buyer, "status": p.stt, "q": p.q}, len(p.ff.Fields) == 0
}

func (p *npdReceiptsPage) reload(ctx app.Context) {
	f, ok := p.query()
	if !ok {
		p.ff.Check(ctx)
		return
	}
	tags := app.Tags{}
	for k, v := range f {
		if v != "" {
			tags.Set(k, v)
		}
	}
	receiptsQuery.Load(p.On(ctx), &p.items, tags)
}

// unfolded reports whether the filter shows open: on a phone it is folded
// unless it filters, so that the receipts, not the filter's nine fields,
// fill the first screen.
func (p *npdReceiptsPage) unfolded() bool {
	return app.IsServer || p.from+p.to+p.buyer+p.stt+p.q != "" ||
		app.Window().Call("matchMedia", "(min-width: 600px)").Get("matches").Bool()
}

func (p *npdReceiptsPage) exportLink(kind string) string {
	q := receiptQuery(p.from, p.to, p.buyer, p.stt, p.q).Encode()
	if q != "" {
		q = "?" + q
	}
	return shared.APIPrefix + "/npd/export." + kind + q
}

func (p *npdReceiptsPage) Render() app.UI {
	body := npdHead(page.PathNPDReceipts, t("npd.receiptsH1"), t("npd.receiptsLead"))
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavCabinet, append(body, g)...)
	}
	if c := npdClosed(failedCode(p.items)); c != nil {
		return page.Private(p.Sess, page.NavCabinet, append(body, c)...)
	}
	if p.view.notice != "" {
		body = append(body, ds.NewNotice(ds.Success, p.view.notice).ID("npd-notice"))
	}
	body = append(body, ds.NewCard("").ID("npd-filter").Body(p.ff.Head([]string{"from", "to"}), app.Details().ID("npd-filter-fold").Class("filters-fold").Open(p.unfolded()).Body(
		app.Summary().Class("card__title").Text(t("npd.filterTitle")),
		app.Form().ID("form-filter").Class("form").NoValidate(true).OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			p.reload(p.On(ctx))
		}).Body(
			app.Div().Class("filters").Body(
				ds.NewDateField("f-from", t("npd.from")).Value(p.from).Error(p.ff.Err("from")).OnChange(func(v string) { p.from = v }),
				ds.NewDateField("f-to", t("npd.to")).Value(p.to).Error(p.ff.Err("to")).OnChange(func(v string) { p.to = v }),
				ds.NewTextField("f-q", t("npd.search")).Hint(t("npd.searchHint")).Value(p.q).OnChange(func(v string) { p.q = v }),
			),
			ds.NewRadios("buyer", t("npd.buyer")).Inline().Value(p.buyer).Options(
				ds.Option{ID: "f-fbuyer-any", Value: "", Label: t("npd.any")},
				ds.Option{ID: "f-fbuyer-person", Value: sharednpd.BuyerPerson, Label: t("npd.buyer.person")},
				ds.Option{ID: "f-fbuyer-business", Value: sharednpd.BuyerBusiness, Label: t("npd.buyer.business")},
				ds.Option{ID: "f-fbuyer-foreign", Value: sharednpd.BuyerForeign, Label: t("npd.buyer.foreign")},
			).OnChange(func(v string) { p.buyer = v }),
			ds.NewRadios("status", t("profile.status")).Inline().Value(p.stt).Options(
				ds.Option{ID: "f-fstatus-any", Value: "", Label: t("npd.any")},
				ds.Option{ID: "f-fstatus-active", Value: "active", Label: t("npd.valid")},
				ds.Option{ID: "f-fstatus-annulled", Value: "annulled", Label: t("npd.annulled")},
			).OnChange(func(v string) { p.stt = v }),
			ds.Actions(
				ds.NewButton(t("npd.apply")).ID("btn-filter").Submit(),
				app.A().ID("link-export-xlsx").Class("button button--secondary").Href(p.exportLink("xlsx")).Attr("download", "").Text(t("npd.exportXLSX")),
				app.A().ID("link-export-pdf").Class("button button--secondary").Href(p.exportLink("pdf")).Attr("download", "").Text(t("npd.exportPDF")),
			),
		),
	)))
	switch {
	case p.items.Status == page.Failed:
		body = append(body, unavailable(p.items.Err))
	case !p.items.Has():
		body = append(body, ds.NewSkeleton(4, t("common.loading")))
	default:
		body = append(body, app.P().ID("npd-found").Text(t("npd.found", len(p.items.Data))), p.view.render(p.items.Data, p.On, p.reload))
	}
	return page.Private(p.Sess, page.NavCabinet, body...)
}
