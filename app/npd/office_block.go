package npd

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// setBlocked blocks the payer found, with the reason, or lifts the block.
func (p *officeNPDPage) setBlocked(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	op := p.found()
	if op == nil || !p.bf.Start() {
		return
	}
	block := op.Payer.Status == sharednpd.StatusActive
	reason := strings.TrimSpace(p.reason)
	if block && reason == "" {
		p.bf.SetField("reason", shared.CodeRequired)
		p.bf.Check(ctx)
		return
	}
	inn := op.Payer.INN
	page.Do(ctx, func() (struct{}, error) { return struct{}{}, page.API().SetNPDBlocked(ctx, inn, block, reason) },
		func(ctx app.Context, _ struct{}) {
			p.bf.Done()
			p.reason = ""
			p.notice = t("onpd.unblockedNotice")
			if block {
				p.notice = t("onpd.blockedNotice")
			}
			ds.Focus(ctx, "onpd-notice")
			p.fetch(ctx, inn)
		}, p.bf.Fail)
}

// statusCard is the form that blocks the payer (with a reason) or lifts
// the block.
func (p *officeNPDPage) statusCard(pr sharednpd.Payer) app.UI {
	blocked := pr.Status == sharednpd.StatusBlocked
	title, text, submit, id, kind := t("onpd.blockTitle"), t("onpd.blockText"), t("onpd.block"), "btn-onpd-block", ds.DangerBtn
	if blocked {
		title, text, submit, id, kind = t("onpd.unblockTitle"), t("onpd.unblockText"), t("onpd.unblock"), "btn-onpd-unblock", ds.Primary
	}
	return ds.NewCard(title).ID("onpd-status-card").Body(
		app.P().Text(text),
		p.bf.Head([]string{"reason"}),
		app.Form().ID("form-onpd-status").Class("form").NoValidate(true).OnSubmit(p.setBlocked).Body(
			app.If(!blocked, func() app.UI {
				return ds.NewTextField("f-onpd-reason", t("onpd.reason")).Hint(t("onpd.reasonHint")).Spellcheck(true).
					Value(p.reason).Error(p.bf.Err("reason")).OnChange(func(v string) { p.reason = v })
			}),
			ds.Actions(ds.NewButton(submit).ID(id).Kind(kind).Submit().Busy(p.bf.Busy, t("common.saving"))),
		),
	)
}
