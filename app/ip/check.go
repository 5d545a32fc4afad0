package ip

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// checkState is «Проверить данные в ЕГРИП» on the home: the ОГРНИП the
// person holds (optional) and the comparison's result.
type checkState struct {
	ogrnip string
	f      page.Form
	result *sharedip.CheckResult
}

// checkFields are the fields the comparison names, in the order shown.
var checkFields = []string{"lastName", "firstName", "middleName", "birthDate", "inn", "ogrnip", "passport.series",
	"passport.number", "passport.issuedOn", "passport.issuedBy", "passport.divisionCode"}

func (p *homePage) checkCard() app.UI {
	c := &p.check
	return ds.NewCard(t("ip.checkTitle")).ID("ip-check").Body(
		app.P().Text(t("ip.checkText")),
		c.f.Head([]string{"ogrnip"}),
		app.Form().ID("form-ip-check").Class("form").NoValidate(true).OnSubmit(p.onCheck).Body(
			ds.NewTextField("f-ogrnip", t("ip.checkOgrnip")).Optional(t("ip.optional")).Hint(t("ip.checkOgrnipHint")).
				InputMode("numeric").Width("20").MaxLength(15).Value(c.ogrnip).Error(c.f.Err("ogrnip")).
				OnChange(func(v string) { c.ogrnip = v }),
			ds.Actions(ds.NewButton(t("ip.checkRun")).ID("btn-ip-check").Submit().Busy(c.f.Busy, t("common.checking"))),
		),
		p.checkResult(),
	)
}

func (p *homePage) onCheck(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	e.PreventDefault()
	c := &p.check
	if !c.f.Start() {
		return
	}
	c.result = nil
	if v := shared.Digits(c.ogrnip); v != "" {
		if err := shared.ValidateOGRNIP(v); err != nil {
			c.f.SetField("ogrnip", shared.ErrorCode(err))
			c.f.Check(ctx)
			return
		}
	}
	req := sharedip.CheckRequest{OGRNIP: shared.Digits(c.ogrnip)}
	page.Do(ctx, func() (sharedip.CheckResult, error) { return page.API().IPCheck(ctx, req) },
		func(ctx app.Context, r sharedip.CheckResult) {
			c.f.Done()
			c.result = &r
			ds.Focus(ctx, "ip-check-result")
		}, c.f.Fail)
}

// checkResult is the comparison: «Данные подтверждены», or each field
// that differs side by side with its remedy.
func (p *homePage) checkResult() app.UI {
	r := p.check.result
	if r == nil {
		return nil
	}
	if r.Confirmed {
		return app.Div().ID("ip-check-result").TabIndex(-1).Body(
			ds.NewNotice(ds.Success, t("ip.checkConfirmed")).ID("ip-check-ok").Text(t("ip.checkConfirmedText")))
	}
	byField := map[string]sharedip.Difference{}
	for _, d := range r.Differences {
		byField[d.Field] = d
	}
	var rows []ds.Row
	for _, f := range checkFields {
		d, ok := byField[f]
		if !ok {
			continue
		}
		rows = append(rows, ds.Row{Key: t("ip.check.field." + f), Value: app.Div().ID("ip-diff-"+f).Body(
			app.P().Body(app.Text(t("ip.inProfile")+" "), app.Strong().Text(orDash(shownValue(f, d.Profile)))),
			app.P().Body(app.Text(t("ip.inRegistry")+" "), app.Strong().Text(orDash(shownValue(f, d.Registry)))),
		)})
	}
	return app.Div().ID("ip-check-result").TabIndex(-1).Body(
		ds.NewNotice(ds.Danger, t("ip.checkDiffers")).ID("ip-check-diff").Body(
			app.P().Text(t("ip.checkDiffersText")),
			ds.NewSummaryList(rows...).ID("ip-diff-list"),
			app.P().Text(t("ip.checkRemedy")),
			ds.Actions(
				ds.NewButton(t("ip.fixProfile")).ID("btn-ip-fix-profile").Href(page.PathProfileEdt),
				ds.NewButton(t("ip.start."+sharedip.FormChange)).ID("btn-ip-diff-change").Kind(ds.Secondary).
					Busy(p.start.Busy, t("common.sending")).OnClick(p.onStart(sharedip.FormChange)),
			),
		),
	)
}

// shownValue is a compared value as people read it (dates as «23 ноября 2026»).
func shownValue(field, v string) string {
	if (field == "birthDate" || field == "passport.issuedOn") && v != "" {
		return page.FormatISODate(v)
	}
	return v
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
