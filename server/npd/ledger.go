package npd

import (
	"context"
	"fmt"
	"slices"
	"time"

	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// Summary is the cabinet's home: income today, this month and this year,
// the running period's tax, the deduction left, the limit, and what is
// owed.
func (s *Service) Summary(ctx context.Context, accountID string) (sharednpd.Summary, error) {
	var p payerRow
	if err := s.db.NewSelect().Model(&p).Where("account_id = ?", accountID).Scan(ctx); err != nil {
		return sharednpd.Summary{}, shared.E(sharednpd.CodeNPDNotRegistered)
	}
	now := s.now()
	today := civilDay(now)
	month := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, shared.Moscow)
	year := time.Date(today.Year(), 1, 1, 0, 0, 0, 0, shared.Moscow)
	period := sharednpd.PeriodOf(p.RegisteredAt, now)
	out := sharednpd.Summary{DeductionLeft: shared.Kopecks(p.DeductionLeft), Limit: sharednpd.Limit(now)}
	var t, m, y, tax int64
	if err := s.db.NewRaw(`SELECT
			coalesce(sum(total) FILTER (WHERE settled_at >= ?), 0),
			coalesce(sum(total) FILTER (WHERE settled_at >= ?), 0),
			coalesce(sum(total), 0),
			coalesce(sum(tax) FILTER (WHERE settled_at >= ? AND notice_id IS NULL), 0)
		FROM npd_receipts WHERE account_id = ? AND annulled_at IS NULL AND settled_at >= ? AND settled_at < ?`,
		today, month, period.From, accountID, year, year.AddDate(1, 0, 0)).Scan(ctx, &t, &m, &y, &tax); err != nil {
		return sharednpd.Summary{}, fmt.Errorf("npd.Summary: %w", err)
	}
	out.Today, out.Month, out.Year, out.MonthTax = shared.Kopecks(t), shared.Kopecks(m), shared.Kopecks(y), shared.Kopecks(tax)
	out.LimitLevel = sharednpd.LimitLevel(out.Year, out.Limit)
	var due *time.Time
	var debt int64
	if err := s.db.NewRaw(`SELECT coalesce(sum(n.amount + n.penalty - coalesce(pd.paid, 0)), 0), min(n.due_date)
		FROM npd_notices n LEFT JOIN LATERAL (SELECT sum(amount) AS paid FROM npd_payments WHERE notice_id = n.id) pd ON true
		WHERE n.account_id = ? AND n.issued AND n.amount + n.penalty > coalesce(pd.paid, 0)`, accountID).Scan(ctx, &debt, &due); err != nil {
		return sharednpd.Summary{}, fmt.Errorf("npd.Summary: %w", err)
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
	var rows []struct {
		Bucket time.Time `bun:"bucket"`
		Income int64     `bun:"income"`
		Over   int64     `bun:"over"`
		Tax    int64     `bun:"tax"`
		N      int       `bun:"n"`
	}
	if err := s.db.NewRaw(`SELECT date_trunc(?, settled_at AT TIME ZONE 'Europe/Moscow') AS bucket,
			sum(total) AS income, sum(over_limit) AS over, sum(tax) AS tax, count(*) AS n
		FROM npd_receipts WHERE account_id = ? AND annulled_at IS NULL AND settled_at >= ? AND settled_at < ?
		GROUP BY 1 ORDER BY 1`, unit, accountID, from, to).Scan(ctx, &rows); err != nil {
		return sharednpd.Income{}, fmt.Errorf("npd.Income: %w", err)
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
	var p payerRow
	if err := s.db.NewSelect().Model(&p).Where("account_id = ?", accountID).Scan(ctx); err != nil {
		return sharednpd.Ledger{}, shared.E(sharednpd.CodeNPDNotRegistered)
	}
	now := s.now()
	today := civilDay(now)
	var open []struct {
		SettledAt     time.Time `bun:"settled_at"`
		Total         int64     `bun:"total"` // the tax base: within the limit
		Tax           int64     `bun:"tax"`
		DeductionUsed int64     `bun:"deduction_used"`
	}
	if err := s.db.NewRaw(`SELECT settled_at, total - over_limit AS total, tax, deduction_used FROM npd_receipts
		WHERE account_id = ? AND annulled_at IS NULL AND notice_id IS NULL ORDER BY settled_at`, accountID).Scan(ctx, &open); err != nil {
		return sharednpd.Ledger{}, fmt.Errorf("npd.Ledger: %w", err)
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
	var notices []noticeRow
	if err := s.db.NewSelect().Model(&notices).Where("account_id = ?", accountID).Order("period_from DESC").Scan(ctx); err != nil {
		return sharednpd.Ledger{}, fmt.Errorf("npd.Ledger: %w", err)
	}
	for _, n := range notices {
		paid, err := paidOn(ctx, s.db, n.ID)
		if err != nil {
			return sharednpd.Ledger{}, err
		}
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
		out.Rows = append(out.Rows, r)
	}
	return out, nil
}
