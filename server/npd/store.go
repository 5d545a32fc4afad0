package npd

// The SQL of the payers (npd_payers), their yearly income
// (npd_year_income) and the limit warnings sent (npd_limit_warnings).
// Store functions take a bun.IDB, so they run on the pool or inside the
// service's transaction alike; the service keeps the rules and the
// transaction boundaries.

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"kabinet/server/derrors"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

type payerRow struct {
	bun.BaseModel `bun:"table:npd_payers"`

	AccountID      string     `bun:"account_id,pk,type:uuid"`
	INN            string     `bun:"inn"`
	Region         string     `bun:"region"`
	Activities     []string   `bun:"activities,array"`
	Status         string     `bun:"status"`
	StatusReason   string     `bun:"status_reason"`
	DeductionLeft  int64      `bun:"deduction_left"`
	RegisteredAt   time.Time  `bun:"registered_at,nullzero,default:now()"`
	DeregisteredAt *time.Time `bun:"deregistered_at"`
}

func (p payerRow) public() sharednpd.Payer {
	return sharednpd.Payer{INN: p.INN, Region: p.Region, Activities: p.Activities, Status: p.Status,
		StatusReason: p.StatusReason, RegisteredAt: p.RegisteredAt, DeductionLeft: shared.Kopecks(p.DeductionLeft)}
}

// selectPayer reads the account's payer row, under its row lock when
// forUpdate; sql.ErrNoRows when the account is no payer.
func selectPayer(ctx context.Context, db bun.IDB, accountID string, forUpdate bool) (p payerRow, err error) {
	defer derrors.Wrap(&err, "npd.selectPayer(ctx, %q, %t)", accountID, forUpdate)
	q := db.NewSelect().Model(&p).Where("account_id = ?", accountID)
	if forUpdate {
		q = q.For("UPDATE")
	}
	err = q.Scan(ctx)
	return p, err
}

// selectPayerByINN reads the payer with the ИНН; sql.ErrNoRows when none.
func selectPayerByINN(ctx context.Context, db bun.IDB, inn string) (p payerRow, err error) {
	defer derrors.Wrap(&err, "npd.selectPayerByINN(ctx)") // no ИНН: the log keeps no personal data
	err = db.NewSelect().Model(&p).Where("inn = ?", inn).Scan(ctx)
	return p, err
}

// lockPayer takes the payer's row lock, to the end of the transaction.
func lockPayer(ctx context.Context, db bun.IDB, accountID string) (err error) {
	defer derrors.Wrap(&err, "npd.lockPayer(ctx, %q)", accountID)
	_, err = db.NewRaw("SELECT 1 FROM npd_payers WHERE account_id = ? FOR UPDATE", accountID).Exec(ctx)
	return err
}

// payersRegisteredBefore are the accounts registered as payers before t,
// in order.
func payersRegisteredBefore(ctx context.Context, db bun.IDB, t time.Time) (ids []string, err error) {
	defer derrors.Wrap(&err, "npd.payersRegisteredBefore(ctx, %s)", t.Format(time.RFC3339))
	err = db.NewSelect().Table("npd_payers").Column("account_id").
		Where("registered_at < ?", t).Order("account_id").Scan(ctx, &ids)
	return ids, err
}

