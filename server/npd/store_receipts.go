package npd

// The SQL of the receipts (npd_receipts): issuing, listing, annulling,
// and the sums the summary, the income chart and the certificates read.

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	kdb "kabinet/server/db"
	"kabinet/server/derrors"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

type receiptRow struct {
	bun.BaseModel `bun:"table:npd_receipts"`

	ID            string                  `bun:"id,pk,type:uuid,default:gen_random_uuid()"`
	Number        string                  `bun:"number"`
	AccountID     string                  `bun:"account_id,type:uuid"`
	Items         []sharednpd.ReceiptItem `bun:"items,type:jsonb"`
	Total         int64                   `bun:"total"`
	BuyerType     string                  `bun:"buyer_type"`
	BuyerINN      string                  `bun:"buyer_inn"`
	BuyerName     string                  `bun:"buyer_name"`
	Payment       string                  `bun:"payment"`
	SettledAt     time.Time               `bun:"settled_at"`
	Tax           int64                   `bun:"tax"`
	DeductionUsed int64                   `bun:"deduction_used"`
	OverLimit     int64                   `bun:"over_limit"`
	OverRegime    string                  `bun:"over_limit_regime"`
	OverTax       int64                   `bun:"over_limit_tax"`
	AnnulledAt    *time.Time              `bun:"annulled_at"`
	AnnulReason   *string                 `bun:"annul_reason"`
	CreatedAt     time.Time               `bun:"created_at,nullzero,default:now()"`
}

func (r receiptRow) public() sharednpd.Receipt {
	out := sharednpd.Receipt{ID: r.ID, Number: r.Number, Items: r.Items, Total: shared.Kopecks(r.Total), BuyerType: r.BuyerType,
		BuyerINN: r.BuyerINN, BuyerName: r.BuyerName, Payment: r.Payment, SettledAt: r.SettledAt, CreatedAt: r.CreatedAt,
		Tax: shared.Kopecks(r.Tax), DeductionUsed: shared.Kopecks(r.DeductionUsed),
		OverLimit: shared.Kopecks(r.OverLimit), OverLimitRegime: r.OverRegime, OverLimitTax: shared.Kopecks(r.OverTax)}
	if r.AnnulledAt != nil {
		out.AnnulledAt = *r.AnnulledAt
	}
	if r.AnnulReason != nil {
		out.AnnulReason = *r.AnnulReason
	}
	return out
}

// receiptRule is what the one-statement receipt repeats of the engine
// (shared/npd), over a row t (deduction_left, income: the payer's and the
// year's) and the arguments $1 the receipt's total, $2 the most of the
// deduction it can use (sharednpd.TaxOf's DeductionUsed with the whole
// deduction left), $3 the year's limit and $4 the limit's warning
// thresholds (limit × share, compared with income × 100, as LimitLevel
// does). used is TaxOf's DeductionUsed with what is left; quick is that
// the receipt stays within the limit and its warning level, so that the
// locked path has nothing to tell. TestReceiptRuleAgreesWithTheEngine
// checks both against the engine, prepared as quickReceiptSQL is.
const receiptRule = `LEAST($2::bigint, GREATEST(t.deduction_left, 0)) AS used,
	t.income + $1::bigint <= $3::bigint
	AND NOT EXISTS (SELECT 1 FROM unnest($4::bigint[]) th WHERE t.income * 100 < th AND (t.income + $1::bigint) * 100 >= th) AS quick`

