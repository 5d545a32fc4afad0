package npd

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// showPay fetches how to pay a period's notice and shows it.
func (p *npdTaxPage) showPay(ctx app.Context, r sharednpd.LedgerRow) {
	p.payFor, p.ahead = periodText(r), nil
	payQuery.Load(ctx, &p.notice, app.T("notice", r.NoticeID)).OnChange(func() {
		if p.notice.Status == page.Loaded {
			ds.Focus(p.Self, "pay-title")
		}
	})
}

// payShown is what the payment card shows: the notice's or the advance's.
func (p *npdTaxPage) payShown() *sharednpd.PayInfo {
	switch {
	case p.payFor == "":
		return p.ahead
	case p.notice.Has():
		return &p.notice.Data
	}
	return nil
}

// payAhead shows how to pay the sum typed in advance.
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
	// A form, not a query: the server's answer may be the amount field's
	// error, shown as the form shows errors.
	page.Do(ctx, func() (sharednpd.PayInfo, error) { return page.API().PayAdvance(ctx, amount) },
		func(ctx app.Context, info sharednpd.PayInfo) {
			p.af.Done()
			p.notice, p.payFor, p.ahead = page.Remote[sharednpd.PayInfo]{}, "", &info
			ds.Focus(ctx, "pay-title")
		}, p.af.Fail)
}

// payCard is how to pay: the QR code for a bank's app, the payment
// document, and the details to type by hand.
func (p *npdTaxPage) payCard(in sharednpd.PayInfo) app.UI {
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
