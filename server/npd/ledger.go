package npd

import (
	"context"
	"slices"
	"time"

	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// Summary is the cabinet's home: income today, this month and this year,
// the running period's tax, the deduction left, the limit, and what is
// owed.
func (s *Service) Summary(ctx context.Context, accountID string) (sharednpd.Summary, error) {
	p, err := selectPayer(ctx, s.db, accountID, false)
	if err != nil {
		return sharednpd.Summary{}, shared.E(sharednpd.CodeNPDNotRegistered)
	}
	now := s.now()
	today := civilDay(now)
	month := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, shared.Moscow)
	year := time.Date(today.Year(), 1, 1, 0, 0, 0, 0, shared.Moscow)
	period := sharednpd.PeriodOf(p.RegisteredAt, now)
	out := sharednpd.Summary{DeductionLeft: shared.Kopecks(p.DeductionLeft), Limit: sharednpd.Limit(now)}
	in, err := selectIncomeSince(ctx, s.db, accountID, today, month, period.From, year)
	if err != nil {
		return sharednpd.Summary{}, err
	}
	out.Today, out.Month, out.Year, out.MonthTax = shared.Kopecks(in.Today), shared.Kopecks(in.Month), shared.Kopecks(in.Year), shared.Kopecks(in.PeriodTax)
	out.LimitLevel = sharednpd.LimitLevel(out.Year, out.Limit)
	debt, due, err := selectDebt(ctx, s.db, accountID)
	if err != nil {
		return sharednpd.Summary{}, err
	}
	out.Debt = shared.Kopecks(debt)
	if due != nil {
		out.NextDue = ymd(dateOf(*due))
	}
	return out, nil
}

// Income is the account's income (annulled receipts left out) by month of
// a year, or by day of a month when month is set (YYYY-MM).
func (s *Service) Income(ctx context.Context, accountID string, year int, month string) (sharednpd.Income, error) {
	var from, to time.Time
	var points []sharednpd.IncomePoint
	byDay := month != ""
	if byDay {
		m, err := time.ParseInLocation("2006-01", month, shared.Moscow)
		if err != nil {
			return sharednpd.Income{}, fieldErr("month", shared.CodeBadFormat)
		}
		from, to = m, m.AddDate(0, 1, 0)
		for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
			points = append(points, sharednpd.IncomePoint{Label: ymd(d)})
		}
	} else {
		if year < 2019 || year > 2100 {
			return sharednpd.Income{}, fieldErr("year", shared.CodeBadFormat)
		}
		from = time.Date(year, 1, 1, 0, 0, 0, 0, shared.Moscow)
		to = from.AddDate(1, 0, 0)
		for m := from; m.Before(to); m = m.AddDate(0, 1, 0) {
			points = append(points, sharednpd.IncomePoint{Label: m.Format("2006-01")})
		}
	}
	unit := "month"
	if byDay {
		unit = "day"
	}
	rows, err := selectIncomeBuckets(ctx, s.db, accountID, unit, from, to)
	if err != nil {
		return sharednpd.Income{}, err
	}
	out := sharednpd.Income{Points: points}
	for _, r := range rows {
		b := dateOf(r.Bucket)
		label := ymd(b)
		if !byDay {
			label = b.Format("2006-01")
		}
		i := slices.IndexFunc(out.Points, func(p sharednpd.IncomePoint) bool { return p.Label == label })
		if i < 0 {
			continue
		}
		out.Points[i].Income, out.Points[i].Tax, out.Points[i].Receipts = shared.Kopecks(r.Income), shared.Kopecks(r.Tax), r.N
		out.Points[i].OverLimit = shared.Kopecks(r.Over)
		out.Total += shared.Kopecks(r.Income)
		out.OverLimit += shared.Kopecks(r.Over)
		out.Tax += shared.Kopecks(r.Tax)
	}
	return out, nil
}