// quickReceiptSQL writes a receipt within its year's limit and warning
// level in one statement: it reads the payer and the year's income
// ($5 the year, $6 the account), computes the deduction used
// (receiptRule), and writes the receipt ($7… its columns, $14 its tax at
// the full rate), the deduction and the income, only while the payer's
// seq is the one it read and the payer is active; no row otherwise. It is
// prepared (db.Prepared): planning its CTEs as text each time cost
// PostgreSQL more than running them.
const quickReceiptSQL = `WITH t AS (
		SELECT p.seq, p.deduction_left, coalesce(y.income, 0) AS income
		FROM npd_payers p LEFT JOIN npd_year_income y ON y.account_id = p.account_id AND y.year = $5::int
		WHERE p.account_id = $6::uuid AND p.status = 'active'),
	c AS (SELECT t.seq, ` + receiptRule + ` FROM t),
	p AS (
		UPDATE npd_payers SET deduction_left = deduction_left - c.used, seq = npd_payers.seq + 1
		FROM c WHERE c.quick AND npd_payers.account_id = $6::uuid AND npd_payers.seq = c.seq AND npd_payers.status = 'active'
		RETURNING npd_payers.account_id, c.used),
	y AS (
		INSERT INTO npd_year_income (account_id, year, income) SELECT account_id, $5::int, $1::bigint FROM p
		ON CONFLICT (account_id, year) DO UPDATE SET income = npd_year_income.income + EXCLUDED.income)
	INSERT INTO npd_receipts (number, account_id, items, total, buyer_type, buyer_inn, buyer_name, payment,
		settled_at, tax, deduction_used)
	SELECT $7::text, account_id, $8::jsonb, $1::bigint, $9::text, $10::text, $11::text, $12::text, $13::timestamptz,
		$14::bigint - used, used FROM p
	RETURNING id, created_at, deduction_used`

// insertQuickReceipt runs quickReceiptSQL (prepared as quick) for row in
// year; sql.ErrNoRows when the locked path must decide. full is the
// receipt's tax at the full rate, maxUsed the most of the deduction it can
// use; row's tax and deduction are set from the result, its id and
// created_at read back.
func insertQuickReceipt(ctx context.Context, db *bun.DB, quick *kdb.Prepared, row *receiptRow, year int, full, maxUsed shared.Kopecks) (err error) {
	defer derrors.Wrap(&err, "npd.insertQuickReceipt(ctx, %q)", row.Number)
	items, err := json.Marshal(row.Items)
	if err != nil {
		return err
	}
	limit := sharednpd.Limit(row.SettledAt)
	err = quick.Scan(ctx, db, []any{row.Total, int64(maxUsed), int64(limit), pgdialect.Array(limitThresholds(limit)), year, row.AccountID,
		row.Number, string(items), row.BuyerType, row.BuyerINN, row.BuyerName, row.Payment, row.SettledAt, int64(full)},
		&row.ID, &row.CreatedAt, &row.DeductionUsed)
	row.Tax = int64(full) - row.DeductionUsed
	return err
}

// limitThresholds are the incomes × 100 at which LimitLevel moves.
func limitThresholds(limit shared.Kopecks) []int64 {
	out := make([]int64, len(sharednpd.LimitWarnings))
	for i, w := range sharednpd.LimitWarnings {
		out[i] = int64(limit) * int64(w)
	}
	return out
}

// insertReceipt writes the receipt row alone (its id and created_at read
// back); the caller moves the totals under the payer's lock.
func insertReceipt(ctx context.Context, db bun.IDB, row *receiptRow) (err error) {
	defer derrors.Wrap(&err, "npd.insertReceipt(ctx, %q)", row.Number)
	_, err = db.NewInsert().Model(row).Returning("id, created_at").Exec(ctx)
	return err
}

// selectReceipts lists the account's receipts of the filter, newest
// settlement first.
func selectReceipts(ctx context.Context, db bun.IDB, accountID string, f ReceiptFilter) (rows []receiptRow, err error) {
	defer derrors.Wrap(&err, "npd.selectReceipts(ctx, %q)", accountID)
	q := db.NewSelect().Model(&rows).Where("account_id = ?", accountID)
	if !f.From.IsZero() {
		q = q.Where("settled_at >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("settled_at < ?", f.To.AddDate(0, 0, 1))
	}
	if f.Buyer != "" {
		q = q.Where("buyer_type = ?", f.Buyer)
	}
	switch f.Status {
	case "active":
		q = q.Where("annulled_at IS NULL")
	case "annulled":
		q = q.Where("annulled_at IS NOT NULL")
	}
	if f.Query != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(strings.ToLower(f.Query)) + "%"
		q = q.Where("(number LIKE ? OR lower(buyer_name) LIKE ? OR buyer_inn LIKE ? OR lower(items::text) LIKE ?)", like, like, like, like)
	}
	err = q.Order("settled_at DESC", "created_at DESC").Limit(int64(f.Limit)).Scan(ctx)
	return rows, err
}

