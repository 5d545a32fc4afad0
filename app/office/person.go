package office

import (
	"net/url"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/page"
	"kabinet/shared"
)

// personPage is one person in the back office (/office/people/{id}): data,
// level, status with reason, journal, and the actions the staff member's
// permissions allow: confirm the identity, block or unblock.
type personPage struct {
	app.Compo
	live
	authed

	id     string
	acc    *shared.Account
	accErr string

	journal  []shared.JournalEntry
	intact   *shared.JournalIntegrity
	next     int64
	jLoaded  bool
	jLoading bool
	jErr     string

	document, note string
	confirmOpen    bool
	cf             page.Form

	reason string
	bf     page.Form

	toast    string
	toastGen int

	ex personExtras // sessions and a pending lost-factor request
}

// Person is one person in the back office (/office/people/{id}).
func Person() app.Composer { return &personPage{} }

func (p *personPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "person.title")
	id, _ := url.PathUnescape(strings.TrimPrefix(ctx.Page().URL().Path, "/office/people/"))
	p.id = id
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) {
		if !s.Staff(shared.PermPeopleRead) {
			return
		}
		p.fetch(ctx)
		p.more(ctx)
		p.fetchExtras(ctx, s.Account)
	})
}

func (p *personPage) fetch(ctx app.Context) {
	id := p.id
	ctx.Async(func() {
		acc, err := page.API().Person(ctx, id)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if !page.APIFailed(ctx, err) {
					p.accErr = page.ErrText(err)
				}
				return
			}
			p.acc = &acc
		})
	})
}

func (p *personPage) more(ctx app.Context) {
	if p.jLoading {
		return
	}
	p.jLoading = true
	id, before := p.id, p.next
	ctx.Async(func() {
		pg, err := page.API().PersonJournal(ctx, id, before)
		ctx.Dispatch(func(ctx app.Context) {
			p.jLoading = false
			if err != nil {
				if !page.APIFailed(ctx, err) {
					p.jErr = page.ErrText(err)
				}
				return
			}
			p.jLoaded = true
			if pg.Integrity != nil {
				p.intact = pg.Integrity
			}
			p.journal = append(p.journal, pg.Items...)
			p.next = pg.NextBefore
		})
	})
}

// reloadJournal starts the journal again from the newest event.
func (p *personPage) reloadJournal(ctx app.Context) {
	p.journal, p.next, p.jLoaded = nil, 0, false
	p.more(ctx)
}

func (p *personPage) onMore(ctx app.Context, e app.Event) { p.more(p.On(ctx)) }

// askConfirm checks the confirmation form and opens the dialog.
func (p *personPage) askConfirm(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	e.PreventDefault()
	p.cf.Clear()
	p.bf.Clear()
	req := shared.ConfirmIdentityRequest{Document: p.document, Note: p.note}
	req.Normalize()
	if err := req.Validate(); err != nil {
		p.cf.Fail(ctx, err)
		return
	}
	p.confirmOpen = true
}

func (p *personPage) closeConfirm(ctx app.Context) { p.confirmOpen = false }

func (p *personPage) onCancelConfirm(ctx app.Context, e app.Event) { p.confirmOpen = false }

func (p *personPage) doConfirm(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if !p.cf.Start() {
		return
	}
	id := p.id
	req := shared.ConfirmIdentityRequest{Document: p.document, Note: p.note}
	req.Normalize()
	ctx.Async(func() {
		acc, err := page.API().ConfirmIdentity(ctx, id, req)
		ctx.Dispatch(func(ctx app.Context) {
			p.confirmOpen = false
			if err != nil {
				if !page.APIFailed(ctx, err) {
					p.cf.Fail(ctx, err)
				}
				return
			}
			p.cf.Done()
			p.acc = &acc
			p.document, p.note = "", ""
			p.showToast(ctx, t("person.confirmed"))
			p.reloadJournal(ctx)
		})
	})
}

func (p *personPage) changeStatus(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	e.PreventDefault()
	p.cf.Clear()
	if !p.bf.Start() {
		return
	}
	req := shared.StatusChangeRequest{Reason: p.reason}
	req.Normalize()
	if err := req.Validate(); err != nil {
		p.bf.Fail(ctx, err)
		return
	}
	reason := req.Reason
	id, blocked := p.id, p.acc.Status == shared.StatusBlocked
	ctx.Async(func() {
		var acc shared.Account
		var err error
		if blocked {
			acc, err = page.API().Unblock(ctx, id, reason)
		} else {
			acc, err = page.API().Block(ctx, id, reason)
		}
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if !page.APIFailed(ctx, err) {
					p.bf.Fail(ctx, err)
				}
				return
			}
			p.bf.Done()
			p.acc = &acc
			p.reason = ""
			page.ClearInputs("f-reason")
			if blocked {
				p.showToast(ctx, t("person.unblocked"))
			} else {
				p.showToast(ctx, t("person.blocked"))
			}
			p.reloadJournal(ctx)
		})
	})
}

func (p *personPage) showToast(ctx app.Context, text string) {
	p.toast = text
	p.toastGen++
	gen := p.toastGen
	ctx.After(4*time.Second, func(ctx app.Context) {
		if p.toastGen == gen {
			p.toast = ""
		}
	})
}
