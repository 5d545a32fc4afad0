package npd

import (
	"net/url"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// npdIncomePage (/npd/income) is the income by year, month and day: a
// year's months as a chart and a table, each month opening its days, the
// years before and after, and the receipts of the period to download.
type npdIncomePage struct {
	app.Compo
	live
	authed

	year   int
	month  string // YYYY-MM when the days of a month are shown
	income page.Remote[sharednpd.Income]
}

// Income is the payer's income by year, month and day (/npd/income).
func Income() app.Composer { return &npdIncomePage{} }

func (p *npdIncomePage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "npd.incomeTitle")
	now := page.API().ServerNow().In(shared.Moscow)
	q := ctx.Page().URL().Query()
	p.income, p.month, p.year = page.Remote[sharednpd.Income]{}, "", now.Year()
	if m, err := time.ParseInLocation("2006-01", q.Get("month"), shared.Moscow); err == nil && m.Year() >= 2019 && !m.After(now) {
		p.month, p.year = q.Get("month"), m.Year()
	} else if y, err := strconv.Atoi(q.Get("year")); err == nil && y >= 2019 && y <= now.Year() {
		p.year = y
	}
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) { p.reload(p.On(ctx)) })
}

func (p *npdIncomePage) reload(ctx app.Context) {
	period := app.T("year", strconv.Itoa(p.year))
	if p.month != "" {
		period = app.T("month", p.month)
	}
	incomeQuery.Load(p.On(ctx), &p.income, period)
}

func (p *npdIncomePage) Render() app.UI {
	body := npdHead(page.PathNPDIncome, t("npd.incomeH1"), t("npd.incomeLead"))
	if w := npdWaiting(p.Gate(), p.income); w != nil {
		return page.Private(p.Sess, page.NavCabinet, append(body, w)...)
	}
	if p.month != "" {
		return page.Private(p.Sess, page.NavCabinet, append(body, p.days()...)...)
	}
	return page.Private(p.Sess, page.NavCabinet, append(body, p.months()...)...)
}

// periodNav is the way to the period before and after; an empty href is
// a period with nothing to show yet.
func periodNav(title, prevHref, prevText, nextHref, nextText string) app.UI {
	link := func(id, href, text string) app.UI {
		if href == "" {
			return app.Span().Class("period-nav__none").Aria("hidden", "true")
		}
		return app.A().ID(id).Class("button button--secondary").Href(href).Text(text)
	}
	return app.Nav().Class("period-nav").Aria("label", t("npd.incomePeriods")).Body(
		link("link-period-prev", prevHref, "← "+prevText),
		app.H2().ID("income-period").Class("period-nav__title").Text(title),
		link("link-period-next", nextHref, nextText+" →"),
	)
}

func (p *npdIncomePage) months() []app.UI {
	now := page.API().ServerNow().In(shared.Moscow)
	in := p.income.Data
	prev, next := "", ""
	if p.year > 2019 {
		prev = page.PathNPDIncome + "?year=" + strconv.Itoa(p.year-1)
	}
	if p.year < now.Year() {
		next = page.PathNPDIncome + "?year=" + strconv.Itoa(p.year+1)
	}
	bars := make([]ds.Bar, len(in.Points))
	rows := make([][]app.UI, 0, len(in.Points))
	for i, pt := range in.Points {
		m, _ := time.ParseInLocation("2006-01", pt.Label, shared.Moscow)
		name := t("month."+strconv.Itoa(int(m.Month()))) + " " + strconv.Itoa(m.Year())
		bars[i] = ds.Bar{Label: t("month.short." + strconv.Itoa(int(m.Month()))), Title: name,
			Value: int64(pt.Income), Text: page.FormatMoney(pt.Income), Short: shortRubles(pt.Income)}
		if m.After(now) {
			continue
		}
		rows = append(rows, []app.UI{
			app.A().ID("link-month-"+pt.Label).Href(page.PathNPDIncome+"?month="+pt.Label).Aria("label", t("npd.incomeDaysOf", name)).Text(name),
			app.Text(page.FormatMoney(pt.Income)), app.Text(page.FormatMoney(pt.Tax)), app.Text(strconv.Itoa(pt.Receipts)),
		})
	}
	from, to := strconv.Itoa(p.year)+"-01-01", strconv.Itoa(p.year)+"-12-31"
	return []app.UI{
		periodNav(t("npd.incomeYear", p.year), prev, strconv.Itoa(p.year-1), next, strconv.Itoa(p.year+1)),
		p.totals(in),
		ds.NewBarChart("income-chart", t("npd.chartTitle", strconv.Itoa(p.year)), [2]string{t("npd.chartMonth"), t("npd.chartIncome")}, bars),
		ds.NewTable(t("npd.incomeByMonth"), t("npd.chartMonth"), t("npd.chartIncome"), t("npd.tax"), t("npd.receiptCount")).
			ID("income-table").Rows(rows),
		exportLinks(from, to),
	}
}

