package npd

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// register sends the registration (POST /npd/register) after the
// API's own checks, run first in the browser.
func (p *npdPage) register(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	if !p.reg.Start() {
		return
	}
	req := sharednpd.RegisterRequest{Region: strings.TrimSpace(p.region), Activities: p.activities}
	// The API's own check, first in the browser: no round trip to learn
	// that a box is unticked.
	if err := req.Validate(); err != nil {
		p.regFail(ctx, err)
		return
	}
	page.Do(ctx, func() (sharednpd.Payer, error) { return page.API().NPDRegister(ctx, req) },
		func(ctx app.Context, _ sharednpd.Payer) {
			p.reg.Done()
			p.regOpen = false
			p.receipts.notice = t("npd.registeredNotice")
			ds.Focus(ctx, "npd-notice")
			p.reload(ctx)
		}, p.regFail)
}

// regFail shows the registration's errors in this form's own words: the
// generic «заполните это поле» does not tell what to do with a region code
// or a group of boxes.
func (p *npdPage) regFail(ctx app.Context, err error) {
	p.reg.Fail(ctx, err)
	e, ok := shared.AsError(err)
	if !ok {
		return
	}
	switch e.Fields["region"].Code {
	case shared.CodeRequired:
		p.reg.Say("region", t("npd.regionRequired"))
	case shared.CodeBadFormat:
		p.reg.Say("region", t("npd.regionFormat"))
	}
	switch f := e.Fields["activities"]; f.Code {
	case shared.CodeRequired:
		p.reg.Say("activities", t("npd.activitiesRequired"))
	case sharednpd.CodeNPDForbidden:
		p.reg.Say("activities", t("npd.forbiddenNamed", t("npd.activity."+f.Message)))
	}
}

// registration is the form that registers the person as self-employed,
// or why it cannot yet (the account is not confirmed or has no ИНН).
func (p *npdPage) registration() app.UI {
	a := p.Account()
	if a.Level != shared.LevelConfirmed || len(a.INN) != 12 {
		return ds.NewNotice(ds.Warning, t("npd.needConfirmedTitle")).ID("npd-need-confirmed").Body(
			app.P().Text(t("err.npd_not_confirmed")),
			app.P().Body(app.A().Href(page.PathProfile).Text(t("cabinet.toProfile"))),
		)
	}
	opts := make([]ds.Option, 0, len(sharednpd.Activities))
	for _, a := range sharednpd.Activities {
		o := ds.Option{ID: "f-activity-" + a.Code, Value: a.Code, Label: t("npd.activity." + a.Code)}
		if a.Forbidden {
			o.Hint = t("npd.forbiddenHint")
		}
		opts = append(opts, o)
	}
	return ds.NewCard(t("npd.registerTitle")).ID("npd-register").Body(
		app.P().Text(t("npd.registerText", a.INN)),
		p.reg.Head([]string{"region", "activities"}),
		app.Form().ID("form-npd-register").Class("form").NoValidate(true).OnSubmit(p.register).Body(
			ds.NewTextField("f-region", t("npd.region")).Hint(t("npd.regionHint")).InputMode("numeric").Width("4").MaxLength(2).
				Value(p.region).Error(p.reg.Err("region")).OnChange(func(v string) { p.region = v }),
			ds.NewCheckboxes("activities", t("npd.activities")).Hint(t("npd.activitiesHint")).Values(p.activities).
				Error(p.reg.Err("activities")).Options(opts...).OnChange(func(v []string) { p.activities = v }),
			ds.Actions(
				ds.NewButton(t("npd.register")).ID("btn-npd-register").Submit().Busy(p.reg.Busy, t("common.wait"))),
		),
	)
}
