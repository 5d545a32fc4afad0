package office

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// changeStatus blocks the account with the reason given, or unblocks it.
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
	id, blocked := p.id, p.acc.Data.Status == shared.StatusBlocked
	change := page.API().Block
	if blocked {
		change = page.API().Unblock
	}
	page.Do(ctx, func() (shared.Account, error) { return change(ctx, id, reason) },
		func(ctx app.Context, _ shared.Account) {
			p.bf.Done()
			p.reason = ""
			page.ClearInputs("f-reason")
			if blocked {
				p.showToast(ctx, t("person.unblocked"))
			} else {
				p.showToast(ctx, t("person.blocked"))
			}
			p.fetch(ctx)
			p.reloadJournal(ctx)
		}, p.bf.Fail)
}

// statusCard is the form that blocks or unblocks the account.
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
