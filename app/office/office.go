// Package office is the back office: the search of people, a person's
// card (data, confirmation of identity, status, sessions, journal, the
// lost-factor request), and the service centres' kiosks. The desks of the
// cabinets (the tax office's desk of the self-employed) belong to their
// cabinets' packages. Its pages are built in app/page's frame.
package office

import (
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// t is the interface text of key in the current language; out of line,
// as page's t says why.
//
//go:noinline
func t(key string, args ...any) string { return page.T(key, args...) }

// The frame's parts are embedded by every page under this package's own
// names, so that go-app does not take them for attributes (see app/ui's
// TestPagesHaveNoAttributes).
type (
	live   = page.Live
	authed = page.Authed
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
	f        page.Form

	resets       []shared.FactorReset // pending lost-factor requests
	resetsLoaded bool
}

// Home is the back office's start (/office): the search of people, the pending lost-factor requests, and the desks the staff member may open.
func Home() app.Composer { return &officePage{} }

func (p *officePage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "office.title")
	p.q = ctx.Page().URL().Query().Get("q")
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) {
		if s.Staff(shared.PermPeopleRead) && strings.TrimSpace(p.q) != "" {
			p.search(ctx, strings.TrimSpace(p.q))
		}
		if s.Staff(shared.PermPeopleConfirm) {
			p.loadResets(ctx)
		}
	})
}

func (p *officePage) submit(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	e.PreventDefault()
	q := strings.TrimSpace(p.q)
	if q == "" {
		p.f.Clear()
		p.f.SetField("q", shared.CodeRequired)
		p.f.Check(ctx)
		return
	}
	if ctx.Page().URL().Query().Get("q") == q {
		p.search(ctx, q)
		return
	}
	// The query goes into the address, so «Назад» from a person returns here.
	ctx.Navigate(page.PathOffice + "?q=" + url.QueryEscape(q))
}

func (p *officePage) search(ctx app.Context, q string) {
	if !p.f.Start() {
		return
	}
	ctx.Async(func() {
		res, err := page.API().SearchPeople(ctx, q)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if !page.APIFailed(ctx, err) {
					p.f.Fail(ctx, err)
				}
				return
			}
			p.f.Done()
			p.results, p.searched = res.Items, q
		})
	})
}

func (p *officePage) Render() app.UI {
	head := ds.NewPageHead(t("office.title")).Caption(t("office.caption")).Lead(t("office.lead"))
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavOffice, head, g)
	}
	if g := p.FactorGate(); g != nil {
		return page.Private(p.Sess, page.NavOffice, g...)
	}
	a := p.Account()
	if !a.Can(shared.PermPeopleRead) {
		// A tax officer's back office has no people search: only the desks.
		if s := officeShortcuts(a); s != nil {
			return page.Private(p.Sess, page.NavOffice, ds.NewPageHead(t("office.caption")).Lead(t("office.desksLead")), s)
		}
		return page.Private(p.Sess, page.NavOffice, page.NoAccess()...)
	}
	return page.Private(p.Sess, page.NavOffice,
		head,
		p.f.Head([]string{"q"}),
		app.Form().ID("form-search").Class("form form--inline").Attr("role", "search").NoValidate(true).OnSubmit(p.submit).Body(
			ds.NewTextField("f-q", t("office.q")).Hint(t("office.qHint")).Type("search").
				Value(p.q).Error(p.f.Err("q")).OnChange(func(v string) { p.q = v }),
			ds.Actions(
				ds.NewButton(t("office.search")).ID("btn-search").Submit().Busy(p.f.Busy, t("office.searching")),
			),
		),
		p.resultsView(),
		p.resetsView(),
		officeShortcuts(a),
	).Wide()
}

// officeShortcuts are the back office's desks the staff member may open;
// nil when none.
func officeShortcuts(a shared.Account) app.UI {
	var items []app.UI
	if a.Can(shared.PermNPDRead) {
		items = append(items, ds.Shortcut(page.PathOfficeNPD, t("onpd.office"), t("onpd.officeText")))
	}
	if a.Can(shared.PermKiosksManage) {
		items = append(items, ds.Shortcut(page.PathKiosks, t("office.toKiosks"), t("office.toKiosksText")))
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
			page.OrDash(page.FormatPhone(a.Phone)),
			page.OrDash(a.Email),
			page.LevelTag(a.Level),
			page.StatusTag(a.Status),
		}
	}
	return ds.NewTable(t("office.results", len(p.results)),
		t("profile.name"), t("field.phone"), t("field.email"), t("profile.level"), t("profile.status"),
	).ID("results").Rows(rows)
}
