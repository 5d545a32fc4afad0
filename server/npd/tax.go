package npd

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/jobs"
	"kabinet/server/notify"
	"kabinet/shared"
	"kabinet/shared/calendar"
	sharednpd "kabinet/shared/npd"
	"kabinet/shared/penalty"
)

// Jobs of the cabinet.
const (
	noticesJob = "npd.notices"  // on the 12th: the notices of the month before
	arrearsJob = "npd.arrears"  // every night: the days of arrears and the penalty
	remindJob  = "npd.remind"   // 3 days and 1 day before a due date
	dateLayout = time.DateOnly  // dates of the API
	penaltyWho = penalty.Person // the self-employed are individuals
	uinPrefix  = "1820"         // the Federal Tax Service's payment ids
	remindHour = 10             // reminders come at 10:00 Moscow time
)

// RegisterJobs puts the cabinet's jobs on the queue: the notices at 00:00
// on the 12th and the arrears at 00:30 every night, Moscow time.
func (s *Service) RegisterJobs(q *jobs.Queue) {
	q.Every(noticesJob, jobs.Monthly{Day: sharednpd.NoticeDay, Loc: shared.Moscow}, func(ctx context.Context, p json.RawMessage) error {
		at, err := jobs.TickOf(p)
		if err != nil {
			return err
		}
		_, err = s.IssueNotices(ctx, at)
		return err
	})
	q.Every(arrearsJob, jobs.Daily{Minute: 30, Loc: shared.Moscow}, func(ctx context.Context, p json.RawMessage) error {
		at, err := jobs.TickOf(p)
		if err != nil {
			return err
		}
		return s.AccrueArrears(ctx, civilDay(at).AddDate(0, 0, -1))
	})
	q.Register(remindJob, s.remind)
}

type noticeRow struct {
	bun.BaseModel `bun:"table:npd_notices"`

	ID            string    `bun:"id,pk,type:uuid,default:gen_random_uuid()"`
	AccountID     string    `bun:"account_id,type:uuid"`
	PeriodFrom    time.Time `bun:"period_from,type:date"`
	PeriodTo      time.Time `bun:"period_to,type:date"`
	Income        int64     `bun:"income"`
	DeductionUsed int64     `bun:"deduction_used"`
	ReceiptCount  int       `bun:"receipt_count"`
	Tax           int64     `bun:"tax"`
	Carried       int64     `bun:"carried"`
	Netted        int64     `bun:"netted"`
	Amount        int64     `bun:"amount"`
	CarryNext     int64     `bun:"carry_next"`
	OverpaidNext  int64     `bun:"overpaid_next"`
	Issued        bool      `bun:"issued"`
	UIN           *string   `bun:"uin"`
	DueDate       time.Time `bun:"due_date,type:date"`
	Penalty       int64     `bun:"penalty"`
	ExcessNetted  int64     `bun:"excess_netted"`   // of payments beyond Amount+Penalty, set off later
	PenaltyGap    string    `bun:"penalty_missing"` // the first day the key rates do not cover (ДД.ММ.ГГГГ), or ""
	CreatedAt     time.Time `bun:"created_at,nullzero,default:now()"`
}

// civilDay is t's Moscow calendar day at midnight.
func civilDay(t time.Time) time.Time {
	y, m, d := t.In(shared.Moscow).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, shared.Moscow)
}

// dateOf reads a date column (midnight UTC from the driver) as a Moscow day.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, shared.Moscow)
}

