package npd_test

import (
	"math"
	"testing"
	"time"

	"github.com/uptrace/bun/dialect/pgdialect"

	kdb "kabinet/server/db"
	"kabinet/server/dbtest"
	"kabinet/server/npd"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// The one statement of a common receipt repeats two rules of the engine
// in SQL: the deduction a receipt uses (TaxOf) and whether it stays
// within the limit and its warning level (SplitAtLimit, LimitLevel). On
// the amounts of the engine's own tests, deductions left around them and
// incomes around every threshold, SQL and engine agree. The rule is
// prepared as the receipt's statement is, so its arguments take the
// types PREPARE gives them there.
func TestReceiptRuleAgreesWithTheEngine(t *testing.T) {
	db := dbtest.NewDB(t)
	rule := kdb.Prepare("test_receipt_rule", `SELECT `+npd.ReceiptRule+` FROM (SELECT $5::bigint AS deduction_left, $6::bigint AS income) t`)
	at := time.Date(2026, 5, 5, 10, 0, 0, 0, shared.Moscow)
	limit := sharednpd.Limit(at)
	rub := shared.Rubles
	amounts := []shared.Kopecks{1, 12345, rub(1_000), rub(100_000), limit / 10, limit}
	lefts := []shared.Kopecks{-100, 0, 1, rub(500), rub(4_000) - 1, rub(4_000), rub(10_000)}
	incomes := []shared.Kopecks{0, rub(1_000)}
	for _, w := range sharednpd.LimitWarnings {
		th := limit * shared.Kopecks(w) / 100
		incomes = append(incomes, th-rub(100_000), th-rub(1_000), th-12345, th-1, th, th+1)
	}
	n := 0
	for _, buyer := range []sharednpd.Buyer{sharednpd.BuyerPerson, sharednpd.BuyerBusiness} {
		for _, amount := range amounts {
			sale := sharednpd.Sale{Amount: amount, Buyer: buyer, At: at}
			most, err := sharednpd.TaxOf(sale, math.MaxInt64)
			if err != nil {
				t.Fatal(err)
			}
			for _, left := range lefts {
				want, _ := sharednpd.TaxOf(sale, left)
				for _, income := range incomes {
					_, over := sharednpd.SplitAtLimit(income, amount, limit)
					wantQuick := over == 0 && sharednpd.LimitLevel(income, limit) == sharednpd.LimitLevel(income+amount, limit)
					var got struct {
						Used  int64 `bun:"used"`
						Quick bool  `bun:"quick"`
					}
					err := rule.Scan(t.Context(), db, []any{int64(amount), int64(most.DeductionUsed), int64(limit),
						pgdialect.Array(npd.LimitThresholds(limit)), int64(left), int64(income)}, &got)
					if err != nil {
						t.Fatal(err)
					}
					if got.Quick != wantQuick || got.Used != int64(want.DeductionUsed) {
						t.Errorf("%s %v, left %v, income %v: SQL used %d quick %v, engine %d %v",
							buyer, amount, left, income, got.Used, got.Quick, want.DeductionUsed, wantQuick)
					}
					n++
				}
			}
		}
	}
	t.Logf("%d cases", n)
}
