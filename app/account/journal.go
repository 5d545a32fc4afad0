package account

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// journalPage lists the account's events, newest first, a page at a time.
type journalPage struct {
	app.Compo
	live
	authed

	items   []shared.JournalEntry
	next    int64
	intact  *shared.JournalIntegrity
	loaded  bool
	loading bool
	err     string
}

// Journal is the account's journal of events (/journal).
func Journal() app.Composer { return &journalPage{} }

func (p *journalPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "journal.title")
	p.items, p.next, p.intact, p.loaded, p.err = nil, 0, nil, false, ""
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) { p.more(p.On(ctx)) })
}

// more loads the next page.
func (p *journalPage) more(ctx app.Context) {
	if p.loading {
		return
	}
	p.loading = true
	before := p.next
	ctx.Async(func() {
		pg, err := page.API().Journal(ctx, before)
		ctx.Dispatch(func(ctx app.Context) {
			p.loading = false
			if err != nil {
				if !page.APIFailed(ctx, err) {
					p.err = page.ErrText(err)
				}
				return
			}
			p.loaded = true
			if pg.Integrity != nil {
				p.intact = pg.Integrity
			}
			p.items = append(p.items, pg.Items...)
			p.next = pg.NextBefore
		})
	})
}

func (p *journalPage) onMore(ctx app.Context, e app.Event) { p.more(p.On(ctx)) }

func (p *journalPage) Render() app.UI {
	head := []app.UI{
		ds.BackLink(page.PathCabinet, t("common.toCabinet")),
		ds.NewPageHead(t("journal.title")).Lead(t("journal.lead")),
	}
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavJournal, append(head, g)...)
	}
	return page.Private(p.Sess, page.NavJournal, append(head,
		page.JournalView(p.items, p.intact, p.loaded, p.next, p.loading, p.err, p.onMore)...)...)
}
