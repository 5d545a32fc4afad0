package npd

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// payerTotals is what a receipt's tax depends on, read in one statement
// (one snapshot): the payer's status and deduction, the year's income, and
// seq, which every change of the last two moves.
type payerTotals struct {
	Status        string `bun:"status"`
	DeductionLeft int64  `bun:"deduction_left"`
	Seq           int64  `bun:"seq"`
	Income        int64  `bun:"income"`
}

// quickReceipt issues the common receipt in two statements and one
// commit: it reads the totals, lets the engine compute the tax, and writes
// the receipt, the deduction and the income in one statement that applies
// only if the payer's seq is still the one read. ok is false when the
// receipt needs the locked path instead: no active payer, a limit warning
// or the limit crossed, or a receipt issued in between.
func (s *Service) quickReceipt(ctx context.Context, accountID string, req sharednpd.ReceiptRequest) (out sharednpd.Receipt, ok bool, err error) {
	year := req.SettledAt.In(shared.Moscow).Year()
	var t payerTotals
	err = s.db.NewRaw(`SELECT p.status, p.deduction_left, p.seq, coalesce(y.income, 0) AS income
		FROM npd_payers p LEFT JOIN npd_year_income y ON y.account_id = p.account_id AND y.year = ?
		WHERE p.account_id = ?`, year, accountID).Scan(ctx, &t)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && t.Status != sharednpd.StatusActive) {
		return out, false, nil
	}
	if err != nil {
		return out, false, fmt.Errorf("npd.quickReceipt: %w", err)
	}
	row, err := newReceipt(accountID, req, shared.Kopecks(t.Income), shared.Kopecks(t.DeductionLeft))
	if err != nil {
		return out, false, err
	}
	limit := sharednpd.Limit(row.SettledAt)
	if row.OverLimit > 0 || sharednpd.LimitLevel(shared.Kopecks(t.Income), limit) != sharednpd.LimitLevel(shared.Kopecks(t.Income+row.Total), limit) {
		return out, false, nil
	}
	items, err := json.Marshal(row.Items)
	if err != nil {
		return out, false, fmt.Errorf("npd.quickReceipt: %w", err)
	}
	err = s.db.NewRaw(`WITH p AS (
			UPDATE npd_payers SET deduction_left = deduction_left - ?0, seq = seq + 1
			WHERE account_id = ?1 AND seq = ?2 AND status = 'active' RETURNING account_id),
		y AS (
			INSERT INTO npd_year_income (account_id, year, income) SELECT account_id, ?3, ?4 FROM p
			ON CONFLICT (account_id, year) DO UPDATE SET income = npd_year_income.income + EXCLUDED.income)
		INSERT INTO npd_receipts (number, account_id, items, total, buyer_type, buyer_inn, buyer_name, payment,
			settled_at, tax, deduction_used)
		SELECT ?5, account_id, ?6::jsonb, ?4, ?7, ?8, ?9, ?10, ?11, ?12, ?0 FROM p
		RETURNING id, created_at`,
		row.DeductionUsed, accountID, t.Seq, year, row.Total, row.Number, string(items), row.BuyerType, row.BuyerINN,
		row.BuyerName, row.Payment, row.SettledAt, row.Tax).Scan(ctx, &row.ID, &row.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return out, false, nil // the totals moved meanwhile: the locked path recomputes
	}
	if err != nil {
		return out, false, fmt.Errorf("npd.quickReceipt: %w", err)
	}
	return row.public(), true, nil
}
