package npd

import (
	"context"
	"database/sql"
	"errors"

	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// quickReceipt issues the common receipt in two statements and one
// commit: it reads the totals, lets the engine compute the tax, and writes
// the receipt, the deduction and the income in one statement that applies
// only if the payer's seq is still the one read. ok is false when the
// receipt needs the locked path instead: no active payer, a limit warning
// or the limit crossed, or a receipt issued in between.
func (s *Service) quickReceipt(ctx context.Context, accountID string, req sharednpd.ReceiptRequest) (out sharednpd.Receipt, ok bool, err error) {
	year := req.SettledAt.In(shared.Moscow).Year()
	t, err := selectPayerTotals(ctx, s.db, accountID, year)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && t.Status != sharednpd.StatusActive) {
		return out, false, nil
	}
	if err != nil {
		return out, false, err
	}
	row, err := newReceipt(accountID, req, shared.Kopecks(t.Income), shared.Kopecks(t.DeductionLeft))
	if err != nil {
		return out, false, err
	}
	limit := sharednpd.Limit(row.SettledAt)
	if row.OverLimit > 0 || sharednpd.LimitLevel(shared.Kopecks(t.Income), limit) != sharednpd.LimitLevel(shared.Kopecks(t.Income+row.Total), limit) {
		return out, false, nil
	}
	err = insertReceiptAtSeq(ctx, s.db, &row, t.Seq, year)
	if errors.Is(err, sql.ErrNoRows) {
		return out, false, nil // the totals moved meanwhile: the locked path recomputes
	}
	if err != nil {
		return out, false, err
	}
	return row.public(), true, nil
}