// selectOwnReceipt reads one of the account's receipts; sql.ErrNoRows
// for none, or another person's.
func selectOwnReceipt(ctx context.Context, db bun.IDB, accountID, id string) (r receiptRow, err error) {
	defer derrors.Wrap(&err, "npd.selectOwnReceipt(ctx, %q, %q)", accountID, id)
	err = db.NewSelect().Model(&r).Where("id = ? AND account_id = ?", id, accountID).Scan(ctx)
	return r, err
}

// selectReceiptByNumber reads the receipt with the public number;
// sql.ErrNoRows when none.
func selectReceiptByNumber(ctx context.Context, db bun.IDB, number string) (r receiptRow, err error) {
	defer derrors.Wrap(&err, "npd.selectReceiptByNumber(ctx, %q)", number)
	err = db.NewSelect().Model(&r).Where("number = ?", number).Scan(ctx)
	return r, err
}

// ownReceiptNumber is the number of one of the account's receipts.
func ownReceiptNumber(ctx context.Context, db bun.IDB, accountID, id string) (number string, err error) {
	defer derrors.Wrap(&err, "npd.ownReceiptNumber(ctx, %q, %q)", accountID, id)
	err = db.NewRaw("SELECT number FROM npd_receipts WHERE id = ? AND account_id = ?", id, accountID).Scan(ctx, &number)
	return number, err
}

// annulReceipt marks r annulled with the reason, now (read back into
// r.AnnulledAt).
func annulReceipt(ctx context.Context, db bun.IDB, r *receiptRow, reason string) (err error) {
	defer derrors.Wrap(&err, "npd.annulReceipt(ctx, %q)", r.Number)
	return db.NewRaw("UPDATE npd_receipts SET annulled_at = now(), annul_reason = ? WHERE id = ? RETURNING annulled_at",
		reason, r.ID).Scan(ctx, &r.AnnulledAt)
}

// incomeSince is the account's income (annulled receipts left out) of
// the calendar year starting at year: today, this month and the whole
// year so far, and the tax of the running period not yet billed.
type incomeSince struct{ Today, Month, Year, PeriodTax int64 }

func selectIncomeSince(ctx context.Context, db bun.IDB, accountID string, today, month, periodFrom, year time.Time) (s incomeSince, err error) {
	defer derrors.Wrap(&err, "npd.selectIncomeSince(ctx, %q)", accountID)
	err = db.NewRaw(`SELECT
			coalesce(sum(total) FILTER (WHERE settled_at >= ?), 0),
			coalesce(sum(total) FILTER (WHERE settled_at >= ?), 0),
			coalesce(sum(total), 0),
			coalesce(sum(tax) FILTER (WHERE settled_at >= ? AND notice_id IS NULL), 0)
		FROM npd_receipts WHERE account_id = ? AND annulled_at IS NULL AND settled_at >= ? AND settled_at < ?`,
		today, month, periodFrom, accountID, year, year.AddDate(1, 0, 0)).Scan(ctx, &s.Today, &s.Month, &s.Year, &s.PeriodTax)
	return s, err
}

// incomeBucket is the income of one day or month.
type incomeBucket struct {
	Bucket time.Time `bun:"bucket"`
	Income int64     `bun:"income"`
	Over   int64     `bun:"over"`
	Tax    int64     `bun:"tax"`
	N      int       `bun:"n"`
}

// selectIncomeBuckets sums the account's receipts (annulled ones left out)
// settled in [from, to) by unit ("day" or "month", Moscow time).
func selectIncomeBuckets(ctx context.Context, db bun.IDB, accountID, unit string, from, to time.Time) (rows []incomeBucket, err error) {
	defer derrors.Wrap(&err, "npd.selectIncomeBuckets(ctx, %q, %q)", accountID, unit)
	err = db.NewRaw(`SELECT date_trunc(?, settled_at AT TIME ZONE 'Europe/Moscow') AS bucket,
			sum(total) AS income, sum(over_limit) AS over, sum(tax) AS tax, count(*) AS n
		FROM npd_receipts WHERE account_id = ? AND annulled_at IS NULL AND settled_at >= ? AND settled_at < ?
		GROUP BY 1 ORDER BY 1`, unit, accountID, from, to).Scan(ctx, &rows)
	return rows, err
}

// monthIncome is a month's receipts, income and tax.
type monthIncome struct {
	Month time.Time `bun:"month"`
	N     int       `bun:"n"`
	Sum   int64     `bun:"sum"`
	Tax   int64     `bun:"tax"`
}