// reactivatePayer registers again a payer who left, in the region and
// activities given (what is left of the deduction stays); false when the
// account is no inactive payer.
func reactivatePayer(ctx context.Context, db bun.IDB, accountID, region string, activities []string) (ok bool, err error) {
	defer derrors.Wrap(&err, "npd.reactivatePayer(ctx, %q)", accountID)
	res, err := db.NewRaw(`UPDATE npd_payers SET status = 'active', status_reason = '', region = ?, activities = ?,
			registered_at = now(), deregistered_at = NULL
		WHERE account_id = ? AND status = 'inactive'`, region, pgdialect.Array(activities), accountID).Exec(ctx)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// insertPayer adds p (its registered_at read back); false when the
// account is a payer already.
func insertPayer(ctx context.Context, db bun.IDB, p *payerRow) (inserted bool, err error) {
	defer derrors.Wrap(&err, "npd.insertPayer(ctx, %q)", p.AccountID)
	_, err = db.NewInsert().Model(p).On("CONFLICT (account_id) DO NOTHING").Returning("registered_at").Exec(ctx)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	return !p.RegisteredAt.IsZero(), nil
}

// deregisterPayer ends an active payer's status with the reason; false
// when the account is no active payer.
func deregisterPayer(ctx context.Context, db bun.IDB, accountID, reason string) (ok bool, err error) {
	defer derrors.Wrap(&err, "npd.deregisterPayer(ctx, %q)", accountID)
	res, err := db.NewRaw(`UPDATE npd_payers SET status = 'inactive', status_reason = ?, deregistered_at = now()
			WHERE account_id = ? AND status = 'active'`, reason, accountID).Exec(ctx)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// endPayerAt ends the payer's status with the reason as of at (the
// settlement of the receipt that crossed the limit).
func endPayerAt(ctx context.Context, db bun.IDB, accountID, reason string, at time.Time) (err error) {
	defer derrors.Wrap(&err, "npd.endPayerAt(ctx, %q)", accountID)
	_, err = db.NewRaw(`UPDATE npd_payers SET status = 'inactive', status_reason = ?, deregistered_at = ?
		WHERE account_id = ?`, reason, at, accountID).Exec(ctx)
	return err
}

// setPayerStatus moves the payer from status from to status to with the
// reason; false when it was not in from.
func setPayerStatus(ctx context.Context, db bun.IDB, accountID, from, to, reason string) (ok bool, err error) {
	defer derrors.Wrap(&err, "npd.setPayerStatus(ctx, %q, %q, %q)", accountID, from, to)
	res, err := db.NewRaw("UPDATE npd_payers SET status = ?, status_reason = ? WHERE account_id = ? AND status = ?",
		to, reason, accountID, from).Exec(ctx)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// setRegisteredAt moves the payer's registration (the demo data).
func setRegisteredAt(ctx context.Context, db bun.IDB, accountID string, at time.Time) (err error) {
	defer derrors.Wrap(&err, "npd.setRegisteredAt(ctx, %q)", accountID)
	_, err = db.ExecContext(ctx, "UPDATE npd_payers SET registered_at = ? WHERE account_id = ?", at, accountID)
	return err
}

// spendDeduction takes used from the payer's deduction and moves seq.
func spendDeduction(ctx context.Context, db bun.IDB, accountID string, used int64) (err error) {
	defer derrors.Wrap(&err, "npd.spendDeduction(ctx, %q, %d)", accountID, used)
	_, err = db.NewRaw("UPDATE npd_payers SET deduction_left = deduction_left - ?, seq = seq + 1 WHERE account_id = ?", used, accountID).Exec(ctx)
	return err
}

// returnDeduction gives used back to the payer's deduction (an annulled
// receipt's) and moves seq.
func returnDeduction(ctx context.Context, db bun.IDB, accountID string, used int64) (err error) {
	defer derrors.Wrap(&err, "npd.returnDeduction(ctx, %q, %d)", accountID, used)
	_, err = db.NewRaw("UPDATE npd_payers SET deduction_left = deduction_left + ?, seq = seq + 1 WHERE account_id = ?", used, accountID).Exec(ctx)
	return err
}

// yearIncome is the payer's income of the (Moscow) year so far.
func yearIncome(ctx context.Context, db bun.IDB, accountID string, year int) (income int64, err error) {
	defer derrors.Wrap(&err, "npd.yearIncome(ctx, %q, %d)", accountID, year)
	err = db.NewRaw("SELECT coalesce(sum(income), 0) FROM npd_year_income WHERE account_id = ? AND year = ?",
		accountID, year).Scan(ctx, &income)
	return income, err
}

// addYearIncome adds delta to the payer's income of the (Moscow) year of
// at; the caller holds the payer's row lock.
func addYearIncome(ctx context.Context, db bun.IDB, accountID string, at time.Time, delta int64) (err error) {
	defer derrors.Wrap(&err, "npd.addYearIncome(ctx, %q, %d)", accountID, delta)
	year := at.In(shared.Moscow).Year()
	q := db.NewRaw(`INSERT INTO npd_year_income (account_id, year, income) VALUES (?, ?, ?)
		ON CONFLICT (account_id, year) DO UPDATE SET income = npd_year_income.income + EXCLUDED.income`, accountID, year, delta)
	if delta < 0 { // an annulment: the receipt's year has its row
		q = db.NewRaw("UPDATE npd_year_income SET income = income + ? WHERE account_id = ? AND year = ?", delta, accountID, year)
	}
	_, err = q.Exec(ctx)
	return err
}

// recordLimitWarning notes the warning of level for the year; false when
// it was sent before.
func recordLimitWarning(ctx context.Context, db bun.IDB, accountID string, year, level int) (fresh bool, err error) {
	defer derrors.Wrap(&err, "npd.recordLimitWarning(ctx, %q, %d, %d)", accountID, year, level)
	res, err := db.NewRaw("INSERT INTO npd_limit_warnings (account_id, year, level) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		accountID, year, level).Exec(ctx)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}