// column is a Moscow day as a date column takes it: midnight UTC of the
// same calendar day (the session's time zone would shift a Moscow midnight
// to the day before).
func column(t time.Time) time.Time {
	y, m, d := t.In(shared.Moscow).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func ymd(t time.Time) string { return t.Format(dateLayout) }

// newUIN is a fresh 20-digit payment id with its check digit.
func newUIN() (string, error) {
	var b strings.Builder
	b.WriteString(uinPrefix)
	for b.Len() < 19 {
		n, err := rand.Int(rand.Reader, big.NewInt(10))
		if err != nil {
			return "", err
		}
		b.WriteByte(byte('0' + n.Int64()))
	}
	s := b.String()
	return s + string(rune('0'+shared.UINCheckDigit(s))), nil
}

// IssueNotices makes the notices of the periods that ended with the month
// before tick (the job runs on the 12th). Each payer is one transaction
// under the payer's row lock, and a period has at most one notice, so the
// job run twice, or by two servers at once, makes each notice once. It
// returns how many notices it made.
func (s *Service) IssueNotices(ctx context.Context, tick time.Time) (int, error) {
	t := tick.In(shared.Moscow)
	periodEnd := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, shared.Moscow).AddDate(0, 0, -1)
	var ids []string
	if err := s.db.NewSelect().Table("npd_payers").Column("account_id").
		Where("registered_at < ?", periodEnd.AddDate(0, 0, 1)).Order("account_id").Scan(ctx, &ids); err != nil {
		return 0, fmt.Errorf("npd.IssueNotices: %w", err)
	}
	// Read once, outside the payers' transactions (each holds a connection).
	cal, err := s.Reference.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	made := 0
	for _, id := range ids {
		ok, err := s.issueNotice(ctx, cal, id, periodEnd)
		if err != nil {
			return made, fmt.Errorf("npd.IssueNotices(%s): %w", id, err)
		}
		if ok {
			made++
		}
	}
	return made, nil
}

func (s *Service) issueNotice(ctx context.Context, cal calendar.Calendar, accountID string, periodEnd time.Time) (made bool, err error) {
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var p payerRow
		if err := tx.NewSelect().Model(&p).Where("account_id = ?", accountID).For("UPDATE").Scan(ctx); err != nil {
			return err
		}
		period := sharednpd.PeriodOf(p.RegisteredAt, periodEnd)
		if !period.To.Equal(periodEnd) {
			return nil // the first period runs on to the end of the next month
		}
		// A person who left and came back: the periods before the new
		// registration were settled by the notices of that time.
		if exists, err := tx.NewSelect().Model((*noticeRow)(nil)).
			Where("account_id = ? AND period_to >= ?", accountID, ymd(period.From)).Exists(ctx); err != nil || exists {
			return err
		}
		var sums struct {
			Income, Tax, Deduction int64
			Count                  int
		}
		// The tax base is the income within the limit: the part of a
		// receipt over it is outside НПД.
		if err := tx.NewRaw(`SELECT coalesce(sum(total - over_limit), 0), coalesce(sum(tax), 0), coalesce(sum(deduction_used), 0), count(*)
			FROM npd_receipts WHERE account_id = ? AND annulled_at IS NULL AND notice_id IS NULL AND settled_at < ?`,
			accountID, periodEnd.AddDate(0, 0, 1)).Scan(ctx, &sums.Income, &sums.Tax, &sums.Deduction, &sums.Count); err != nil {
			return err
		}
		var prev noticeRow
		err := tx.NewSelect().Model(&prev).Where("account_id = ?", accountID).Order("period_from DESC").Limit(1).Scan(ctx)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		// Tax billed on receipts annulled since: an overpayment to set off.
		var credit int64
		if err := tx.NewRaw(`SELECT coalesce(sum(tax), 0) FROM npd_receipts
			WHERE account_id = ? AND annulled_at IS NOT NULL AND notice_id IS NOT NULL AND netted_in IS NULL`,
			accountID).Scan(ctx, &credit); err != nil {
			return err
		}
		excess, err := takeExcess(ctx, tx, accountID)
		if err != nil {
			return err
		}
		credit += excess
		n := sharednpd.NoticeFor(period, shared.Kopecks(sums.Tax), shared.Kopecks(prev.CarryNext), shared.Kopecks(prev.OverpaidNext+credit))
		if n.Due, err = period.DueDate(cal); err != nil {
			return err // no calendar of the due date's year: the job fails naming it, and runs again
		}
		row := noticeRow{AccountID: accountID, PeriodFrom: column(period.From), PeriodTo: column(period.To), Income: sums.Income,
			DeductionUsed: sums.Deduction, ReceiptCount: sums.Count, Tax: int64(n.Tax), Carried: int64(n.Carried),
			Netted: int64(n.Netted), Amount: int64(n.Amount), CarryNext: int64(n.CarryNext), OverpaidNext: int64(n.OverpaidNext),
			Issued: n.Issued, DueDate: column(n.Due)}
		if n.Issued {
			uin, err := newUIN()
			if err != nil {
				return err
			}
			row.UIN = &uin
		}
		if _, err := tx.NewInsert().Model(&row).Returning("id").Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.NewRaw(`UPDATE npd_receipts SET notice_id = ? WHERE account_id = ? AND notice_id IS NULL AND settled_at < ?`,
			row.ID, accountID, periodEnd.AddDate(0, 0, 1)).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.NewRaw(`UPDATE npd_receipts SET netted_in = ?
			WHERE account_id = ? AND annulled_at IS NOT NULL AND notice_id IS NOT NULL AND notice_id <> ? AND netted_in IS NULL`,
			row.ID, accountID, row.ID).Exec(ctx); err != nil {
			return err
		}
		made = true
		if !n.Issued {
			return nil
		}
		acc, err := s.accounts.GetIn(ctx, tx, accountID)
		if err != nil {
			return err
		}
		due := dateOf(row.DueDate)
		if err := s.Notify.Notify(ctx, tx, notify.Note{Account: acc, Category: shared.NotifyNPDNotice, Key: "npd.notice:" + row.ID,
			Message: "msg.npd.notice", Args: []string{periodLabel(row), shared.Kopecks(row.Amount).String(), due.Format("02.01.2006")}, Link: "/npd/tax"}); err != nil {
			return err
		}
		for _, before := range []int{3, 1} {
			at := due.AddDate(0, 0, -before).Add(remindHour * time.Hour)
			if err := jobs.Enqueue(ctx, tx, remindJob, remindPayload{NoticeID: row.ID, Days: before}, jobs.At(at),
				jobs.Dedup(fmt.Sprintf("%s:%s:%d", remindJob, row.ID, before))); err != nil {
				return err
			}
		}
		return nil
	})
	return made, err
}

