package npd

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
	"strconv"
)

// npdTaxPage (/npd/tax) is the ledger of the tax periods (base, tax,
// deduction, billed, paid, debt, overpayment, penalty, due date), how to
// pay a notice or pay ahead (ГОСТ Р 56042 QR and a payment document), the
// penalty explained day by day, and the payment history.
type npdTaxPage struct {
	app.Compo
	live
	authed

	closed   error
	loadErr  string
	ledger   *sharednpd.Ledger
	payments []sharednpd.Payment

	pay    *sharednpd.PayInfo
	payFor string // the period paid, or "" for an advance
	payErr string

	penalty    *sharednpd.PenaltyExplained
	penaltyFor string

	advance string
	af      page.Form
}

// Tax is the payer's taxes and payments (/npd/tax).
func Tax() app.Composer { return &npdTaxPage{} }

func (p *npdTaxPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "npd.taxTitle")
	p.closed, p.loadErr, p.ledger, p.pay, p.penalty = nil, "", nil, nil, nil
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) { p.reload(p.On(ctx)) })
}

func (p *npdTaxPage) reload(ctx app.Context) {
	ctx.Async(func() {
		l, err := page.API().NPDLedger(ctx)
		var ps sharednpd.Payments
		if err == nil {
			ps, err = page.API().NPDPayments(ctx)
		}
		ctx.Dispatch(func(ctx app.Context) {
			if npdFailed(ctx, err, &p.closed, &p.loadErr) {
				return
			}
			p.ledger, p.payments = &l, ps.Items
			for _, r := range l.Rows {
				if r.Current && p.advance == "" && r.Tax > 0 {
					p.advance = shared.FormatRubles(r.Tax, true)
				}
			}
		})
	})
}

func (p *npdTaxPage) showPay(ctx app.Context, r sharednpd.LedgerRow) {
	id, period := r.NoticeID, periodText(r)
	ctx.Async(func() {
		info, err := page.API().PayNotice(ctx, id)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if !page.APIFailed(ctx, err) {
					p.payErr = page.ErrText(err)
				}
				return
			}
			p.pay, p.payFor, p.payErr = &info, period, ""
			ds.Focus(ctx, "pay-title")
		})
	})
}

func (p *npdTaxPage) payAhead(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	if !p.af.Start() {
		return
	}
	amount, err := shared.ParseMoney(p.advance)
	if err != nil || amount <= 0 {
		p.af.SetField("amount", shared.CodeMoneyFormat)
		p.af.Check(ctx)
		return
	}
	ctx.Async(func() {
		info, err := page.API().PayAdvance(ctx, amount)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if !page.APIFailed(ctx, err) {
					p.af.Fail(ctx, err)
				}
				return
			}
			p.af.Done()
			p.pay, p.payFor = &info, ""
			ds.Focus(ctx, "pay-title")
		})
	})
}

func (p *npdTaxPage) showPenalty(ctx app.Context, r sharednpd.LedgerRow) {
	id, period := r.NoticeID, periodText(r)
	ctx.Async(func() {
		ex, err := page.API().Penalty(ctx, id)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if !page.APIFailed(ctx, err) {
					p.payErr = page.ErrText(err)
				}
				return
			}
			p.penalty, p.penaltyFor = &ex, period
			ds.Focus(ctx, "penalty-title")
		})
	})
}

func periodText(r sharednpd.LedgerRow) string {
	return numericDate(r.PeriodFrom) + "–" + numericDate(r.PeriodTo)
}

// numericDate writes YYYY-MM-DD as DD.MM.YYYY (tables of figures).
func numericDate(iso string) string {
	if len(iso) != 10 {
		return iso
	}
	return iso[8:10] + "." + iso[5:7] + "." + iso[0:4]
}

// rowState is the period's state as a tag: running, waiting for the
// notice, carried (under 100 ₽), paid, due, overdue.
func rowState(r sharednpd.LedgerRow) app.UI {
	switch {
	case r.Current:
		return ds.NewTag(ds.Info, t("npd.state.current"))
	case r.NoticeID == "":
		return ds.NewTag(ds.Neutral, t("npd.state.waiting"))
	case !r.Issued:
		return ds.NewTag(ds.Neutral, t("npd.state.notBilled"))
	case r.Debt == 0:
		return ds.NewTag(ds.Success, t("npd.state.paid"))
	case r.Overdue:
		return ds.NewTag(ds.Danger, t("npd.state.overdue"))
	}
	return ds.NewTag(ds.Warning, t("npd.state.due"))
}

