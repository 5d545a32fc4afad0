package ip

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// The registry officer's decision on a filing: take it into review,
// register it, refuse it with a ground, or ask for additions. Each is one
// transaction on the server; a colleague who decided first gets a clear
// answer, and the page shows the filing as it is now.

func (p *officeFilingPage) decisionCard(f sharedip.Filing) app.UI {
	if f.Status != sharedip.StatusSubmitted && f.Status != sharedip.StatusInReview {
		if f.Status == sharedip.StatusAdditions {
			return ds.NewNotice(ds.Info, t("oip.waitingAnswer")).ID("oip-decision")
		}
		return nil
	}
	card := ds.NewCard(t("oip.decisionTitle")).ID("oip-decision")
	var body []app.UI
	body = append(body, p.df.Head([]string{"reason", "text"}))
	switch p.decision {
	case "refuse":
		opts := make([]ds.Option, 0, len(sharedip.RefusalReasons))
		for _, r := range sharedip.RefusalReasons {
			opts = append(opts, ds.Option{ID: "f-reason-" + r, Value: r, Label: t("ip.refusal." + r)})
		}
		body = append(body, app.Form().ID("form-oip-refuse").Class("form").NoValidate(true).OnSubmit(p.onDecide).Body(
			ds.NewRadios("reason", t("oip.refuseReason")).Error(p.df.Err("reason")).Value(p.reason).Options(opts...).
				OnChange(func(v string) { p.reason = v }),
			ds.NewTextField("f-text", t("oip.refuseText")).Hint(t("oip.refuseTextHint")).Spellcheck(true).MaxLength(2000).
				Value(p.text).Error(p.df.Err("text")).OnChange(func(v string) { p.text = v }),
			ds.Actions(
				ds.NewButton(t("oip.refuseSend")).ID("btn-oip-refuse-send").Kind(ds.DangerBtn).Submit().Busy(p.df.Busy, t("common.sending")),
				ds.NewButton(t("common.cancel")).ID("btn-oip-cancel").Kind(ds.LinkBtn).OnClick(p.open("")),
			),
		))
	case "additions":
		body = append(body, app.Form().ID("form-oip-additions").Class("form").NoValidate(true).OnSubmit(p.onDecide).Body(
			ds.NewTextField("f-text", t("oip.additionsText")).Hint(t("oip.additionsHint")).Spellcheck(true).MaxLength(2000).
				Value(p.text).Error(p.df.Err("text")).OnChange(func(v string) { p.text = v }),
			ds.Actions(
				ds.NewButton(t("oip.additionsSend")).ID("btn-oip-additions-send").Submit().Busy(p.df.Busy, t("common.sending")),
				ds.NewButton(t("common.cancel")).ID("btn-oip-cancel").Kind(ds.LinkBtn).OnClick(p.open("")),
			),
		))
	default:
		var review app.UI
		if f.Status == sharedip.StatusSubmitted {
			review = ds.NewButton(t("oip.review")).ID("btn-oip-review").Kind(ds.Secondary).Busy(p.df.Busy, t("common.sending")).OnClick(p.onReview)
		}
		body = append(body,
			app.P().Text(t("oip.decisionText")),
			ds.Actions(
				ds.NewButton(t("oip.register")).ID("btn-oip-register").Busy(p.df.Busy, t("common.sending")).OnClick(p.onRegister),
				review,
				ds.NewButton(t("oip.additions")).ID("btn-oip-additions").Kind(ds.Secondary).OnClick(p.open("additions")),
				ds.NewButton(t("oip.refuse")).ID("btn-oip-refuse").Kind(ds.DangerBtn).OnClick(p.open("refuse")),
			))
	}
	return card.Body(body...)
}

// open shows the form of a decision ("" closes it).
func (p *officeFilingPage) open(decision string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		ctx = p.On(ctx)
		p.decision, p.df = decision, page.Form{}
		if decision != "" {
			ds.Focus(ctx, "f-text")
			if decision == "refuse" {
				ds.Focus(ctx, "f-reason-"+sharedip.RefusalReasons[0])
			}
			return
		}
		ds.Focus(ctx, "btn-oip-register")
	}
}

// decided shows the filing as it is now, with what was done.
func (p *officeFilingPage) decided(ctx app.Context, notice string) {
	p.df.Done()
	p.decision, p.reason, p.text, p.notice = "", "", "", notice
	ctx.NewAction(officeFilingQuery.Name, byID(p.id))
	ctx.NewAction(queueQuery.Name, app.T("form", ""))
	ds.Focus(ctx, "oip-notice")
}

// failed shows an error; a filing decided by a colleague is shown anew.
func (p *officeFilingPage) failed(ctx app.Context, err error) {
	p.df.Fail(ctx, err)
	if c := shared.ErrorCode(err); c == sharedip.CodeFilingDecided || c == sharedip.CodeFilingState {
		p.decision = ""
		ctx.NewAction(officeFilingQuery.Name, byID(p.id))
	}
}

func (p *officeFilingPage) onReview(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if !p.df.Start() {
		return
	}
	id := p.id
	page.Do(ctx, func() (struct{}, error) { return struct{}{}, page.API().ReviewIPFiling(ctx, id) },
		func(ctx app.Context, _ struct{}) { p.decided(ctx, t("oip.reviewed")) }, p.failed)
}

func (p *officeFilingPage) onRegister(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if !p.df.Start() {
		return
	}
	id := p.id
	page.Do(ctx, func() (sharedip.Record, error) { return page.API().RegisterIPFiling(ctx, id) },
		func(ctx app.Context, r sharedip.Record) { p.decided(ctx, t("oip.registered", r.OGRNIP)) }, p.failed)
}

// onDecide sends a refusal or a request for additions, checked here as
// the server will.
func (p *officeFilingPage) onDecide(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	e.PreventDefault()
	if !p.df.Start() {
		return
	}
	refuse := p.decision == "refuse"
	req := sharedip.DecisionRequest{Text: p.text}
	if refuse {
		req.Reason = p.reason
	}
	if err := req.Validate(refuse); err != nil {
		p.df.Fail(ctx, err)
		return
	}
	id := p.id
	if refuse {
		page.Do(ctx, func() (struct{}, error) { return struct{}{}, page.API().RefuseIPFiling(ctx, id, req) },
			func(ctx app.Context, _ struct{}) { p.decided(ctx, t("oip.refused")) }, p.failed)
		return
	}
	page.Do(ctx, func() (struct{}, error) { return struct{}{}, page.API().AskIPAdditions(ctx, id, req) },
		func(ctx app.Context, _ struct{}) { p.decided(ctx, t("oip.asked")) }, p.failed)
}
