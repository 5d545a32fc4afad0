package office

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
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

	id  string
	acc page.Remote[shared.Account]

	// the journal: the pages shown before the last one asked for
	journal []shared.JournalEntry
	intact  *shared.JournalIntegrity // as the first page verified it
	jpage   page.Remote[shared.JournalPage]
	jbefore int64 // jpage's tag: the event it goes back from; 0 the newest

	// the confirmation of identity (person_confirm.go)
	document, note string
	confirmOpen    bool
	cf             page.Form

	// block and unblock (person_status.go)
	reason string
	bf     page.Form

	toast    string
	toastGen int

	ex personExtras // sessions and a pending lost-factor request (person_sessions.go, person_reset.go)
}

// Person is one person in the back office (/office/people/{id}).
func Person() app.Composer { return &personPage{} }

func (p *personPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "person.title")
	id, _ := url.PathUnescape(strings.TrimPrefix(ctx.Page().URL().Path, "/office/people/"))
	p.id = id
	p.journal, p.intact, p.jbefore = nil, nil, 0
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) {
		if !s.Staff(shared.PermPeopleRead) {
			return
		}
		p.fetch(ctx)
		p.loadJournal(ctx)
		p.fetchExtras(ctx, s.Account)
	})
}

func (p *personPage) fetch(ctx app.Context) { personQuery.Load(p.On(ctx), &p.acc, app.T("id", p.id)) }

// more shows the journal's next page: the one loaded joins those shown,
// and the page before it is asked for.
func (p *personPage) more(ctx app.Context) {
	if p.jpage.Status == page.Loading {
		return
	}
	if pg := p.jpage.Data; p.jpage.Has() {
		if pg.Integrity != nil {
			p.intact = pg.Integrity
		}
		p.journal, p.jbefore = append(p.journal, pg.Items...), pg.NextBefore
	}
	p.loadJournal(ctx)
}

func (p *personPage) loadJournal(ctx app.Context) {
	journalQuery.Load(p.On(ctx), &p.jpage, app.T("id", p.id), app.T("before", strconv.FormatInt(p.jbefore, 10)))
}

// reloadJournal starts the journal again from the newest event.
func (p *personPage) reloadJournal(ctx app.Context) {
	p.journal, p.intact, p.jbefore = nil, nil, 0
	p.loadJournal(ctx)
}

// journalView is the pages shown and the last one asked for.
func (p *personPage) journalView() []app.UI {
	items, in, next, errText := p.journal, p.intact, p.jbefore, ""
	if pg := p.jpage.Data; p.jpage.Has() {
		items, next = append(items[:len(items):len(items)], pg.Items...), pg.NextBefore
		if pg.Integrity != nil {
			in = pg.Integrity
		}
	}
	if p.jpage.Status == page.Failed {
		errText = p.jpage.Err
	}
	loaded := len(p.journal) > 0 || p.jpage.Has()
	return page.JournalView(items, in, loaded, next, p.jpage.Status == page.Loading, errText, p.onMore)
}

func (p *personPage) onMore(ctx app.Context, e app.Event) { p.more(p.On(ctx)) }

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