// rateGap lets through (as nil, after logging it) an error that is only
// key rates missing for some days: what does not need them is done.
func (s *Service) rateGap(ctx context.Context, err error) error {
	if err != nil && shared.ErrorCode(err) == shared.CodeKeyRateMissing {
		s.log.WarnContext(ctx, "penalties not computed: key rates missing — run `kabinet rates import`", "err", err)
		return nil
	}
	return err
}

// takeExcess marks as set off what was paid on the payer's notices beyond
// their sum and penalty and not set off before, and returns it. A payment
// that comes in later is taken by the notice after.
func takeExcess(ctx context.Context, tx bun.Tx, accountID string) (int64, error) {
	var sum int64
	err := tx.NewRaw(`WITH x AS (
			SELECT n.id, p.paid - n.amount - n.penalty AS excess, n.excess_netted AS before
			FROM npd_notices n JOIN (SELECT notice_id, sum(amount) AS paid FROM npd_payments GROUP BY notice_id) p ON p.notice_id = n.id
			WHERE n.account_id = ? AND n.issued),
		taken AS (
			UPDATE npd_notices n SET excess_netted = x.excess FROM x
			WHERE n.id = x.id AND x.excess > x.before
			RETURNING x.excess - x.before AS amount)
		SELECT coalesce(sum(amount), 0) FROM taken`, accountID).Scan(ctx, &sum)
	if err != nil {
		return 0, fmt.Errorf("npd.takeExcess: %w", err)
	}
	return sum, nil
}