func (p *npdTaxPage) Render() app.UI {
	body := npdHead(page.PathNPDTax, t("npd.taxH1"), t("npd.taxLead"))
	if w := npdWaiting(p.Gate(), p.closed, p.loadErr, p.ledger != nil); w != nil {
		return page.Private(p.Sess, page.NavCabinet, append(body, w)...)
	}
	if p.payErr != "" {
		body = append(body, ds.NewNotice(ds.Danger, p.payErr).ID("pay-error"))
	}
	body = append(body, ledgerTable(p.ledger.Rows, func(r sharednpd.LedgerRow) []app.UI {
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
	if p.pay != nil {
		body = append(body, p.payCard())
	}
	if p.penalty != nil {
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

// ledgerTable is the table of tax periods, for the payer and for the tax
// officer; actions, when not nil, gives a row's buttons; withUIN adds the
// notices' УИН (the officer matches payments by it).
func ledgerTable(ledger []sharednpd.LedgerRow, actions func(sharednpd.LedgerRow) []app.UI, withUIN bool) app.UI {
	rows := make([][]app.UI, len(ledger))
	for i, r := range ledger {
		billed := page.FormatMoney(r.Amount)
		switch {
		case r.NoticeID == "":
			billed = t("npd.notYet")
		case !r.Issued:
			billed = t("npd.carried", page.FormatMoney(r.CarryNext))
		}
		rows[i] = []app.UI{
			app.Text(periodText(r)), app.Text(page.FormatMoney(r.Income)), app.Text(page.FormatMoney(r.Tax)), app.Text(page.FormatMoney(r.DeductionUsed)),
			app.Text(billed), app.Text(page.FormatMoney(r.Paid)), app.Text(page.FormatMoney(r.Debt)), app.Text(page.FormatMoney(r.Overpayment)),
			penaltyCell(r), dueCell(r), app.Text(strconv.Itoa(r.Receipts)), rowState(r),
		}
		if withUIN {
			rows[i] = append(rows[i], app.Span().Class("nowrap").Text(r.UIN))
		}
		if actions != nil {
			rows[i] = append(rows[i], app.Div().Class("actions actions--inline").Body(actions(r)...))
		}
	}
	head := []string{t("npd.period"), t("npd.base"), t("npd.tax"), t("npd.deductionUsed"), t("npd.billed"),
		t("npd.paid"), t("npd.debt"), t("npd.overpayment"), t("npd.penalty"), t("npd.due"), t("npd.receiptCount"), t("npd.state")}
	if withUIN {
		head = append(head, t("npd.uin"))
	}
	if actions != nil {
		head = append(head, t("sessions.action"))
	}
	return ds.NewTable(t("npd.ledger"), head...).ID("ledger").Rows(rows)
}

func (p *npdTaxPage) payCard() app.UI {
	in := *p.pay
	title := t("npd.payAdvanceTitle")
	if p.payFor != "" {
		title = t("npd.payTitle", p.payFor)
	}
	rows := []ds.Row{
		{Key: t("npd.amount"), Value: app.Strong().ID("pay-amount").Text(page.FormatMoney(in.Amount))},
	}
	if in.Penalty > 0 {
		rows = append(rows, ds.Row{Key: t("npd.inclPenalty"), Value: app.Text(page.FormatMoney(in.Penalty))})
	}
	rows = append(rows,
		ds.Row{Key: t("npd.uin"), Value: app.Span().ID("pay-uin").Text(in.UIN)},
		ds.Row{Key: t("npd.purpose"), Value: app.Text(in.Purpose)},
		ds.Row{Key: t("npd.payee"), Value: app.Text(in.Payee + ", ИНН " + in.PayeeINN + ", КПП " + in.PayeeKPP)},
		ds.Row{Key: t("npd.account"), Value: app.Text(in.Account)},
		ds.Row{Key: t("npd.bank"), Value: app.Text(in.BankName + ", БИК " + in.BIC)},
		ds.Row{Key: t("npd.corresp"), Value: app.Text(in.CorrespAcc)},
		ds.Row{Key: t("npd.kbk"), Value: app.Text(in.KBK)},
	)
	return ds.NewCard(title).ID("npd-pay").Body(
		app.H3().ID("pay-title").TabIndex(-1).Text(t("npd.payHow")),
		app.Div().Class("qr-block").Body(
			app.Img().ID("pay-qr").Src(in.QR).Alt(t("npd.qrAlt", page.FormatMoney(in.Amount))),
			app.Div().Class("qr-block__how").Body(
				app.Ol().Class("list").Body(app.Li().Text(t("npd.how1")), app.Li().Text(t("npd.how2")), app.Li().Text(t("npd.how3"))),
				ds.Actions(
					app.A().ID("link-pay-pdf").Class("button button--secondary").Href(in.PDF).Attr("download", "").Text(t("npd.payPDF"))),
			),
		),
		ds.NewSummaryList(rows...),
	)
}

func (p *npdTaxPage) penaltyCard() app.UI {
	ex := *p.penalty
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

func (p *npdTaxPage) history() app.UI { return paymentsTable(p.payments) }

// paymentsTable is the payment history.
func paymentsTable(payments []sharednpd.Payment) app.UI {
	if len(payments) == 0 {
		return ds.NewEmptyState(t("npd.noPaymentsTitle"), t("npd.noPaymentsText"))
	}
	rows := make([][]app.UI, len(payments))
	for i, pm := range payments {
		from, to, _ := cutPeriod(pm.Period)
		rows[i] = []app.UI{app.Text(page.FormatISODate(pm.PaidOn)), app.Text(page.FormatMoney(pm.Amount)),
			app.Text(numericDate(from) + "–" + numericDate(to)), app.Text(pm.UIN), app.Text(pm.Reference)}
	}
	return ds.NewTable(t("npd.payments"), t("npd.paidOn"), t("npd.amount"), t("npd.period"), t("npd.uin"), t("npd.reference")).
		ID("payments").Rows(rows)
}

func cutPeriod(s string) (from, to string, ok bool) {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '.' && s[i+1] == '.' {
			return s[:i], s[i+2:], true
		}
	}
	return s, "", false
}

// dueCell is a period's due date, or why it cannot be set yet (the
// production calendar of its year is not loaded).
func dueCell(r sharednpd.LedgerRow) app.UI {
	if r.DueError != nil {
		return app.Span().Class("due-missing").Text(page.ErrText(r.DueError))
	}
	return app.Text(numericDate(r.Due))
}

// penaltyCell is a period's penalty, or, when the key rates of some of
// its days are missing, the sentence that names the missing data (never a
// sum that quietly leaves those days out).
func penaltyCell(r sharednpd.LedgerRow) app.UI {
	if r.PenaltyError != nil {
		return app.Span().Class("penalty-missing").Text(page.ErrText(r.PenaltyError))
	}
	return app.Text(page.FormatMoney(r.Penalty))
}
