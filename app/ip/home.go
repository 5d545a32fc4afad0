package ip

import (
	"slices"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// homePage (/ip) is the cabinet's home: the ЕГРИП record, «Проверить
// данные», the filings and the forms to start; or, when the cabinet does
// not open, the reason and what to do about it.
type homePage struct {
	app.Compo
	live
	authed

	home    page.Remote[homeView]
	filings page.Remote[sharedip.FilingList] // a person not an ИП yet
	start   page.Form                        // starting a filing
	check   checkState
}

// Home is the cabinet's start (/ip).
func Home() app.Composer { return &homePage{} }

func (p *homePage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "ip.title")
	p.start, p.check = page.Form{}, checkState{}
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) {
		homeQuery.Load(ctx, &p.home)
		filingsQuery.Load(ctx, &p.filings)
	})
}

func (p *homePage) Render() app.UI {
	head := []app.UI{ds.BackLink(page.PathCabinet, t("common.toCabinet")), ds.NewPageHead(t("ip.h1")).Lead(t("ip.lead"))}
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavCabinet, append(head, g)...)
	}
	body := append(head, p.start.Head(nil))
	switch h := p.home; {
	case h.Status == page.Failed:
		body = append(body, ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("ip-error").Text(h.Err))
	case h.Status != page.Loaded && h.Data.Reason == "" && h.Data.Home == nil:
		body = append(body, ds.NewSkeleton(5, t("common.loading")))
	case h.Data.Reason != "":
		body = append(body, p.closed(h.Data))
	default:
		rec := h.Data.Home.Record
		body = append(body,
			p.statusBanner(rec),
			p.todo(h.Data.Home.Filings),
			recordCard(rec),
			duesCard(h.Data.Home.Dues, rec.Regime),
			p.checkCard(),
			p.filingsCard(h.Data.Home.Filings, rec.Status != shared.RegistryClosed),
		)
	}
	return page.Private(p.Sess, page.NavCabinet, body...)
}

// statusBanner is the ИП's status first, with what to do when it is not
// «действующий».
func (p *homePage) statusBanner(r sharedip.Record) app.UI {
	kind := recordKind(r.Status)
	n := ds.NewNotice(kind, t("ip.statusTitle", t("ip.record."+r.Status))).ID("ip-status")
	if r.Status == shared.RegistryActive {
		return n.Body(app.P().Body(app.Text(t("ip.ogrnipIs")+" "), app.Strong().ID("ip-ogrnip").Text(r.OGRNIP)))
	}
	return n.Body(app.P().Text(t("ip.statusWhat." + r.Status)))
}

// todo lists what needs doing: filings waiting for the person's answer
// and drafts to finish.
func (p *homePage) todo(fs []sharedip.Filing) app.UI {
	var items []app.UI
	for _, f := range fs {
		switch f.Status {
		case sharedip.StatusAdditions:
			items = append(items, app.Li().Body(app.A().Href(page.PathIPFilings+f.ID).Text(t("ip.todoAdditions", f.Number))))
		case sharedip.StatusDraft:
			items = append(items, app.Li().Body(app.A().Href(page.PathIPFilings+f.ID).Text(t("ip.todoDraft", t("ip.form."+f.Form)))))
		}
	}
	if len(items) == 0 {
		return nil
	}
	return ds.NewNotice(ds.Warning, t("ip.todoTitle")).ID("ip-todo").Body(app.Ul().Body(items...))
}

// closed says why the cabinet does not open and what to do, by the
// home's typed reason.
func (p *homePage) closed(v homeView) app.UI {
	why := page.CodeText(v.Reason, "")
	action := func(id, key, href string) app.UI {
		return ds.Actions(ds.NewButton(t(key)).ID(id).Href(href))
	}
	n := ds.NewNotice(ds.Warning, t("ip.closed."+string(v.Reason))).ID("ip-closed")
	switch v.Reason {
	case sharedip.CodeNotConfirmed:
		return n.Body(app.P().Text(why), action("btn-ip-confirm", "ip.howConfirm", page.PathCabinet+"#cabinet-level"))
	case sharedip.CodeNoFactor:
		return n.Body(app.P().Text(why), action("btn-ip-factor", "security.title", page.PathSecurity))
	case sharedip.CodeNeedsUpdate:
		reason := p.Account().StatusReason
		return n.Body(
			app.P().Text(why),
			app.If(reason != "", func() app.UI { return app.P().Text(page.ReasonText(reason)) }),
			action("btn-ip-update", "cabinet.updateData", page.PathProfileEdt))
	case sharedip.CodeAccountLimited:
		return app.Div().Body(
			n.Body(app.P().Text(why), action("btn-ip-confirm-contacts", "cabinet.confirmContacts", page.PathConfirm)),
			p.reference())
	case shared.CodeAccountBlocked:
		reason := p.Account().StatusReason
		return ds.NewNotice(ds.Danger, t("ip.closed.account_blocked")).ID("ip-closed").Body(
			app.P().Text(why),
			app.If(reason != "", func() app.UI { return app.P().Text(t("cabinet.reason") + " " + page.ReasonText(reason)) }))
	case sharedip.CodeNotIP:
		return app.Div().Body(n.Body(app.P().Text(why)), p.register())
	}
	return n.Body(app.P().Text(why))
}

