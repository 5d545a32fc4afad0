package ip

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// deskPage (/office/ip?form=) is the registry officer's desk: the queue
// of filings by form and age with the deadline, overdue first, and the
// search of ИП by ИНН, ОГРНИП or name.
type deskPage struct {
	app.Compo
	live
	authed

	form  string
	queue page.Remote[sharedip.Queue]

	q       string
	sf      page.Form
	found   []shared.RegistryEntry
	didFind bool
}

// Desk is the registry officer's desk (/office/ip).
func Desk() app.Composer { return &deskPage{} }

func (p *deskPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "oip.title")
	p.form = ctx.Page().URL().Query().Get("form")
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) {
		if s.Staff(shared.PermIPRegistry) {
			queueQuery.Load(ctx, &p.queue, app.T("form", p.form))
		}
	})
}

// staffGate is what a registry page shows in place of itself to someone
// who may not use the desk; nil for a registry officer.
func staffGate(a *authed, title string) []app.UI {
	if g := a.Gate(); g != nil {
		return []app.UI{ds.NewPageHead(title), g}
	}
	if g := a.FactorGate(); g != nil {
		return g
	}
	if !a.Account().Can(shared.PermIPRegistry) {
		return page.NoAccess()
	}
	return nil
}

func (p *deskPage) Render() app.UI {
	if g := staffGate(&p.authed, t("oip.title")); g != nil {
		return page.Private(p.Sess, page.NavOffice, g...)
	}
	return page.Private(p.Sess, page.NavOffice,
		ds.BackLink(page.PathOffice, t("oip.toOffice")),
		ds.NewPageHead(t("oip.title")).Caption(t("office.caption")).Lead(t("oip.lead")),
		p.queueCard(),
		p.searchCard(),
	).Wide()
}

// formFilter is the queue's forms as links: all, or one form.
func (p *deskPage) formFilter() app.UI {
	link := func(form, key string) app.UI {
		href := page.PathOfficeIP
		if form != "" {
			href += "?form=" + form
		}
		a := app.A().ID("queue-form-" + strings.ToLower(orDash(form))).Href(href).Text(t(key))
		if form == p.form {
			a = a.Aria("current", "page")
		}
		return app.Li().Body(a)
	}
	items := []app.UI{link("", "oip.allForms")}
	for _, f := range sharedip.Forms {
		items = append(items, link(f, "oip.formShort."+f))
	}
	return app.Nav().Aria("label", t("oip.filterLabel")).Body(app.Ul().Class("subnav").Body(items...))
}

func (p *deskPage) queueCard() app.UI {
	card := ds.NewCard(t("oip.queueTitle")).ID("oip-queue")
	q := p.queue
	switch {
	case q.Status == page.Failed:
		return card.Body(p.formFilter(), ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("oip-queue-error").Text(q.Err))
	case q.Status != page.Loaded && len(q.Data.Items) == 0:
		return card.Body(p.formFilter(), ds.NewSkeleton(4, t("common.loading")))
	case len(q.Data.Items) == 0:
		return card.Body(p.formFilter(), ds.NewEmptyState(t("oip.queueEmpty"), t("oip.queueEmptyText")))
	}
	rows := make([][]app.UI, 0, len(q.Data.Items))
	for _, it := range q.Data.Items {
		due := app.Span().Text(page.FormatISODate(it.DueOn))
		if it.Overdue {
			due = app.Span().Body(ds.NewTag(ds.Danger, t("oip.overdue")), app.Text(" "+page.FormatISODate(it.DueOn)))
		}
		rows = append(rows, []app.UI{
			app.A().ID("queue-" + it.ID).Href(page.PathOfficeIPFilings + it.ID).Text(it.Number),
			app.Text(t("oip.formShort." + it.Form)),
			app.Text(it.Applicant + ", " + it.INN),
			app.Text(t("oip.ageDays", strconv.Itoa(it.AgeDays))),
			due,
			filingTag(it.Status),
		})
	}
	return card.Body(p.formFilter(),
		ds.NewTable(t("oip.queueCaption", len(rows)), t("ip.col.number"), t("ip.col.form"), t("oip.applicant"), t("oip.age"), t("oip.due"), t("ip.col.status")).
			ID("oip-queue-table").Rows(rows))
}

func (p *deskPage) searchCard() app.UI {
	var result app.UI
	if p.didFind {
		if len(p.found) == 0 {
			result = ds.NewEmptyState(t("office.noneTitle"), t("oip.searchNone"))
		} else {
			rows := make([][]app.UI, 0, len(p.found))
			for _, e := range p.found {
				rows = append(rows, []app.UI{
					app.A().ID("oip-found-" + e.INN).Href(page.PathOfficeIPRecords + e.INN).Text(e.Name),
					app.Text(e.INN), app.Text(e.OGRN),
					ds.NewTag(recordKind(e.Status), t("ip.record."+e.Status)),
				})
			}
			result = ds.NewTable(t("oip.searchResults", len(p.found)), t("ip.fio"), t("field.inn"), t("ip.ogrnip"), t("ip.statusLabel")).
				ID("oip-found").Rows(rows)
		}
	}
	return ds.NewCard(t("oip.searchTitle")).ID("oip-search").Body(
		p.sf.Head([]string{"q"}),
		app.Form().ID("form-oip-search").Class("form form--inline").Attr("role", "search").NoValidate(true).OnSubmit(p.onSearch).Body(
			ds.NewTextField("f-q", t("oip.q")).Hint(t("oip.qHint")).Type("search").
				Value(p.q).Error(p.sf.Err("q")).OnChange(func(v string) { p.q = v }),
			ds.Actions(ds.NewButton(t("office.search")).ID("btn-oip-search").Submit().Busy(p.sf.Busy, t("office.searching"))),
		),
		result,
	)
}

func (p *deskPage) onSearch(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	e.PreventDefault()
	if !p.sf.Start() {
		return
	}
	q := strings.TrimSpace(p.q)
	if q == "" {
		p.sf.SetField("q", shared.CodeRequired)
		p.sf.Check(ctx)
		return
	}
	page.Do(ctx, func() (sharedip.SearchResult, error) { return page.API().SearchIP(ctx, q) },
		func(ctx app.Context, r sharedip.SearchResult) {
			p.sf.Done()
			p.found, p.didFind = r.Items, true
		}, p.sf.Fail)
}
