package npd

// The SQL of the tax notices (npd_notices), their days of arrears
// (npd_arrears_days) and penalties.

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/derrors"
)

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

// insertNotice writes the notice (its id read back).
func insertNotice(ctx context.Context, db bun.IDB, n *noticeRow) (err error) {
	defer derrors.Wrap(&err, "npd.insertNotice(ctx, %q, %s)", n.AccountID, ymd(n.PeriodTo))
	_, err = db.NewInsert().Model(n).Returning("id").Exec(ctx)
	return err
}

// noticeSince tells whether the account has a notice of a period ending
// on or after from (YYYY-MM-DD).
func noticeSince(ctx context.Context, db bun.IDB, accountID, from string) (exists bool, err error) {
	defer derrors.Wrap(&err, "npd.noticeSince(ctx, %q, %q)", accountID, from)
	return db.NewSelect().Model((*noticeRow)(nil)).
		Where("account_id = ? AND period_to >= ?", accountID, from).Exists(ctx)
}

// lastNotice is the account's notice of the latest period; sql.ErrNoRows
// when it has none.
func lastNotice(ctx context.Context, db bun.IDB, accountID string) (n noticeRow, err error) {
	defer derrors.Wrap(&err, "npd.lastNotice(ctx, %q)", accountID)
	err = db.NewSelect().Model(&n).Where("account_id = ?", accountID).Order("period_from DESC").Limit(1).Scan(ctx)
	return n, err
}

// selectNotice reads a notice; sql.ErrNoRows when none.
func selectNotice(ctx context.Context, db bun.IDB, id string) (n noticeRow, err error) {
	defer derrors.Wrap(&err, "npd.selectNotice(ctx, %q)", id)
	err = db.NewSelect().Model(&n).Where("id = ?", id).Scan(ctx)
	return n, err
}

// selectOwnNotice reads one of the account's notices; sql.ErrNoRows for
// none, or another person's.
func selectOwnNotice(ctx context.Context, db bun.IDB, accountID, id string) (n noticeRow, err error) {
	defer derrors.Wrap(&err, "npd.selectOwnNotice(ctx, %q, %q)", accountID, id)
	err = db.NewSelect().Model(&n).Where("id = ? AND account_id = ?", id, accountID).Scan(ctx)
	return n, err
}

// selectNotices are the account's notices, the latest period first.
func selectNotices(ctx context.Context, db bun.IDB, accountID string) (notices []noticeRow, err error) {
	defer derrors.Wrap(&err, "npd.selectNotices(ctx, %q)", accountID)
	err = db.NewSelect().Model(&notices).Where("account_id = ?", accountID).Order("period_from DESC").Scan(ctx)
	return notices, err
}

// takeExcess marks as set off what was paid on the payer's notices beyond
// their sum and penalty and not set off before, and returns it. A payment
// that comes in later is taken by the notice after.
func takeExcess(ctx context.Context, db bun.IDB, accountID string) (sum int64, err error) {
	defer derrors.Wrap(&err, "npd.takeExcess(ctx, %q)", accountID)
	err = db.NewRaw(`WITH x AS (
			SELECT n.id, p.paid - n.amount - n.penalty AS excess, n.excess_netted AS before
			FROM npd_notices n JOIN (SELECT notice_id, sum(amount) AS paid FROM npd_payments GROUP BY notice_id) p ON p.notice_id = n.id
			WHERE n.account_id = ? AND n.issued),
		taken AS (
			UPDATE npd_notices n SET excess_netted = x.excess FROM x
			WHERE n.id = x.id AND x.excess > x.before
			RETURNING x.excess - x.before AS amount)
		SELECT coalesce(sum(amount), 0) FROM taken`, accountID).Scan(ctx, &sum)
	return sum, err
}

