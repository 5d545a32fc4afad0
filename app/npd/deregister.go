package npd

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// deregister ends the status with the reason given (POST /npd/deregister).
func (p *npdPage) deregister(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	if !p.df.Start() {
		return
	}
	if len([]rune(p.deReason)) == 0 {
		p.df.SetField("reason", shared.CodeRequired)
		p.df.Check(ctx)
		return
	}
	reason := p.deReason
	page.Do(ctx, func() (struct{}, error) { return struct{}{}, page.API().NPDDeregister(ctx, reason) },
		func(ctx app.Context, _ struct{}) {
			p.df.Done()
			p.dereg = false
			p.receipts.notice = t("npd.deregisteredNotice")
			ds.Focus(ctx, "npd-notice")
			p.reload(ctx)
		}, p.df.Fail)
}

// openDereg opens the form that ends the status, under the status card.
func (p *npdPage) openDereg(ctx app.Context, e app.Event) {
	p.dereg, p.df, p.deReason = true, page.Form{}, ""
	ds.Focus(p.On(ctx), "dereg-title")
}

func (p *npdPage) cancelDereg(ctx app.Context, e app.Event) { p.dereg = false }

// deregForm asks why the status ends; the status card shows it while
// p.dereg.
func (p *npdPage) deregForm() app.UI {
	return app.Div().ID("npd-dereg").Body(
		app.H3().ID("dereg-title").TabIndex(-1).Text(t("npd.deregTitle")),
		app.P().Text(t("npd.deregText")),
		p.df.Head([]string{"reason"}),
		app.Form().ID("form-dereg").Class("form").NoValidate(true).OnSubmit(p.deregister).Body(
			ds.NewTextField("f-dereg-reason", t("npd.deregReason")).Hint(t("npd.deregReasonHint")).Value(p.deReason).
				Error(p.df.Err("reason")).OnChange(func(v string) { p.deReason = v }),
			ds.Actions(
				ds.NewButton(t("npd.deregConfirm")).ID("btn-dereg-confirm").Kind(ds.DangerBtn).Submit().Busy(p.df.Busy, t("common.wait")),
				ds.NewButton(t("common.cancel")).ID("btn-dereg-cancel").Kind(ds.Secondary).OnClick(p.cancelDereg),
			),
		),
	)
}
