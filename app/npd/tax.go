package npd

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// npdTaxPage (/npd/tax) is the ledger of the tax periods (base, tax,
// deduction, billed, paid, debt, overpayment, penalty, due date), how to
// pay a notice or pay ahead (ГОСТ Р 56042 QR and a payment document), the
// penalty explained day by day, and the payment history.
type npdTaxPage struct {
	app.Compo
	live
	authed

	tax page.Remote[taxData]

	// how to pay (tax_pay.go): a notice's (payFor, the period) or an advance's
	notice page.Remote[sharednpd.PayInfo]
	ahead  *sharednpd.PayInfo
	payFor string // the period paid, or "" for an advance

	penalty    page.Remote[sharednpd.PenaltyExplained]
	penaltyFor string

	advance string
	af      page.Form
}

// Tax is the payer's taxes and payments (/npd/tax).
func Tax() app.Composer { return &npdTaxPage{} }

func (p *npdTaxPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "npd.taxTitle")
	p.tax, p.notice, p.ahead, p.payFor = page.Remote[taxData]{}, page.Remote[sharednpd.PayInfo]{}, nil, ""
	p.penalty, p.penaltyFor = page.Remote[sharednpd.PenaltyExplained]{}, ""
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) { p.reload(p.On(ctx)) })
}

func (p *npdTaxPage) reload(ctx app.Context) {
	taxQuery.Load(p.On(ctx), &p.tax).OnChange(func() {
		if p.tax.Status == page.Loaded {
			p.suggestAdvance()
		}
	})
}

// suggestAdvance puts the running period's tax in the advance's field,
// unless something is typed there.
func (p *npdTaxPage) suggestAdvance() {
	for _, r := range p.tax.Data.Ledger.Rows {
		if r.Current && p.advance == "" && r.Tax > 0 {
			p.advance = shared.FormatRubles(r.Tax, true)
		}
	}
}

// payErr is why how to pay or the penalty could not be shown.
func (p *npdTaxPage) payErr() string {
	switch {
	case p.notice.Status == page.Failed:
		return p.notice.Err
	case p.penalty.Status == page.Failed:
		return p.penalty.Err
	}
	return ""
}

func (p *npdTaxPage) Render() app.UI {
	body := npdHead(page.PathNPDTax, t("npd.taxH1"), t("npd.taxLead"))
	if w := npdWaiting(p.Gate(), p.tax); w != nil {
		return page.Private(p.Sess, page.NavCabinet, append(body, w)...)
	}
	if why := p.payErr(); why != "" {
		body = append(body, ds.NewNotice(ds.Danger, why).ID("pay-error"))
	}
	body = append(body, ledgerTable(p.tax.Data.Ledger.Rows, func(r sharednpd.LedgerRow) []app.UI {
		var actions []app.UI
		if r.Issued && r.Debt > 0 {
			actions = append(actions, ds.NewButton(t("npd.pay")).ID("btn-pay-"+r.PeriodFrom).Label(t("npd.payNamed", periodText(r))).
				OnClick(func(ctx app.Context, e app.Event) { p.showPay(p.On(ctx), r) }))
		}
		if r.Penalty > 0 {
			actions = append(actions, ds.NewButton(t("npd.penaltyExplain")).ID("btn-penalty-"+r.PeriodFrom).Kind(ds.Secondary).
				OnClick(func(ctx app.Context, e app.Event) { p.showPenalty(p.On(ctx), r) }))
		}
		return actions
	}, false))
	if in := p.payShown(); in != nil {
		body = append(body, p.payCard(*in))
	}
	if p.penalty.Has() {
		body = append(body, p.penaltyCard())
	}
	body = append(body, ds.NewCard(t("npd.advanceTitle")).ID("npd-advance").Body(
		app.P().Text(t("npd.advanceText")),
		p.af.Head([]string{"amount"}),
		app.Form().ID("form-advance").Class("form").NoValidate(true).OnSubmit(p.payAhead).Body(
			ds.NewTextField("f-advance", t("npd.amount")).InputMode("decimal").Width("10").Value(p.advance).Error(p.af.Err("amount")).
				OnChange(func(v string) { p.advance = v }),
			ds.Actions(ds.NewButton(t("npd.showQR")).ID("btn-advance").Submit().Busy(p.af.Busy, t("common.wait"))),
		),
	))
	body = append(body, p.history())
	return page.Private(p.Sess, page.NavCabinet, body...)
}

func (p *npdTaxPage) history() app.UI { return paymentsTable(p.tax.Data.Payments) }

// showPenalty fetches a notice's penalty, explained day by day, and
// shows it.
func (p *npdTaxPage) showPenalty(ctx app.Context, r sharednpd.LedgerRow) {
	p.penaltyFor = periodText(r)
	penaltyQuery.Load(ctx, &p.penalty, app.T("notice", r.NoticeID)).OnChange(func() {
		if p.penalty.Status == page.Loaded {
			ds.Focus(p.Self, "penalty-title")
		}
	})
}

// penaltyCard is the penalty's explanation: a line per stretch of days
// at one key rate, and the total.
func (p *npdTaxPage) penaltyCard() app.UI {
	ex := p.penalty.Data
	rows := make([][]app.UI, len(ex.Lines))
	for i, l := range ex.Lines {
		rows[i] = []app.UI{
			app.Text(numericDate(l.From) + "–" + numericDate(l.To)), app.Text(strconv.Itoa(l.Days)), app.Text(page.FormatMoney(l.Arrears)),
			app.Text(percent(l.RateBP)), app.Text("1/" + strconv.Itoa(int(l.Denominator))),
			app.Text(page.FormatMoney(l.Amount)),
		}
	}
	out := []app.UI{
		app.H3().ID("penalty-title").TabIndex(-1).Text(t("npd.penaltyFor", p.penaltyFor)),
		app.P().Text(t("npd.penaltyHow")),
		ds.NewTable("", t("npd.days"), t("npd.daysCount"), t("npd.arrears"), t("npd.keyRate"), t("npd.fraction"), t("npd.penalty")).
			ID("penalty-lines").Name(t("npd.penaltyFor", p.penaltyFor)).Rows(rows),
		app.P().ID("penalty-total").Body(app.Strong().Text(t("npd.penaltyTotal", page.FormatMoney(ex.Total)))),
	}
	if ex.Capped {
		out = append(out, app.P().Text(t("npd.penaltyCapped")))
	}
	return ds.NewCard(t("npd.penaltyTitle")).ID("npd-penalty").Body(out...)
}

// percent writes a rate in basis points as «16,5 %», «21 %», «17,25 %».
func percent(bp int64) string {
	s := strconv.Itoa(int(bp / 100))
	if frac := bp % 100; frac != 0 {
		f := strconv.Itoa(int(frac))
		if frac < 10 {
			f = "0" + f
		}
		if f[1] == '0' {
			f = f[:1]
		}
		s += "," + f
	}
	return s + "\u00a0%"
}