func (p *npdIncomePage) days() []app.UI {
	now := page.API().ServerNow().In(shared.Moscow)
	in := p.income.Data
	m, _ := time.ParseInLocation("2006-01", p.month, shared.Moscow)
	name := t("month."+strconv.Itoa(int(m.Month()))) + " " + strconv.Itoa(m.Year())
	prevM, nextM := m.AddDate(0, -1, 0), m.AddDate(0, 1, 0)
	prev, next := "", ""
	if prevM.Year() >= 2019 {
		prev = page.PathNPDIncome + "?month=" + prevM.Format("2006-01")
	}
	if !nextM.After(now) {
		next = page.PathNPDIncome + "?month=" + nextM.Format("2006-01")
	}
	bars := make([]ds.Bar, len(in.Points))
	var rows [][]app.UI
	for i, pt := range in.Points {
		d, _ := shared.ParseDate(pt.Label)
		bars[i] = ds.Bar{Label: strconv.Itoa(d.Day()), Title: page.FormatDate(d), Value: int64(pt.Income), Text: page.FormatMoney(pt.Income),
			Short: shortRubles(pt.Income)}
		if pt.Receipts > 0 { // the days with receipts; the chart shows them all
			rows = append(rows, []app.UI{
				app.A().ID("link-day-"+pt.Label).Href(page.PathNPDReceipts+"?"+url.Values{"from": {pt.Label}, "to": {pt.Label}}.Encode()).
					Aria("label", t("npd.receiptsOf", page.FormatDate(d))).Text(page.FormatDate(d)),
				app.Text(page.FormatMoney(pt.Income)), app.Text(page.FormatMoney(pt.Tax)), app.Text(strconv.Itoa(pt.Receipts)),
			})
		}
	}
	out := []app.UI{
		ds.BackLink(page.PathNPDIncome+"?year="+strconv.Itoa(m.Year()), t("npd.incomeToYear", m.Year())),
		periodNav(name, prev, t("month."+strconv.Itoa(int(prevM.Month()))), next, t("month."+strconv.Itoa(int(nextM.Month())))),
		p.totals(in),
		ds.NewBarChart("income-chart", t("npd.chartDays", name), [2]string{t("npd.chartDay"), t("npd.chartIncome")}, bars).Dense(),
	}
	if len(rows) == 0 {
		out = append(out, ds.NewEmptyState(t("npd.incomeNoneTitle"), t("npd.incomeNoneText")))
	} else {
		out = append(out, ds.NewTable(t("npd.incomeByDay"), t("npd.chartDay"), t("npd.chartIncome"), t("npd.tax"), t("npd.receiptCount")).
			ID("income-table").Rows(rows))
	}
	return append(out, exportLinks(m.Format(time.DateOnly), m.AddDate(0, 1, -1).Format(time.DateOnly)))
}

func (p *npdIncomePage) totals(in sharednpd.Income) app.UI {
	return app.Div().Class("figures").Body(
		app.Div().Class("figure").Body(
			app.Div().Class("figure__label").Text(t("npd.incomeTotal")),
			app.Div().ID("income-total").Class("figure__value").Text(page.FormatMoney(in.Total))),
		app.Div().Class("figure").Body(
			app.Div().Class("figure__label").Text(t("npd.incomeTax")),
			app.Div().ID("income-tax").Class("figure__value").Text(page.FormatMoney(in.Tax))),
		app.If(in.OverLimit > 0, func() app.UI {
			return app.Div().Class("figure").Body(
				app.Div().Class("figure__label").Text(t("npd.overLimit")),
				app.Div().ID("income-over-limit").Class("figure__value").Text(page.FormatMoney(in.OverLimit)))
		}),
	)
}

// exportLinks download the receipts of the period (their sums by month
// are in the spreadsheet's second sheet).
func exportLinks(from, to string) app.UI {
	q := "?" + url.Values{"from": {from}, "to": {to}}.Encode()
	return ds.Actions(
		app.A().ID("link-income-xlsx").Class("button button--secondary").Href(shared.APIPrefix+"/npd/export.xlsx"+q).Attr("download", "").
			Text(t("npd.exportXLSX")),
		app.A().ID("link-income-pdf").Class("button button--secondary").Href(shared.APIPrefix+"/npd/export.pdf"+q).Attr("download", "").
			Text(t("npd.exportPDF")),
	)
}
