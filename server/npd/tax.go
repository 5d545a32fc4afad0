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
	ids, err := payersRegisteredBefore(ctx, s.db, periodEnd.AddDate(0, 0, 1))
	if err != nil {
		return 0, err
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

// issueNotice makes the notice of the account's period ending on
// periodEnd, if that period ends then and has none yet, in one
// transaction under the payer's row lock; an issued notice is told to the
// person, with reminders before its due date.
func (s *Service) issueNotice(ctx context.Context, cal calendar.Calendar, accountID string, periodEnd time.Time) (made bool, err error) {
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		p, err := selectPayer(ctx, tx, accountID, true)
		if err != nil {
			return err
		}
		period := sharednpd.PeriodOf(p.RegisteredAt, periodEnd)
		if !period.To.Equal(periodEnd) {
			return nil // the first period runs on to the end of the next month
		}
		// A person who left and came back: the periods before the new
		// registration were settled by the notices of that time.
		if exists, err := noticeSince(ctx, tx, accountID, ymd(period.From)); err != nil || exists {
			return err
		}
		billed := periodEnd.AddDate(0, 0, 1) // receipts settled before it
		row, err := s.noticeOf(ctx, tx, cal, accountID, period, billed)
		if err != nil {
			return err
		}
		if err := insertNotice(ctx, tx, &row); err != nil {
			return err
		}
		if err := billReceipts(ctx, tx, accountID, row.ID, billed); err != nil {
			return err
		}
		made = true
		if !row.Issued {
			return nil
		}
		return s.tellNotice(ctx, tx, row)
	})
	return made, err
}

// noticeOf is the notice of the account's period: the tax of its
// receipts settled before billed and not yet in a notice, with what the notice before carried, and set
// off against what was overpaid (the tax of receipts annulled after they
// were billed, and payments beyond a notice).
func (s *Service) noticeOf(ctx context.Context, tx bun.Tx, cal calendar.Calendar, accountID string, period sharednpd.Period, billed time.Time) (noticeRow, error) {
	sums, err := selectUnbilled(ctx, tx, accountID, billed)
	if err != nil {
		return noticeRow{}, err
	}
	prev, err := lastNotice(ctx, tx, accountID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return noticeRow{}, err
	}
	credit, err := annulledBilledTax(ctx, tx, accountID)
	if err != nil {
		return noticeRow{}, err
	}
	excess, err := takeExcess(ctx, tx, accountID)
	if err != nil {
		return noticeRow{}, err
	}
	credit += excess
	n := sharednpd.NoticeFor(period, shared.Kopecks(sums.Tax), shared.Kopecks(prev.CarryNext), shared.Kopecks(prev.OverpaidNext+credit))
	if n.Due, err = period.DueDate(cal); err != nil {
		return noticeRow{}, err // no calendar of the due date's year: the job fails naming it, and runs again
	}
	row := noticeRow{AccountID: accountID, PeriodFrom: column(period.From), PeriodTo: column(period.To), Income: sums.Income,
		DeductionUsed: sums.Deduction, ReceiptCount: sums.Count, Tax: int64(n.Tax), Carried: int64(n.Carried),
		Netted: int64(n.Netted), Amount: int64(n.Amount), CarryNext: int64(n.CarryNext), OverpaidNext: int64(n.OverpaidNext),
		Issued: n.Issued, DueDate: column(n.Due)}
	if n.Issued {
		uin, err := newUIN()
		if err != nil {
			return noticeRow{}, err
		}
		row.UIN = &uin
	}
	return row, nil
}

// tellNotice tells the person of an issued notice, and puts on the queue
// the reminders 3 days and 1 day before its due date.
func (s *Service) tellNotice(ctx context.Context, tx bun.Tx, row noticeRow) error {
	acc, err := s.accounts.GetIn(ctx, tx, row.AccountID)
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
		n, err := selectNotice(ctx, tx, p.NoticeID)
		if err != nil {
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