// selectDebt is what the account owes on its issued notices (tax and
// penalty less payments) and the earliest due date of those not paid in
// full (nil when none).
func selectDebt(ctx context.Context, db bun.IDB, accountID string) (debt int64, due *time.Time, err error) {
	defer derrors.Wrap(&err, "npd.selectDebt(ctx, %q)", accountID)
	err = db.NewRaw(`SELECT coalesce(sum(n.amount + n.penalty - coalesce(pd.paid, 0)), 0), min(n.due_date)
		FROM npd_notices n LEFT JOIN LATERAL (SELECT sum(amount) AS paid FROM npd_payments WHERE notice_id = n.id) pd ON true
		WHERE n.account_id = ? AND n.issued AND n.amount + n.penalty > coalesce(pd.paid, 0)`, accountID).Scan(ctx, &debt, &due)
	return debt, due, err
}

// accrueArrearsDays records, for every issued notice unpaid after its due
// date, each day up to and including day (YYYY-MM-DD) on which the
// payments made before it did not cover the notice, keeping days already
// recorded. It returns the notices that gained days and those whose
// penalty lacks key rates.
func accrueArrearsDays(ctx context.Context, db bun.IDB, day string) (ids []string, err error) {
	defer derrors.Wrap(&err, "npd.accrueArrearsDays(ctx, %q)", day)
	err = db.NewRaw(`
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
		UNION SELECT id FROM npd_notices WHERE penalty_missing <> ''`, day, day).Scan(ctx, &ids)
	return ids, err
}

// arrearsDay is a day a notice was in arrears, and by how much.
type arrearsDay struct {
	Day     time.Time `bun:"day"`
	Arrears int64     `bun:"arrears"`
}

// selectArrearsDays are the notice's days of arrears, in order.
func selectArrearsDays(ctx context.Context, db bun.IDB, noticeID string) (days []arrearsDay, err error) {
	defer derrors.Wrap(&err, "npd.selectArrearsDays(ctx, %q)", noticeID)
	err = db.NewRaw("SELECT day, arrears FROM npd_arrears_days WHERE notice_id = ? ORDER BY day", noticeID).Scan(ctx, &days)
	return days, err
}

// deleteArrearsAfter forgets the notice's days of arrears after day
// (YYYY-MM-DD): a payment changed them.
func deleteArrearsAfter(ctx context.Context, db bun.IDB, noticeID, day string) (err error) {
	defer derrors.Wrap(&err, "npd.deleteArrearsAfter(ctx, %q, %q)", noticeID, day)
	_, err = db.NewRaw("DELETE FROM npd_arrears_days WHERE notice_id = ? AND day > ?", noticeID, day).Exec(ctx)
	return err
}

// updatePenalty records the notice's penalty, computed in full.
func updatePenalty(ctx context.Context, db bun.IDB, noticeID string, penalty int64) (err error) {
	defer derrors.Wrap(&err, "npd.updatePenalty(ctx, %q, %d)", noticeID, penalty)
	_, err = db.NewRaw("UPDATE npd_notices SET penalty = ?, penalty_missing = '' WHERE id = ?", penalty, noticeID).Exec(ctx)
	return err
}

// updatePenaltyGap records the first day (ДД.ММ.ГГГГ) the key rates do not
// cover for the notice's penalty, which is kept as it was.
func updatePenaltyGap(ctx context.Context, db bun.IDB, noticeID, day string) (err error) {
	defer derrors.Wrap(&err, "npd.updatePenaltyGap(ctx, %q, %q)", noticeID, day)
	_, err = db.NewRaw("UPDATE npd_notices SET penalty_missing = ? WHERE id = ?", day, noticeID).Exec(ctx)
	return err
}

// penalisedNotices are the issued notices with a penalty.
func penalisedNotices(ctx context.Context, db bun.IDB) (ids []string, err error) {
	defer derrors.Wrap(&err, "npd.penalisedNotices(ctx)")
	err = db.NewRaw(`SELECT id FROM npd_notices WHERE issued AND penalty > 0`).Scan(ctx, &ids)
	return ids, err
}
