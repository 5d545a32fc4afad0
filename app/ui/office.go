package ui

import (
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/shared"
)

// officePage is the back office's search of people (?q=). Only staff with
// people.read see it; others get a clear "no access" page.
type officePage struct {
	app.Compo
	live
	authed

	q        string
	searched string
	results  []shared.Account
	f        form

	resets       []shared.FactorReset // pending lost-factor requests
	resetsLoaded bool
}

func (p *officePage) OnNav(ctx app.Context) {
	setTitle(ctx, "office.title")
	p.q = ctx.Page().URL().Query().Get("q")
	p.load(ctx, func(ctx app.Context, s shared.SessionInfo) {
		if s.Staff(shared.PermPeopleRead) && strings.TrimSpace(p.q) != "" {
			p.search(ctx, strings.TrimSpace(p.q))
		}
		if s.Staff(shared.PermPeopleConfirm) {
			p.loadResets(ctx)
		}
	})
}

func (p *officePage) submit(ctx app.Context, e app.Event) {
	ctx = p.on(ctx)
	e.PreventDefault()
	q := strings.TrimSpace(p.q)
	if q == "" {
		p.f.clear()
		p.f.setField("q", shared.CodeRequired)
		p.f.check(ctx)
		return
	}
	if ctx.Page().URL().Query().Get("q") == q {
		p.search(ctx, q)
		return
	}
	// The query goes into the address, so «Назад» from a person returns here.
	ctx.Navigate(PathOffice + "?q=" + url.QueryEscape(q))
}

func (p *officePage) search(ctx app.Context, q string) {
	if !p.f.start() {
		return
	}
	ctx.Async(func() {
		res, err := api.SearchPeople(ctx, q)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if !apiFailed(ctx, err) {
					p.f.fail(ctx, err)
				}
				return
			}
			p.f.done()
			p.results, p.searched = res.Items, q
		})
	})
}

func (p *officePage) Render() app.UI {
	head := ds.NewPageHead(t("office.title")).Caption(t("office.caption")).Lead(t("office.lead"))
	if g := p.gate(); g != nil {
		return privatePage(p.sess, navOffice, head, g)
	}
	if g := p.factorGate(); g != nil {
		return privatePage(p.sess, navOffice, g...)
	}
	a := p.account()
	if !a.Can(shared.PermPeopleRead) {
		// A tax officer's back office has no people search: only the desks.
		if s := officeShortcuts(a); s != nil {
			return privatePage(p.sess, navOffice, ds.NewPageHead(t("office.caption")).Lead(t("office.desksLead")), s)
		}
		return privatePage(p.sess, navOffice, noAccess()...)
	}
	return privatePage(p.sess, navOffice,
		head,
		p.f.head([]string{"q"}),
		app.Form().ID("form-search").Class("form form--inline").Attr("role", "search").NoValidate(true).OnSubmit(p.submit).Body(
			ds.NewTextField("f-q", t("office.q")).Hint(t("office.qHint")).Type("search").
				Value(p.q).Error(p.f.err("q")).OnChange(func(v string) { p.q = v }),
			ds.Actions(
				ds.NewButton(t("office.search")).ID("btn-search").Submit().Busy(p.f.busy, t("office.searching")),
			),
		),
		p.resultsView(),
		p.resetsView(),
		officeShortcuts(a),
	).wide()
}

// officeShortcuts are the back office's desks the staff member may open;
// nil when none.
func officeShortcuts(a shared.Account) app.UI {
	var items []app.UI
	if a.Can(shared.PermNPDRead) {
		items = append(items, ds.Shortcut(PathOfficeNPD, t("onpd.office"), t("onpd.officeText")))
	}
	if a.Can(shared.PermKiosksManage) {
		items = append(items, ds.Shortcut(PathKiosks, t("office.toKiosks"), t("office.toKiosksText")))
	}
	if items == nil {
		return nil
	}
	return app.Ul().ID("office-desks").Class("shortcuts").Body(items...)
}

func (p *officePage) resultsView() app.UI {
	if p.searched == "" {
		return nil
	}
	if len(p.results) == 0 {
		return ds.NewEmptyState(t("office.noneTitle"), t("office.noneText"))
	}
	rows := make([][]app.UI, len(p.results))
	for i, a := range p.results {
		rows[i] = []app.UI{
			app.A().Class("person-link").Href("/office/people/" + url.PathEscape(a.ID)).Text(a.FullName()),
			orDash(formatPhone(a.Phone)),
			orDash(a.Email),
			levelTag(a.Level),
			statusTag(a.Status),
		}
	}
	return ds.NewTable(t("office.results", len(p.results)),
		t("profile.name"), t("field.phone"), t("field.email"), t("profile.level"), t("profile.status"),
	).ID("results").Rows(rows)
}