// periodLabel is "01.11.2026–30.11.2026".
func periodLabel(n noticeRow) string {
	return dateOf(n.PeriodFrom).Format("02.01.2006") + "–" + dateOf(n.PeriodTo).Format("02.01.2006")
}

type remindPayload struct {
	NoticeID string `json:"noticeId"`
	Days     int    `json:"days"`
}

// remind tells the person a payment is due in a few days, if the notice
// is not paid by then.
func (s *Service) remind(ctx context.Context, payload json.RawMessage) error {
	var p remindPayload
	if err := json.Unmarshal(payload, &p); err != nil {
		return err
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var n noticeRow
		if err := tx.NewSelect().Model(&n).Where("id = ?", p.NoticeID).Scan(ctx); err != nil {
			return err
		}
		paid, err := paidOn(ctx, tx, n.ID)
		if err != nil || paid >= n.Amount || civilDay(s.now()).After(dateOf(n.DueDate)) {
			return err // paid, or too late to remind
		}
		acc, err := s.accounts.GetIn(ctx, tx, n.AccountID)
		if err != nil {
			return err
		}
		return s.Notify.Notify(ctx, tx, notify.Note{Account: acc, Category: shared.NotifyNPDDue,
			Key: fmt.Sprintf("npd.due:%s:%d", n.ID, p.Days), Message: fmt.Sprintf("msg.npd.due%d", p.Days),
			Args: []string{shared.Kopecks(n.Amount - paid).String(), dateOf(n.DueDate).Format("02.01.2006"), periodLabel(n)}, Link: "/npd/tax"})
	})
}

func paidOn(ctx context.Context, db bun.IDB, noticeID string) (int64, error) {
	var paid int64
	err := db.NewRaw("SELECT coalesce(sum(amount), 0) FROM npd_payments WHERE notice_id = ?", noticeID).Scan(ctx, &paid)
	return paid, err
}

// AccrueArrears records, for every issued notice unpaid after its due
// date, each day up to and including day on which it was in arrears, and
// recomputes its penalty from those days. A day is in arrears when the
// payments made before it do not cover the notice (Tax Code art. 75 p. 3:
// from the day after the due date to the day of payment inclusive).
// Days already recorded are kept, so running it twice, or after days were
// missed, gives the same rows.
func (s *Service) AccrueArrears(ctx context.Context, day time.Time) error {
	var ids []string
	err := s.db.NewRaw(`
		WITH d AS (
			INSERT INTO npd_arrears_days (notice_id, day, arrears)
			SELECT n.id, g.day::date, n.amount - coalesce((SELECT sum(p.amount) FROM npd_payments p
				WHERE p.notice_id = n.id AND p.paid_on < g.day::date), 0)
			FROM npd_notices n
			CROSS JOIN LATERAL generate_series(n.due_date + 1, ?::date, interval '1 day') AS g(day)
			WHERE n.issued AND n.due_date < ?::date
			  AND n.amount - coalesce((SELECT sum(p.amount) FROM npd_payments p
				WHERE p.notice_id = n.id AND p.paid_on < g.day::date), 0) > 0
			ON CONFLICT DO NOTHING
			RETURNING notice_id)
		SELECT DISTINCT notice_id FROM d
		UNION SELECT id FROM npd_notices WHERE penalty_missing <> ''`, ymd(day), ymd(day)).Scan(ctx, &ids)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("npd.AccrueArrears: %w", err)
	}
	// The job fails naming the missing key rates, if any, so it runs again;
	// the notices they do not touch are done.
	var missing error
	for _, id := range ids {
		if err := s.setPenalty(ctx, id); shared.ErrorCode(err) == shared.CodeKeyRateMissing {
			missing = errors.Join(missing, fmt.Errorf("npd.AccrueArrears(%s): %w", id, err))
		} else if err != nil {
			return err
		}
	}
	return missing
}

