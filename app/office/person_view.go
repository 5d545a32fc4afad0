package office

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

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
	case p.accErr != "":
		return page.Private(p.Sess, page.NavOffice, back, ds.NewPageHead(t("person.title")),
			ds.NewNotice(ds.Danger, p.accErr).ID("form-error"))
	case p.acc == nil:
		return page.Private(p.Sess, page.NavOffice, back, ds.NewPageHead(t("person.title")), ds.NewSkeleton(6, t("common.loading")))
	}
	a := *p.acc
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
				app.If(staff.Can(shared.PermPeopleConfirm) && p.ex.reset != nil, func() app.UI { return p.resetCard() }),
				app.If(staff.Can(shared.PermPeopleBlock), func() app.UI { return p.statusCard(a) }),
			),
		),
	}
	content = append(content, p.sessionsView(staff.Can(shared.PermPeopleBlock))...)
	content = append(content, app.H2().Text(t("person.journal")))
	content = append(content, page.JournalView(p.journal, p.intact, p.jLoaded, p.next, p.jLoading, p.jErr, p.onMore)...)
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

func confirmedAt(a shared.Account) string {
	if a.ConfirmedAt.IsZero() {
		return ""
	}
	return page.FormatDateTime(a.ConfirmedAt)
}

func (p *personPage) confirmCard(a shared.Account) app.UI {
	card := ds.NewCard(t("person.confirmTitle")).ID("confirm-card")
	if a.Level == shared.LevelConfirmed {
		return card.Body(ds.NewNotice(ds.Success, t("person.alreadyConfirmed")))
	}
	return card.Body(
		app.P().Text(t("person.confirmText")),
		p.cf.Head([]string{"document", "note"}),
		app.Form().ID("form-confirm").Class("form").NoValidate(true).OnSubmit(p.askConfirm).Body(
			ds.NewTextField("f-document", t("person.document")).Hint(t("person.documentHint")).
				Value(p.document).Error(p.cf.Err("document")).OnChange(func(v string) { p.document = v }),
			ds.NewTextField("f-note", t("person.note")).Optional(t("field.ifNeeded")).
				Value(p.note).Error(p.cf.Err("note")).OnChange(func(v string) { p.note = v }),
			ds.Actions(
				ds.NewButton(t("person.confirmSubmit")).ID("btn-confirm-identity").Submit(),
			),
		),
	)
}

func (p *personPage) statusCard(a shared.Account) app.UI {
	blocked := a.Status == shared.StatusBlocked
	title, text, submit, id, kind := t("person.blockTitle"), t("person.blockText"), t("person.block"), "btn-block", ds.DangerBtn
	if blocked {
		title, text, submit, id, kind = t("person.unblockTitle"), t("person.unblockText"), t("person.unblock"), "btn-unblock", ds.Primary
	}
	return ds.NewCard(title).ID("status-card").Body(
		app.P().Text(text),
		p.bf.Head([]string{"reason"}),
		app.Form().ID("form-status").Class("form").NoValidate(true).OnSubmit(p.changeStatus).Body(
			ds.NewTextField("f-reason", t("person.reason")).Hint(t("person.reasonHint")).Spellcheck(true).
				Value(p.reason).Error(p.bf.Err("reason")).OnChange(func(v string) { p.reason = v }),
			ds.Actions(
				ds.NewButton(submit).ID(id).Kind(kind).Submit().Busy(p.bf.Busy, t("common.saving")),
			),
		),
	)
}
