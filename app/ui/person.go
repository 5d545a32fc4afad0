package ui

import (
	"net/url"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

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
	cf             form

	reason string
	bf     form

	toast    string
	toastGen int

	ex personExtras // sessions and a pending lost-factor request
}

func (p *personPage) OnNav(ctx app.Context) {
	setTitle(ctx, "person.title")
	id, _ := url.PathUnescape(strings.TrimPrefix(ctx.Page().URL().Path, "/office/people/"))
	p.id = id
	p.load(ctx, func(ctx app.Context, s shared.SessionInfo) {
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
		acc, err := api.Person(ctx, id)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if !apiFailed(ctx, err) {
					p.accErr = errText(err)
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
		pg, err := api.PersonJournal(ctx, id, before)
		ctx.Dispatch(func(ctx app.Context) {
			p.jLoading = false
			if err != nil {
				if !apiFailed(ctx, err) {
					p.jErr = errText(err)
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

func (p *personPage) onMore(ctx app.Context, e app.Event) { p.more(p.on(ctx)) }

// askConfirm checks the confirmation form and opens the dialog.
func (p *personPage) askConfirm(ctx app.Context, e app.Event) {
	ctx = p.on(ctx)
	e.PreventDefault()
	p.cf.clear()
	p.bf.clear()
	req := shared.ConfirmIdentityRequest{Document: p.document, Note: p.note}
	req.Normalize()
	if err := req.Validate(); err != nil {
		p.cf.fail(ctx, err)
		return
	}
	p.confirmOpen = true
}

func (p *personPage) closeConfirm(ctx app.Context) { p.confirmOpen = false }

func (p *personPage) onCancelConfirm(ctx app.Context, e app.Event) { p.confirmOpen = false }

func (p *personPage) doConfirm(ctx app.Context, e app.Event) {
	ctx = p.on(ctx)
	if !p.cf.start() {
		return
	}
	id := p.id
	req := shared.ConfirmIdentityRequest{Document: p.document, Note: p.note}
	req.Normalize()
	ctx.Async(func() {
		acc, err := api.ConfirmIdentity(ctx, id, req)
		ctx.Dispatch(func(ctx app.Context) {
			p.confirmOpen = false
			if err != nil {
				if !apiFailed(ctx, err) {
					p.cf.fail(ctx, err)
				}
				return
			}
			p.cf.done()
			p.acc = &acc
			p.document, p.note = "", ""
			p.showToast(ctx, t("person.confirmed"))
			p.reloadJournal(ctx)
		})
	})
}

func (p *personPage) changeStatus(ctx app.Context, e app.Event) {
	ctx = p.on(ctx)
	e.PreventDefault()
	p.cf.clear()
	if !p.bf.start() {
		return
	}
	req := shared.StatusChangeRequest{Reason: p.reason}
	req.Normalize()
	if err := req.Validate(); err != nil {
		p.bf.fail(ctx, err)
		return
	}
	reason := req.Reason
	id, blocked := p.id, p.acc.Status == shared.StatusBlocked
	ctx.Async(func() {
		var acc shared.Account
		var err error
		if blocked {
			acc, err = api.Unblock(ctx, id, reason)
		} else {
			acc, err = api.Block(ctx, id, reason)
		}
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if !apiFailed(ctx, err) {
					p.bf.fail(ctx, err)
				}
				return
			}
			p.bf.done()
			p.acc = &acc
			p.reason = ""
			clearInputs("f-reason")
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
