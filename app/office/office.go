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

	q       string
	results page.Remote[[]shared.Account] // of the search in the address
	f       page.Form                     // the search's own check

	resets page.Remote[[]shared.FactorReset] // pending lost-factor requests
}

// Home is the back office's start (/office): the search of people, the pending lost-factor requests, and the desks the staff member may open.
func Home() app.Composer { return &officePage{} }

func (p *officePage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "office.title")
	p.q = ctx.Page().URL().Query().Get("q")
	p.results, p.resets, p.f = page.Remote[[]shared.Account]{}, page.Remote[[]shared.FactorReset]{}, page.Form{}
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
	p.f.Clear()
	if q == "" {
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

// search asks for the people matching q; a failure is the search form's
// error, focused as a form's is.
func (p *officePage) search(ctx app.Context, q string) {
	peopleQuery.Load(p.On(ctx), &p.results, app.T("q", q)).OnChange(func() {
		if p.results.Status == page.Failed {
			ds.Focus(p.Self, "form-error")
		}
	})
}

// searchForm is the search form's state: its own check, or the search's
// progress and failure.
func (p *officePage) searchForm() page.Form {
	f := p.f
	switch {
	case len(f.Fields) > 0:
	case p.results.Status == page.Loading:
		f.Busy = true
	case p.results.Status == page.Failed:
		f.Message = p.results.Err
	}
	return f
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
	f := p.searchForm()
	return page.Private(p.Sess, page.NavOffice,
		head,
		f.Head([]string{"q"}),
		app.Form().ID("form-search").Class("form form--inline").Attr("role", "search").NoValidate(true).OnSubmit(p.submit).Body(
			ds.NewTextField("f-q", t("office.q")).Hint(t("office.qHint")).Type("search").
				Value(p.q).Error(f.Err("q")).OnChange(func(v string) { p.q = v }),
			ds.Actions(
				ds.NewButton(t("office.search")).ID("btn-search").Submit().Busy(f.Busy, t("office.searching")),
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
	if a.Can(shared.PermIPRegistry) {
		items = append(items, ds.Shortcut(page.PathOfficeIP, t("oip.office"), t("oip.officeText")))
	}
	if a.Can(shared.PermDocumentsDesk) {
		items = append(items, ds.Shortcut("/office/documents", t("office.toDocuments"), t("office.toDocumentsText")))
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
	if !p.results.Has() {
		return nil
	}
	found := p.results.Data
	if len(found) == 0 {
		return ds.NewEmptyState(t("office.noneTitle"), t("office.noneText"))
	}
	rows := make([][]app.UI, len(found))
	for i, a := range found {
		rows[i] = []app.UI{
			app.A().Class("person-link").Href("/office/people/" + url.PathEscape(a.ID)).Text(a.FullName()),
			page.OrDash(page.FormatPhone(a.Phone)),
			page.OrDash(a.Email),
			page.LevelTag(a.Level),
			page.StatusTag(a.Status),
		}
	}
	return ds.NewTable(t("office.results", len(found)),
		t("profile.name"), t("field.phone"), t("field.email"), t("profile.level"), t("profile.status"),
	).ID("results").Rows(rows)
}
