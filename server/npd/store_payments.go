package npd

// The SQL of the payments (npd_payments) and of the payments no notice
// matched yet (npd_unidentified).

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/derrors"
	sharednpd "kabinet/shared/npd"
)

// paymentRow is a payment with the period and УИН of its notice.
type paymentRow struct {
	ID         string    `bun:"id"`
	NoticeID   string    `bun:"notice_id"`
	PeriodFrom time.Time `bun:"period_from"`
	PeriodTo   time.Time `bun:"period_to"`
	UIN        string    `bun:"uin"`
	Amount     int64     `bun:"amount"`
	PaidOn     time.Time `bun:"paid_on"`
	Reference  string    `bun:"reference"`
}

// selectPayments are the account's payments, newest first.
func selectPayments(ctx context.Context, db bun.IDB, accountID string) (rows []paymentRow, err error) {
	defer derrors.Wrap(&err, "npd.selectPayments(ctx, %q)", accountID)
	err = db.NewRaw(`SELECT p.id, p.notice_id, n.period_from, n.period_to, n.uin, p.amount, p.paid_on, p.reference
		FROM npd_payments p JOIN npd_notices n ON n.id = p.notice_id
		WHERE p.account_id = ? ORDER BY p.paid_on DESC, p.created_at DESC`, accountID).Scan(ctx, &rows)
	return rows, err
}

// paidOn is the sum paid on the notice.
func paidOn(ctx context.Context, db bun.IDB, noticeID string) (paid int64, err error) {
	defer derrors.Wrap(&err, "npd.paidOn(ctx, %q)", noticeID)
	err = db.NewRaw("SELECT coalesce(sum(amount), 0) FROM npd_payments WHERE notice_id = ?", noticeID).Scan(ctx, &paid)
	return paid, err
}

// paidBetween is the sum the account paid from one day to another
// (YYYY-MM-DD, both inclusive).
func paidBetween(ctx context.Context, db bun.IDB, accountID, from, to string) (paid int64, err error) {
	defer derrors.Wrap(&err, "npd.paidBetween(ctx, %q, %q, %q)", accountID, from, to)
	err = db.NewRaw("SELECT coalesce(sum(amount), 0) FROM npd_payments WHERE account_id = ? AND paid_on BETWEEN ? AND ?",
		accountID, from, to).Scan(ctx, &paid)
	return paid, err
}

// notice is an issued notice found by its УИН, with its payer's ИНН.
type notice struct {
	ID        string `bun:"id"`
	AccountID string `bun:"account_id"`
	INN       string `bun:"inn"`
}

// noticeByUIN finds the issued notice with the УИН; sql.ErrNoRows when
// none.
func noticeByUIN(ctx context.Context, db bun.IDB, uin string) (n notice, err error) {
	defer derrors.Wrap(&err, "npd.noticeByUIN(ctx, %q)", uin)
	err = db.NewRaw(`SELECT n.id, n.account_id, p.inn FROM npd_notices n JOIN npd_payers p USING (account_id)
		WHERE n.uin = ? AND n.issued`, uin).Scan(ctx, &n)
	return n, err
}

// insertPayment records a payment of the notice on day (YYYY-MM-DD) and
// returns its id.
func insertPayment(ctx context.Context, db bun.IDB, n notice, amount int64, day, ref, officerID string) (id string, err error) {
	defer derrors.Wrap(&err, "npd.insertPayment(ctx, %q, %q)", n.ID, ref)
	err = db.NewRaw(`INSERT INTO npd_payments (account_id, notice_id, amount, paid_on, reference, imported_by)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, n.AccountID, n.ID, amount, day, ref, officerID).Scan(ctx, &id)
	return id, err
}

// insertDemoPayment pays the account's oldest issued notice in full on
// its due date (the demo data).
func insertDemoPayment(ctx context.Context, db bun.IDB, accountID string) (err error) {
	defer derrors.Wrap(&err, "npd.insertDemoPayment(ctx, %q)", accountID)
	_, err = db.ExecContext(ctx, `INSERT INTO npd_payments (account_id, notice_id, amount, paid_on, reference)
		SELECT account_id, id, amount, due_date, 'демо-п/п-1' FROM npd_notices
		WHERE account_id = ? AND issued ORDER BY period_from LIMIT 1`, accountID)
	return err
}

// referenceImported tells whether a bank document with the reference was
// imported before, matched or not.
func referenceImported(ctx context.Context, db bun.IDB, ref string) (seen bool, err error) {
	defer derrors.Wrap(&err, "npd.referenceImported(ctx, %q)", ref)
	return db.NewSelect().TableExpr("(SELECT reference FROM npd_payments UNION ALL SELECT reference FROM npd_unidentified) AS r").
		Where("reference = ?", ref).Exists(ctx)
}

// insertUnidentified keeps a payment no notice matched (day YYYY-MM-DD).
func insertUnidentified(ctx context.Context, db bun.IDB, day string, amount int64, uin, ref, officerID string) (err error) {
	defer derrors.Wrap(&err, "npd.insertUnidentified(ctx, %q)", ref)
	_, err = db.NewRaw(`INSERT INTO npd_unidentified (paid_on, amount, uin, reference, imported_by)
		VALUES (?, ?, ?, ?, ?)`, day, amount, uin, ref, officerID).Exec(ctx)
	return err
}

// unidentifiedRow is a payment no notice matched.
type unidentifiedRow struct {
	ID        string    `bun:"id"`
	PaidOn    time.Time `bun:"paid_on"`
	Amount    int64     `bun:"amount"`
	UIN       string    `bun:"uin"`
	Reference string    `bun:"reference"`
	CreatedAt time.Time `bun:"created_at"`
	PaymentID *string   `bun:"payment_id"`
	AllCount  int       `bun:"all_count,scanonly"` // selectUnidentified's: of every unassigned payment
	AllSum    int64     `bun:"all_sum,scanonly"`
}

// selectUnidentified are the payments not assigned yet, oldest first (at
// most sharednpd.UnidentifiedShown), each with the count and the sum of
// all of them.
func selectUnidentified(ctx context.Context, db bun.IDB) (rows []unidentifiedRow, err error) {
	defer derrors.Wrap(&err, "npd.selectUnidentified(ctx)")
	err = db.NewRaw(`SELECT id, paid_on, amount, uin, reference, created_at, count(*) OVER () AS all_count, sum(amount) OVER () AS all_sum
		FROM npd_unidentified WHERE payment_id IS NULL ORDER BY created_at, reference LIMIT ?`, sharednpd.UnidentifiedShown).Scan(ctx, &rows)
	return rows, err
}

// lockUnidentified reads an unidentified payment under its row lock;
// sql.ErrNoRows when none.
func lockUnidentified(ctx context.Context, db bun.IDB, id string) (u unidentifiedRow, err error) {
	defer derrors.Wrap(&err, "npd.lockUnidentified(ctx, %q)", id)
	err = db.NewRaw("SELECT paid_on, amount, reference, payment_id FROM npd_unidentified WHERE id = ? FOR UPDATE", id).Scan(ctx, &u)
	return u, err
}

// assignUnidentified records which payment the unidentified one became,
// and who assigned it.
func assignUnidentified(ctx context.Context, db bun.IDB, id, paymentID, officerID string) (err error) {
	defer derrors.Wrap(&err, "npd.assignUnidentified(ctx, %q, %q)", id, paymentID)
	_, err = db.NewRaw("UPDATE npd_unidentified SET payment_id = ?, assigned_by = ?, assigned_at = now() WHERE id = ?",
		paymentID, officerID, id).Exec(ctx)
	return err
}
