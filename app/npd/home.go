package npd

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// npdPage (/npd) is the self-employed cabinet: registration when the
// person is not a payer yet; then the status, a new receipt, and the
// receipts with their annulment.
type npdPage struct {
	app.Compo
	live
	authed

	home     page.Remote[homeData]
	regOpen  bool // «Зарегистрироваться снова»: the form instead of the status
	receipts receiptsView

	// registration (register.go)
	reg        page.Form
	region     string
	activities []string

	// the new receipt (receipt_new.go, receipt_items.go, receipt_draft.go)
	rf        page.Form
	kept      page.Keeper // the new receipt's draft
	items     []itemDraft // at least one
	buyerType string
	buyerINN  string
	buyer     page.Remote[shared.RegistryEntry] // the registry's entry of buyerINN
	buyerName string                            // a foreign organisation's
	payment   string
	settledOn string // YYYY-MM-DD; empty: now

	// deregistration (deregister.go)
	df       page.Form
	dereg    bool // the deregistration form is open
	deReason string
}

// Home is the self-employed cabinet's start (/npd).
func Home() app.Composer { return &npdPage{} }

func (p *npdPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "npd.title")
	p.home, p.regOpen, p.receipts = page.Remote[homeData]{}, false, receiptsView{}
	p.buyerType, p.payment = sharednpd.BuyerPerson, sharednpd.PaymentAccount
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) {
		p.keepReceipt(p.On(ctx), s)
		p.reload(p.On(ctx))
	})
}

func (p *npdPage) reload(ctx app.Context) { homeQuery.Load(p.On(ctx), &p.home) }

func (p *npdPage) Render() app.UI {
	head := []app.UI{ds.BackLink(page.PathCabinet, t("common.toCabinet")), ds.NewPageHead(t("npd.h1")).Lead(t("npd.lead"))}
	if p.home.Has() {
		head = append(head, npdNav(page.PathNPD))
	}
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavCabinet, append(head, g)...)
	}
	body := head
	if p.receipts.notice != "" {
		body = append(body, ds.NewNotice(ds.Success, p.receipts.notice).ID("npd-notice"))
	}
	code := failedCode(p.home)
	switch receipts := p.home.Data.Receipts; {
	case code == sharednpd.CodeFactorRequired:
		body = append(body, npdClosed(code))
	case code == sharednpd.CodeNPDNotRegistered || p.regOpen:
		body = append(body, p.registration())
	case p.home.Status == page.Failed:
		body = append(body, unavailable(p.home.Err))
	case !p.home.Has():
		body = append(body, ds.NewSkeleton(4, t("common.loading")))
	case p.home.Data.Payer.Status != sharednpd.StatusActive:
		body = append(body, p.status(), p.todo(), p.figures(), p.receipts.render(receipts, p.On, p.reload))
	default:
		body = append(body, p.status(), p.todo(), p.figures(), p.newReceipt(),
			p.receipts.render(receipts, p.On, p.reload),
			app.P().Body(app.A().ID("link-all-receipts").Href(page.PathNPDReceipts).Text(t("npd.allReceipts"))))
	}
	return page.Private(p.Sess, page.NavCabinet, body...)
}

func (p *npdPage) status() app.UI {
	pr := p.home.Data.Payer
	kind := ds.Success
	if pr.Status != sharednpd.StatusActive {
		kind = ds.Warning
	}
	return ds.NewCard(t("npd.statusTitle")).ID("npd-status").Body(
		ds.NewSummaryList(
			ds.Row{Key: t("profile.status"), Value: app.Span().ID("npd-status-tag").Body(ds.NewTag(kind, t("npd.status."+pr.Status)))},
			ds.Row{Key: t("field.inn"), Value: app.Text(pr.INN)},
			ds.Row{Key: t("npd.since"), Value: app.Text(page.FormatDate(pr.RegisteredAt))},
			ds.Row{Key: t("npd.deductionLeft"), Value: app.Span().ID("npd-deduction").Text(page.FormatMoney(pr.DeductionLeft))},
		),
		app.If(pr.Status != sharednpd.StatusActive, func() app.UI {
			return ds.NewNotice(ds.Warning, t("npd.statusWhy."+pr.Status)).ID("npd-status-why").Body(
				app.If(pr.StatusReason != "", func() app.UI { return app.P().Text(t("npd.reasonIs", pr.StatusReason)) }),
				app.P().Text(t("npd.remedy."+pr.Status)))
		}),
		app.If(p.dereg, p.deregForm),
	).Footer(ds.Actions(
		// On a phone the form is below the fold: the way to it comes first.
		app.If(pr.Status == sharednpd.StatusActive, func() app.UI {
			return app.A().ID("link-new-receipt").Class("button button--primary").Href("#npd-new").Text(t("npd.toNewReceipt"))
		}),
		app.If(pr.Status == sharednpd.StatusActive && !p.dereg, func() app.UI {
			return ds.NewButton(t("npd.deregister")).ID("btn-dereg").Kind(ds.Secondary).OnClick(p.openDereg)
		}),
		app.If(pr.Status == sharednpd.StatusInactive, func() app.UI {
			return ds.NewButton(t("npd.registerAgain")).ID("btn-register-again").OnClick(func(ctx app.Context, e app.Event) {
				p.regOpen = true
			})
		}),
	))
}