// setPenalty recomputes a notice's penalty from its days of arrears. When
// the key rates do not cover one of them, the penalty is kept and the day
// is recorded (penalty_missing), so that the ledger names it and the next
// run computes it once the rates are imported; the error is returned.
func (s *Service) setPenalty(ctx context.Context, id string) error {
	ex, err := s.explain(ctx, s.db, id)
	if e, ok := shared.AsError(err); ok && e.Code == shared.CodeKeyRateMissing && len(e.Args) > 0 {
		if _, err := s.db.NewRaw("UPDATE npd_notices SET penalty_missing = ? WHERE id = ?", e.Args[0], id).Exec(ctx); err != nil {
			return fmt.Errorf("npd.setPenalty: %w", err)
		}
		return e
	}
	if err != nil {
		return err
	}
	if _, err := s.db.NewRaw("UPDATE npd_notices SET penalty = ?, penalty_missing = '' WHERE id = ?", int64(ex.Total), id).Exec(ctx); err != nil {
		return fmt.Errorf("npd.setPenalty: %w", err)
	}
	return nil
}

// explain computes a notice's penalty from its days of arrears: stretches
// of the same arrears, each split by the engine at every key-rate change.
func (s *Service) explain(ctx context.Context, db bun.IDB, noticeID string) (sharednpd.PenaltyExplained, error) {
	var days []struct {
		Day     time.Time `bun:"day"`
		Arrears int64     `bun:"arrears"`
	}
	if err := db.NewRaw("SELECT day, arrears FROM npd_arrears_days WHERE notice_id = ? ORDER BY day", noticeID).Scan(ctx, &days); err != nil {
		return sharednpd.PenaltyExplained{}, fmt.Errorf("npd.explain: %w", err)
	}
	rates, err := s.Reference.KeyRates(ctx)
	if err != nil {
		return sharednpd.PenaltyExplained{}, err
	}
	out := sharednpd.PenaltyExplained{Lines: []sharednpd.PenaltyLine{}}
	var most int64
	for i := 0; i < len(days); {
		j := i
		for j+1 < len(days) && days[j+1].Arrears == days[i].Arrears && dateOf(days[j+1].Day).Equal(dateOf(days[j].Day).AddDate(0, 0, 1)) {
			j++
		}
		r, err := rates.Compute(shared.Kopecks(days[i].Arrears), penaltyWho, dateOf(days[i].Day), dateOf(days[j].Day))
		if err != nil {
			return sharednpd.PenaltyExplained{}, err // a day past the key-rate data: named, never a 0 % rate
		}
		for _, l := range r.Lines {
			out.Lines = append(out.Lines, sharednpd.PenaltyLine{From: ymd(l.From), To: ymd(l.To), Days: l.Days, Arrears: r.Arrears,
				RateBP: l.RateBP, Denominator: l.Denominator, Amount: l.Amount})
			out.Total += l.Amount
		}
		most = max(most, days[i].Arrears)
		i = j + 1
	}
	if int64(out.Total) > most && most > 0 {
		out.Total, out.Capped = shared.Kopecks(most), true
	}
	return out, nil
}

// Explain is the penalty of one of the account's notices, day by day.
func (s *Service) Explain(ctx context.Context, accountID, noticeID string) (sharednpd.PenaltyExplained, error) {
	if _, err := s.ownNotice(ctx, accountID, noticeID); err != nil {
		return sharednpd.PenaltyExplained{}, err
	}
	return s.explain(ctx, s.db, noticeID)
}

// ownNotice loads a notice of the account; another person's is not found.
func (s *Service) ownNotice(ctx context.Context, accountID, noticeID string) (noticeRow, error) {
	var n noticeRow
	if !api.ValidUUID(noticeID) {
		return n, shared.E(shared.CodeNotFound)
	}
	err := s.db.NewSelect().Model(&n).Where("id = ? AND account_id = ?", noticeID, accountID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return n, shared.E(shared.CodeNotFound)
	}
	return n, err
}