// reference is what a pending account may read: how registration works.
func (p *homePage) reference() app.UI {
	return ds.NewCard(t("ip.refTitle")).ID("ip-reference").Body(
		app.P().Text(t("ip.refText1")), app.P().Text(t("ip.refText2")))
}

// register is the way in for a person who is not an ИП: Р21001, or the
// draft and filings already started.
func (p *homePage) register() app.UI {
	var fs []sharedip.Filing
	if p.filings.Status == page.Loaded {
		fs = p.filings.Data.Items
	}
	open := slices.IndexFunc(fs, func(f sharedip.Filing) bool {
		return f.Form == sharedip.FormRegistration && (f.Status == sharedip.StatusDraft || sharedip.Open(f.Status))
	})
	card := ds.NewCard(t("ip.registerTitle")).ID("ip-register").Body(app.P().Text(t("ip.registerText")))
	if open >= 0 {
		f := fs[open]
		key := "ip.registerContinue"
		if f.Status != sharedip.StatusDraft {
			key = "ip.registerOpen"
		}
		card = card.Footer(ds.NewButton(t(key)).ID("btn-ip-register").Href(page.PathIPFilings + f.ID))
	} else {
		card = card.Footer(ds.NewButton(t("ip.registerStart")).ID("btn-ip-register").
			Busy(p.start.Busy, t("common.sending")).OnClick(p.onStart(sharedip.FormRegistration)))
	}
	return app.Div().Body(card, app.If(len(fs) > 0, func() app.UI { return p.filingsCard(fs, false) }))
}

// onStart starts a draft of form on the server and opens it.
func (p *homePage) onStart(form string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		ctx = p.On(ctx)
		if !p.start.Start() {
			return
		}
		page.Do(ctx, func() (sharedip.Filing, error) { return page.API().CreateIPFiling(ctx, form) },
			func(ctx app.Context, f sharedip.Filing) { p.start.Done(); ctx.Navigate(page.PathIPFilings + f.ID) },
			p.start.Fail)
	}
}

// filingsCard lists the filings, newest first, and with more the forms
// an active ИП may start (a draft already started is continued).
func (p *homePage) filingsCard(fs []sharedip.Filing, more bool) app.UI {
	card := ds.NewCard(t("ip.filingsTitle")).ID("ip-filings")
	var body []app.UI
	if len(fs) == 0 {
		body = append(body, app.P().Class("muted").Text(t("ip.noFilings")))
	} else {
		body = append(body, filingsTable(fs, page.PathIPFilings))
	}
	card = card.Body(body...)
	if !more {
		return card
	}
	var actions []app.UI
	for _, form := range []string{sharedip.FormChange, sharedip.FormClosure} {
		id := "btn-ip-start-" + form
		if i := slices.IndexFunc(fs, func(f sharedip.Filing) bool { return f.Form == form && f.Status == sharedip.StatusDraft }); i >= 0 {
			actions = append(actions, ds.NewButton(t("ip.continue."+form)).ID(id).Kind(ds.Secondary).Href(page.PathIPFilings+fs[i].ID))
			continue
		}
		kind := ds.Secondary
		if form == sharedip.FormClosure {
			kind = ds.LinkBtn
		}
		actions = append(actions, ds.NewButton(t("ip.start."+form)).ID(id).Kind(kind).Busy(p.start.Busy, t("common.sending")).OnClick(p.onStart(form)))
	}
	return card.Footer(actions...)
}

// filingsTable is a list of filings with their numbers, forms and
// statuses, each linking to base + its id.
func filingsTable(fs []sharedip.Filing, base string) app.UI {
	rows := make([][]app.UI, 0, len(fs))
	for _, f := range fs {
		number := f.Number
		if number == "" {
			number = t("ip.noNumber")
		}
		when := f.CreatedAt
		if !f.SubmittedAt.IsZero() {
			when = f.SubmittedAt
		}
		rows = append(rows, []app.UI{
			app.A().ID("filing-" + f.ID).Href(base + f.ID).Text(number),
			app.Text(t("ip.form." + f.Form)),
			filingTag(f.Status),
			app.Text(page.FormatDate(when)),
		})
	}
	return ds.NewTable(t("ip.filingsTitle"), t("ip.col.number"), t("ip.col.form"), t("ip.col.status"), t("ip.col.date")).
		ID("ip-filings-table").Rows(rows)
}

// filingTag is a filing's status as a pill with its word.
func filingTag(status string) app.UI {
	k := ds.Info
	switch status {
	case sharedip.StatusRegistered:
		k = ds.Success
	case sharedip.StatusRefused:
		k = ds.Danger
	case sharedip.StatusAdditions:
		k = ds.Warning
	case sharedip.StatusDraft:
		k = ds.Neutral
	}
	return ds.NewTag(k, t("ip.status."+status))
}

// recordKind is the colour of an ИП's status.
func recordKind(status string) ds.Kind {
	switch status {
	case shared.RegistryActive:
		return ds.Success
	case shared.RegistryExcluding:
		return ds.Warning
	}
	return ds.Danger
}