// Ledger is the account's tax periods, newest first: one row per notice,
// and the periods whose receipts have no notice yet (the running one, and
// one that ended and waits for the 12th).
func (s *Service) Ledger(ctx context.Context, accountID string) (sharednpd.Ledger, error) {
	p, err := selectPayer(ctx, s.db, accountID, false)
	if err != nil {
		return sharednpd.Ledger{}, shared.E(sharednpd.CodeNPDNotRegistered)
	}
	now := s.now()
	today := civilDay(now)
	open, err := selectOpenReceipts(ctx, s.db, accountID)
	if err != nil {
		return sharednpd.Ledger{}, err
	}
	cal, err := s.Reference.Calendar(ctx)
	if err != nil {
		return sharednpd.Ledger{}, err
	}
	out := sharednpd.Ledger{Rows: []sharednpd.LedgerRow{}}
	current := sharednpd.PeriodOf(p.RegisteredAt, now)
	pending := map[string]*sharednpd.LedgerRow{}
	var order []string
	addOpen := func(per sharednpd.Period) *sharednpd.LedgerRow {
		k := ymd(per.From)
		if r, ok := pending[k]; ok {
			return r
		}
		r := &sharednpd.LedgerRow{PeriodFrom: k, PeriodTo: ymd(per.To), Current: per.From.Equal(current.From)}
		// A period running into a year without a calendar still shows; its
		// due date says what data is missing instead.
		if due, err := per.DueDate(cal); err == nil {
			r.Due = ymd(due)
		} else if e, ok := shared.AsError(err); ok {
			r.DueError = e
		}
		pending[k] = r
		order = append(order, k)
		return r
	}
	if p.Status == sharednpd.StatusActive {
		addOpen(current)
	}
	for _, rc := range open {
		r := addOpen(sharednpd.PeriodOf(p.RegisteredAt, rc.SettledAt))
		r.Income += shared.Kopecks(rc.Total)
		r.Tax += shared.Kopecks(rc.Tax)
		r.DeductionUsed += shared.Kopecks(rc.DeductionUsed)
		r.Receipts++
	}
	slices.Sort(order)
	for i := len(order) - 1; i >= 0; i-- {
		out.Rows = append(out.Rows, *pending[order[i]])
	}
	notices, err := selectNotices(ctx, s.db, accountID)
	if err != nil {
		return sharednpd.Ledger{}, err
	}
	for _, n := range notices {
		paid, err := paidOn(ctx, s.db, n.ID)
		if err != nil {
			return sharednpd.Ledger{}, err
		}
		out.Rows = append(out.Rows, noticeLedgerRow(n, paid, today))
	}
	return out, nil
}

// noticeLedgerRow is a notice's row of the ledger, with what was paid on
// it by today.
func noticeLedgerRow(n noticeRow, paid int64, today time.Time) sharednpd.LedgerRow {
	due := dateOf(n.DueDate)
	r := sharednpd.LedgerRow{NoticeID: n.ID, PeriodFrom: ymd(dateOf(n.PeriodFrom)), PeriodTo: ymd(dateOf(n.PeriodTo)),
		Income: shared.Kopecks(n.Income), Tax: shared.Kopecks(n.Tax), DeductionUsed: shared.Kopecks(n.DeductionUsed),
		Carried: shared.Kopecks(n.Carried), Netted: shared.Kopecks(n.Netted), Amount: shared.Kopecks(n.Amount),
		Issued: n.Issued, CarryNext: shared.Kopecks(n.CarryNext), Paid: shared.Kopecks(paid),
		Penalty: shared.Kopecks(n.Penalty), Due: ymd(due), Receipts: n.ReceiptCount}
	if n.UIN != nil {
		r.UIN = *n.UIN
	}
	owed := n.Amount + n.Penalty - paid
	r.Debt = shared.Kopecks(max(owed, 0))
	// Paid beyond the notice: an overpayment until a later notice sets it off.
	r.Overpayment = shared.Kopecks(max(-owed-n.ExcessNetted, 0) + n.OverpaidNext)
	r.Overdue = r.Debt > 0 && today.After(due)
	if n.PenaltyGap != "" { // the penalty lacks days the key rates do not cover: say so
		r.PenaltyError = &shared.Error{Code: shared.CodeKeyRateMissing, Args: []string{n.PenaltyGap}}
	}
	return r
}