func (p *personPage) Render() app.UI {
	back := ds.BackLink(page.PathOffice, t("person.back"))
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavOffice, back, ds.NewPageHead(t("person.title")), g)
	}
	if g := p.FactorGate(); g != nil {
		return page.Private(p.Sess, page.NavOffice, g...)
	}
	staff := p.Account()
	if !staff.Can(shared.PermPeopleRead) {
		return page.Private(p.Sess, page.NavOffice, page.NoAccess()...)
	}
	switch {
	case p.acc.Status == page.Failed:
		return page.Private(p.Sess, page.NavOffice, back, ds.NewPageHead(t("person.title")),
			ds.NewNotice(ds.Danger, p.acc.Err).ID("form-error"))
	case !p.acc.Has():
		return page.Private(p.Sess, page.NavOffice, back, ds.NewPageHead(t("person.title")), ds.NewSkeleton(6, t("common.loading")))
	}
	a := p.acc.Data
	content := []app.UI{
		back,
		ds.NewPageHead(a.FullName()).Caption(t("person.caption")),
		app.Div().Class("tags").Body(
			app.Span().Class("tags__item").Body(app.Text(t("profile.level")+": "), app.Span().ID("person-level").Body(page.LevelTag(a.Level))),
			app.Span().Class("tags__item").Body(app.Text(t("profile.status")+": "), app.Span().ID("person-status").Body(page.StatusTag(a.Status))),
		),
		app.If(a.StatusReason != "", func() app.UI {
			return ds.NewNotice(page.StatusKind(a.Status), t("cabinet.reason")).ID("person-reason").Text(page.ReasonText(a.StatusReason))
		}),
		app.Div().Class("columns").Body(
			app.Div().Class("columns__main").Body(
				ds.NewSummaryList(
					ds.Row{Key: t("profile.name"), Value: app.Text(a.FullName())},
					ds.Row{Key: t("field.birthDate"), Value: page.OrDash(page.FormatISODate(a.BirthDate))},
					ds.Row{Key: t("field.phone"), Value: app.Span().Body(app.Text(page.FormatPhone(a.Phone)+" "), page.ConfirmedTag(a.PhoneConfirmed))},
					ds.Row{Key: t("field.email"), Value: app.Span().Body(app.Text(a.Email+" "), page.ConfirmedTag(a.EmailConfirmed))},
					ds.Row{Key: t("field.inn"), Value: page.OrDash(a.INN)},
					ds.Row{Key: t("field.snils"), Value: page.OrDash(page.SNILSText(a.SNILS))},
					ds.Row{Key: t("profile.passport"), Value: page.PassportText(a.Passport)},
					ds.Row{Key: t("person.created"), Value: app.Text(page.FormatDateTime(a.CreatedAt))},
					ds.Row{Key: t("person.confirmedAt"), Value: page.OrText(confirmedAt(a), t("person.notConfirmed"))},
				).ID("person-summary"),
			),
			app.Div().Class("columns__side").Body(
				// Only an active, not yet confirmed account can be confirmed.
				app.If(staff.Can(shared.PermPeopleConfirm) && a.Level != shared.LevelConfirmed && a.Status != shared.StatusBlocked,
					func() app.UI { return p.confirmCard(a) }),
				app.If(staff.Can(shared.PermPeopleConfirm) && p.ex.reset() != nil, func() app.UI { return p.resetCard() }),
				app.If(staff.Can(shared.PermPeopleBlock), func() app.UI { return p.statusCard(a) }),
			),
		),
	}
	content = append(content, p.sessionsView(staff.Can(shared.PermPeopleBlock))...)
	content = append(content, app.H2().Text(t("person.journal")))
	content = append(content, p.journalView()...)
	content = append(content,
		ds.NewDialog("confirm-dialog", t("person.dialogTitle")).
			Open(p.confirmOpen).
			OnClose(p.closeConfirm).
			Body(
				// The name stands apart, after a colon: in running text
				// Russian would decline it («Новикова Петра Олеговича»).
				app.P().ID("confirm-dialog-who").Body(app.Strong().Text(t("person.dialogAccount")+": "), app.Text(a.FullName())),
				app.P().Body(app.Strong().Text(t("person.document")+": "), app.Text(p.document)),
				app.P().Text(t("person.dialogText")),
			).
			Actions(
				ds.NewButton(t("person.dialogConfirm")).ID("btn-dialog-confirm").Busy(p.cf.Busy, t("common.saving")).OnClick(p.doConfirm),
				ds.NewButton(t("common.cancel")).ID("btn-dialog-cancel").Kind(ds.Secondary).OnClick(p.onCancelConfirm),
			),
		ds.NewToast(p.toast, p.toast != ""),
	)
	return page.Private(p.Sess, page.NavOffice, content...).Wide()
}