// homeReceipts is how many of the latest receipts the home shows.
const homeReceipts = 5

// todo is what needs doing: a debt with its due date.
func (p *npdPage) todo() app.UI {
	sum := p.home.Data.Summary
	if sum.Debt <= 0 {
		return nil
	}
	kind, title := ds.Warning, t("npd.debtTitle", page.FormatMoney(sum.Debt))
	if due, err := shared.ParseDate(sum.NextDue); err == nil && page.API().ServerNow().After(due.AddDate(0, 0, 1)) {
		kind = ds.Danger
	}
	return ds.NewNotice(kind, title).ID("npd-debt").Body(
		app.P().Text(t("npd.debtText", page.FormatISODate(sum.NextDue))),
		ds.Actions(ds.NewButton(t("npd.toPay")).ID("link-npd-pay").Href(page.PathNPDTax)))
}

// figures are the numbers: income, the running tax, the deduction, the
// way to the limit, and the chart of the year by month.
func (p *npdPage) figures() app.UI {
	sum := p.home.Data.Summary
	fig := func(id, key string, v shared.Kopecks) app.UI {
		return app.Div().Class("figure").Body(
			app.Div().Class("figure__label").Text(t(key)),
			app.Div().ID(id).Class("figure__value").Text(page.FormatMoney(v)))
	}
	kind, details := ds.Info, t("npd.limitOK")
	switch {
	case sum.Year > sum.Limit:
		kind, details = ds.Danger, t("npd.limitCrossed")
	case sum.LimitLevel >= 100:
		kind, details = ds.Danger, t("npd.limit100")
	case sum.LimitLevel >= 80:
		kind, details = ds.Warning, t("npd.limit"+strconv.Itoa(sum.LimitLevel))
	}
	pct := int64(0)
	if sum.Limit > 0 {
		pct = int64(sum.Year) * 100 / int64(sum.Limit)
	}
	bars := make([]ds.Bar, len(p.home.Data.Income.Points))
	for i, pt := range p.home.Data.Income.Points {
		m, _ := shared.ParseDate(pt.Label + "-01")
		bars[i] = ds.Bar{Label: t("month.short." + strconv.Itoa(int(m.Month()))), Title: t("month."+strconv.Itoa(int(m.Month()))) + " " + strconv.Itoa(m.Year()),
			Value: int64(pt.Income), Text: page.FormatMoney(pt.Income), Short: shortRubles(pt.Income)}
	}
	return ds.NewCard(t("npd.figuresTitle")).ID("npd-figures").Body(
		app.Div().Class("figures").Body(
			fig("npd-today", "npd.today", sum.Today), fig("npd-month", "npd.month", sum.Month),
			fig("npd-year", "npd.year", sum.Year), fig("npd-month-tax", "npd.monthTax", sum.MonthTax),
			fig("npd-deduction-left", "npd.deductionLeft", sum.DeductionLeft),
		),
		ds.NewProgress(t("npd.limitTitle"), int64(sum.Year), int64(sum.Limit),
			t("npd.limitText", formatWhole(sum.Year), formatWhole(sum.Limit), pct)).ID("npd-limit").Kind(kind).Details(details),
		ds.NewBarChart("npd-chart", t("npd.chartTitle", strconv.Itoa(page.API().ServerNow().In(shared.Moscow).Year())),
			[2]string{t("npd.chartMonth"), t("npd.chartIncome")}, bars),
	)
}

// shortRubles is a sum above a chart's bar: «12 тыс.», «1,2 млн».
func shortRubles(k shared.Kopecks) string {
	r := int64(k) / 100
	switch {
	case r >= 1_000_000:
		return t("npd.millions", formatTenths(r/100_000))
	case r >= 1_000:
		return t("npd.thousands", strconv.Itoa(int(r/1_000)))
	case r > 0:
		return strconv.Itoa(int(r))
	}
	return ""
}

// formatTenths writes n tenths as «1,2».
func formatTenths(n int64) string { return strconv.Itoa(int(n/10)) + "," + strconv.Itoa(int(n%10)) }

// formatWhole writes a sum without kopecks when it has none.
func formatWhole(k shared.Kopecks) string { return shared.FormatRubles(k, k%100 != 0) }