// selectMonthIncome sums the account's receipts (annulled ones left out)
// settled in [from, to) by Moscow month.
func selectMonthIncome(ctx context.Context, db bun.IDB, accountID string, from, to time.Time) (months []monthIncome, err error) {
	defer derrors.Wrap(&err, "npd.selectMonthIncome(ctx, %q)", accountID)
	err = db.NewRaw(`SELECT date_trunc('month', settled_at AT TIME ZONE 'Europe/Moscow') AS month, count(*) AS n,
			sum(total) AS sum, sum(tax) AS tax
		FROM npd_receipts WHERE account_id = ? AND annulled_at IS NULL AND settled_at >= ? AND settled_at < ?
		GROUP BY 1 ORDER BY 1`, accountID, from, to).Scan(ctx, &months)
	return months, err
}

// openReceipt is a receipt not yet in a notice, as the ledger sums it.
type openReceipt struct {
	SettledAt     time.Time `bun:"settled_at"`
	Total         int64     `bun:"total"` // the tax base: within the limit
	Tax           int64     `bun:"tax"`
	DeductionUsed int64     `bun:"deduction_used"`
}

// selectOpenReceipts are the account's receipts (annulled ones left out)
// no notice has billed yet, oldest first.
func selectOpenReceipts(ctx context.Context, db bun.IDB, accountID string) (open []openReceipt, err error) {
	defer derrors.Wrap(&err, "npd.selectOpenReceipts(ctx, %q)", accountID)
	err = db.NewRaw(`SELECT settled_at, total - over_limit AS total, tax, deduction_used FROM npd_receipts
		WHERE account_id = ? AND annulled_at IS NULL AND notice_id IS NULL ORDER BY settled_at`, accountID).Scan(ctx, &open)
	return open, err
}

// unbilled is what a notice bills: the tax base (the income within the
// limit: the part of a receipt over it is outside НПД), the tax, the
// deduction used and the number of receipts.
type unbilled struct {
	Income, Tax, Deduction int64
	Count                  int
}

// selectUnbilled sums the account's receipts (annulled ones left out)
// settled before t that no notice billed yet.
func selectUnbilled(ctx context.Context, db bun.IDB, accountID string, before time.Time) (u unbilled, err error) {
	defer derrors.Wrap(&err, "npd.selectUnbilled(ctx, %q)", accountID)
	err = db.NewRaw(`SELECT coalesce(sum(total - over_limit), 0), coalesce(sum(tax), 0), coalesce(sum(deduction_used), 0), count(*)
			FROM npd_receipts WHERE account_id = ? AND annulled_at IS NULL AND notice_id IS NULL AND settled_at < ?`,
		accountID, before).Scan(ctx, &u.Income, &u.Tax, &u.Deduction, &u.Count)
	return u, err
}

// annulledBilledTax is the tax billed on receipts annulled since and not
// yet set off: an overpayment.
func annulledBilledTax(ctx context.Context, db bun.IDB, accountID string) (credit int64, err error) {
	defer derrors.Wrap(&err, "npd.annulledBilledTax(ctx, %q)", accountID)
	err = db.NewRaw(`SELECT coalesce(sum(tax), 0) FROM npd_receipts
			WHERE account_id = ? AND annulled_at IS NOT NULL AND notice_id IS NOT NULL AND netted_in IS NULL`,
		accountID).Scan(ctx, &credit)
	return credit, err
}

// billReceipts puts the account's receipts settled before t that no
// notice billed yet into the notice, and marks the annulled billed ones
// not yet set off as set off in it.
func billReceipts(ctx context.Context, db bun.IDB, accountID, noticeID string, before time.Time) (err error) {
	defer derrors.Wrap(&err, "npd.billReceipts(ctx, %q, %q)", accountID, noticeID)
	if _, err := db.NewRaw(`UPDATE npd_receipts SET notice_id = ? WHERE account_id = ? AND notice_id IS NULL AND settled_at < ?`,
		noticeID, accountID, before).Exec(ctx); err != nil {
		return err
	}
	_, err = db.NewRaw(`UPDATE npd_receipts SET netted_in = ?
			WHERE account_id = ? AND annulled_at IS NOT NULL AND notice_id IS NOT NULL AND notice_id <> ? AND netted_in IS NULL`,
		noticeID, accountID, noticeID).Exec(ctx)
	return err
}
