package account

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// journalPage lists the account's events, newest first, a page at a time:
// the pages shown so far, and the last one asked for, which it observes.
type journalPage struct {
	app.Compo
	live
	authed

	older  []shared.JournalEntry    // the pages before the last one
	intact *shared.JournalIntegrity // the chain's check, which the first page brings
	before int64                    // where the last page starts
	last   page.Remote[*shared.JournalPage]
}

// Journal is the account's journal of events (/journal).
func Journal() app.Composer { return &journalPage{} }

func (p *journalPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "journal.title")
	p.older, p.intact, p.before, p.last = nil, nil, 0, page.Remote[*shared.JournalPage]{}
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) { qJournal.Load(p.On(ctx), &p.last, app.T("before", 0)) })
}

// onMore loads the next page.
func (p *journalPage) onMore(ctx app.Context, e app.Event) {
	if p.last.Status != page.Loaded || p.last.Data.NextBefore == 0 {
		return
	}
	pg := p.last.Data
	p.older = append(p.older[:len(p.older):len(p.older)], pg.Items...)
	if pg.Integrity != nil {
		p.intact = pg.Integrity
	}
	p.before = pg.NextBefore
	qJournal.Load(p.On(ctx), &p.last, app.T("before", p.before))
}

// view is the entries so far, where the next page starts, and the chain's check.
func (p *journalPage) view() (items []shared.JournalEntry, next int64, intact *shared.JournalIntegrity) {
	items, next, intact = p.older, p.before, p.intact // the button stays, busy, while a page loads
	if pg := p.last.Data; pg != nil {
		items = append(items[:len(items):len(items)], pg.Items...)
		next = pg.NextBefore
		if pg.Integrity != nil {
			intact = pg.Integrity
		}
	}
	return items, next, intact
}

func (p *journalPage) Render() app.UI {
	head := []app.UI{
		ds.BackLink(page.PathCabinet, t("common.toCabinet")),
		ds.NewPageHead(t("journal.title")).Lead(t("journal.lead")),
	}
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavJournal, append(head, g)...)
	}
	items, next, intact := p.view()
	loading := p.last.Status == page.Loading
	var errText string
	if p.last.Status == page.Failed {
		errText = p.last.Err
	}
	return page.Private(p.Sess, page.NavJournal, append(head,
		page.JournalView(items, intact, p.older != nil || p.last.Data != nil, next, loading, errText, p.onMore)...)...)
}
