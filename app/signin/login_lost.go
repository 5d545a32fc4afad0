package signin

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
)

// methodLost is the second-factor step's «нет доступа к второму фактору»:
// not a factor, but the request to the back office to remove them all
// after a passport check in person. Electronic-signature confirmation
// does not exist yet, so the page names the service centre only.
const methodLost = "lost"

func (p *loginPage) useLost(ctx app.Context, e app.Event) {
	p.switchMethod(p.On(ctx), methodLost)
	p.lostDone = false
	ds.Focus(ctx, "btn-lost-submit")
}

// fileLost files the request with the ticket of the password step; the
// ticket is spent, so the page ends at a notice (no session opens).
func (p *loginPage) fileLost(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if p.step == nil || !p.sf.Start() {
		return
	}
	ticket := p.step.Ticket
	page.Run(ctx, func() error { return page.API().FileFactorReset(ctx, ticket) },
		func(ctx app.Context) {
			p.sf.Done()
			p.lostDone = true
			ds.Focus(ctx, "lost-done")
		}, func(ctx app.Context, err error) {
			if !p.ticketGone(ctx, err) {
				p.sf.Fail(ctx, err)
			}
		})
}

// lostStep explains the request and files it.
func (p *loginPage) lostStep() app.UI {
	if p.lostDone {
		return app.Div().ID("lost-factor").Body(
			ds.NewPageHead(t("lostFactor.title")),
			ds.NewNotice(ds.Success, t("lostFactor.done")).ID("lost-done"),
			app.Ul().Class("links").Body(app.Li().Body(
				ds.NewButton(t("lostFactor.back")).ID("btn-back-password").Kind(ds.LinkBtn).OnClick(p.backToPassword))),
		)
	}
	return app.Div().ID("lost-factor").Body(
		ds.NewPageHead(t("lostFactor.title")).Lead(t("lostFactor.lead")),
		p.sf.Head(nil),
		app.P().Class("muted").Text(t("lostFactor.notice")),
		ds.Actions(
			ds.NewButton(t("lostFactor.submit")).ID("btn-lost-submit").Busy(p.sf.Busy, t("common.checking")).OnClick(p.fileLost),
		),
		p.otherWays(),
	)
}
