package npd

import (
	"context"
	"database/sql"
	"errors"
	"math"

	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// quickReceipt issues the common receipt in one statement and one
// commit (insertQuickReceipt): the engine computes the receipt's full tax
// and the most of the deduction it can use, the statement what is left of
// the deduction and whether the receipt stays within its limit level. ok
// is false when the receipt needs the locked path instead: no active
// payer, a limit warning or the limit crossed, or a receipt issued in
// between.
func (s *Service) quickReceipt(ctx context.Context, accountID string, req sharednpd.ReceiptRequest) (out sharednpd.Receipt, ok bool, err error) {
	// With no income before it and the whole deduction left, the engine
	// gives the full tax and the deduction's share of this receipt.
	row, err := newReceipt(accountID, req, 0, shared.Kopecks(math.MaxInt64))
	if err != nil {
		return out, false, err
	}
	if row.OverLimit > 0 {
		return out, false, nil
	}
	full, maxUsed := shared.Kopecks(row.Tax+row.DeductionUsed), shared.Kopecks(row.DeductionUsed)
	err = insertQuickReceipt(ctx, s.db, s.quick, &row, req.SettledAt.In(shared.Moscow).Year(), full, maxUsed)
	if errors.Is(err, sql.ErrNoRows) {
		return out, false, nil // not active, a level crossed, or the totals moved: the locked path decides
	}
	if err != nil {
		return out, false, err
	}
	return row.public(), true, nil
}
