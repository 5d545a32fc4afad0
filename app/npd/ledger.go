package npd

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	sharednpd "kabinet/shared/npd"
)

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

// periodText is a period as «DD.MM.YYYY–DD.MM.YYYY».
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

// cutPeriod splits «from..to» into its two ends; ok is false without
// the «..».
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
