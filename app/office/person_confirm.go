package office

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

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

// doConfirm confirms the person's identity with the document seen, once
// the dialog has asked whether the staff member is sure.
func (p *personPage) doConfirm(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if !p.cf.Start() {
		return
	}
	id := p.id
	req := shared.ConfirmIdentityRequest{Document: p.document, Note: p.note}
	req.Normalize()
	page.Do(ctx, func() (shared.Account, error) { return page.API().ConfirmIdentity(ctx, id, req) },
		func(ctx app.Context, _ shared.Account) {
			p.confirmOpen = false
			p.cf.Done()
			p.document, p.note = "", ""
			p.showToast(ctx, t("person.confirmed"))
			p.fetch(ctx)
			p.reloadJournal(ctx)
		}, func(ctx app.Context, err error) {
			p.confirmOpen = false
			p.cf.Fail(ctx, err)
		})
}

// confirmCard is the form that confirms the identity on a document, or
// says that it is confirmed.
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

func confirmedAt(a shared.Account) string {
	if a.ConfirmedAt.IsZero() {
		return ""
	}
	return page.FormatDateTime(a.ConfirmedAt)
}
