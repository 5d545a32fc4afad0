package office

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

func (p *personPage) approveReset(ctx app.Context, e app.Event) { p.settleReset(p.On(ctx), true) }

func (p *personPage) rejectReset(ctx app.Context, e app.Event) { p.settleReset(p.On(ctx), false) }

// settleReset approves the person's lost-factor request or rejects it
// with a reason.
func (p *personPage) settleReset(ctx app.Context, approve bool) {
	if p.ex.reset() == nil || !p.ex.rf.Start() {
		return
	}
	d := p.ex.resetD
	check := d.ValidateReject
	if approve {
		d.Reason, check = "", d.ValidateApprove
	} else {
		d.Document = ""
	}
	if err := check(); err != nil {
		p.ex.rf.Fail(ctx, err)
		return
	}
	id := p.ex.reset().ID
	page.Do(ctx, func() (struct{}, error) { return struct{}{}, page.API().SettleFactorReset(ctx, id, approve, d) },
		func(ctx app.Context, _ struct{}) {
			p.ex.rf.Done()
			p.ex.resetD = shared.FactorResetDecision{}
			p.showToast(ctx, t(map[bool]string{true: "office.resets.approved", false: "office.resets.rejected"}[approve]))
			p.fetchExtras(ctx, p.Account())
			p.reloadJournal(ctx)
		}, p.ex.rf.Fail)
}

// resetCard settles the person's pending request to remove the factors.
func (p *personPage) resetCard() app.UI {
	r := p.ex.reset()
	return ds.NewCard(t("office.resets.title")).ID("reset-card").Body(
		app.P().Text(t("office.resets.lead")),
		app.P().Class("muted").Text(t("office.resets.filed")+": "+page.FormatDateTime(r.CreatedAt)+" · "+t("office.resets.from")+": "+r.Device+", "+r.IP),
		p.ex.rf.Head([]string{"document", "reason"}),
		ds.NewTextField("f-reset-document", t("office.resets.document")).
			Value(p.ex.resetD.Document).Error(p.ex.rf.Err("document")).OnChange(func(v string) { p.ex.resetD.Document = v }),
		ds.Actions(ds.NewButton(t("office.resets.approve")).ID("btn-reset-approve").
			Busy(p.ex.rf.Busy, t("common.saving")).OnClick(p.approveReset)),
		ds.NewTextField("f-reset-reason", t("office.resets.reason")).Spellcheck(true).
			Value(p.ex.resetD.Reason).Error(p.ex.rf.Err("reason")).OnChange(func(v string) { p.ex.resetD.Reason = v }),
		ds.Actions(ds.NewButton(t("office.resets.reject")).ID("btn-reset-reject").Kind(ds.Secondary).
			OnClick(p.rejectReset)),
	)
}
