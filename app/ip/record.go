package ip

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	sharedip "kabinet/shared/ip"
)

// recordCard is an ИП's ЕГРИП record: who, the numbers, the codes with
// their names, the regime, the address, the status, the passport, what
// the tax authority reported (the ЕНС balance, the reports), the risk of
// exclusion with what the job found, and the history of entries with
// their ГРН and dates. The person's home and the officer's
// card both show it.
func recordCard(r sharedip.Record) app.UI {
	others := make([]app.UI, 0, len(r.OtherOKVED))
	for _, o := range r.OtherOKVED {
		others = append(others, app.Li().Body(okvedText(o)))
	}
	var other app.UI = app.Span().Class("muted").Text(t("ip.none"))
	if len(others) > 0 {
		other = app.Ul().ID("ip-other-okved").Class("links").Body(others...)
	}
	rows := []ds.Row{
		{Key: t("ip.fio"), Value: app.Span().ID("ip-fio").Text(fio(r.LastName, r.FirstName, r.MiddleName))},
		{Key: t("field.inn"), Value: app.Span().ID("ip-inn").Text(r.INN)},
		{Key: t("ip.ogrnip"), Value: app.Span().ID("ip-record-ogrnip").Text(r.OGRNIP)},
		{Key: t("ip.registeredOn"), Value: app.Text(page.FormatISODate(r.RegisteredOn))},
		{Key: t("ip.statusLabel"), Value: app.Span().ID("ip-record-status").Body(ds.NewTag(recordKind(r.Status), t("ip.record."+r.Status)))},
		{Key: t("ip.mainOkved"), Value: app.Span().ID("ip-main-okved").Body(okvedText(r.MainOKVED))},
		{Key: t("ip.otherOkved"), Value: other},
		{Key: t("ip.regime"), Value: app.Span().ID("ip-regime").Text(regimeText(r.Regime))},
		{Key: t("ip.address"), Value: app.Text(addressText(r.Address))},
	}
	if r.ClosedOn != "" {
		rows = append(rows, ds.Row{Key: t("ip.closedOn"), Value: app.Text(page.FormatISODate(r.ClosedOn))})
	}
	if p := r.Passport; p != nil {
		rows = append(rows, textRow("ip.passport", "ip-passport",
			// A non-breaking hyphen: «770-001» is not cut in two on a phone.
			t("ip.passportText", p.Series, p.Number, page.FormatISODate(p.IssuedOn), p.IssuedBy,
				strings.ReplaceAll(p.DivisionCode, "-", "\u2011"))))
	}
	// What the tax authority reported: the ЕНС balance as of its day, the
	// reports received (КНД, period, day).
	ens, reports := t("ip.taxNoBalance"), ""
	if r.Tax.AsOf != "" {
		ens = t("ip.taxAsOf", page.FormatISODate(r.Tax.AsOf), page.FormatMoney(r.Tax.Debt))
	}
	for i, x := range r.Tax.Reports {
		if i > 0 {
			reports += "; "
		}
		reports += x.KND + " · " + x.Period + " · " + page.FormatISODate(x.ReceivedOn)
	}
	rows = append(rows, textRow("ip.taxEns", "ip-ens", ens), textRow("ip.taxReports", "ip-reports", orDash(reports)))
	last := t("ip.riskNoReport")
	if r.RiskLastReport != "" {
		last = page.FormatISODate(r.RiskLastReport)
	}
	hist := make([][]app.UI, 0, len(r.History))
	for _, h := range r.History {
		hist = append(hist, []app.UI{app.Text(h.GRN), app.Text(page.FormatISODate(h.MadeOn)), app.Text(t("ip.entry." + h.Kind)), app.Text(h.Filing)})
	}
	return ds.NewCard(t("ip.recordTitle")).ID("ip-record").Body(
		app.If(r.RiskSince != "", func() app.UI {
			return ds.NewNotice(ds.Warning, t("ip.riskTitle")).ID("ip-risk").Body(
				app.P().Text(t("ip.riskFound", last, page.FormatMoney(r.RiskDebt))), app.P().Text(t("ip.riskText")))
		}),
		ds.NewSummaryList(rows...).ID("ip-record-list"),
		app.H3().Text(t("ip.historyTitle")),
		// Named by the heading above, not a caption that says it twice.
		ds.NewTable("", t("ip.col.grn"), t("ip.col.date"), t("ip.col.entry"), t("ip.col.filing")).
			Name(t("ip.historyTitle")).ID("ip-history").Rows(hist),
	)
}

// okvedText is a code with its name: «62.01 Разработка компьютерного
// программного обеспечения».
func okvedText(o sharedip.OKVED) app.UI {
	if o.Code == "" {
		return app.Span().Class("muted").Text(t("ip.none"))
	}
	return app.Span().Body(app.Strong().Text(o.Code), app.Text(" "+o.Name))
}

// regimeText is a regime's name, or a dash.
func regimeText(r string) string {
	if r == "" {
		return "—"
	}
	return t("ip.regime." + r)
}

// addressText is an address with its region's code.
func addressText(a sharedip.Address) string {
	if a.Region == "" && a.Text == "" {
		return "—"
	}
	return t("ip.regionIs", a.Region) + ", " + a.Text
}

// fio is a person's full name.
func fio(last, first, middle string) string {
	return strings.TrimSpace(strings.Join([]string{last, first, middle}, " "))
}

// textRow is a row of a summary list whose value is a text with an id.
func textRow(key, id, text string) ds.Row {
	return ds.Row{Key: t(key), Value: app.Span().ID(id).Text(text)}
}
