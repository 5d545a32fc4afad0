package npd

import (
	"errors"
	"testing"
	"time"

	"kabinet/shared"
	"kabinet/shared/calendar"
)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, shared.Moscow)
	if err != nil {
		panic(err)
	}
	return t
}

var rub = shared.Rubles

func TestWorkedExampleOfDomain(t *testing.T) {
	// 200 000 ₽ from individuals → 8 000 ₽ − 2 000 ₽ = 6 000 ₽, 8 000 ₽ of
	// the deduction left.
	got, err := Compute([]Sale{{Amount: rub(200_000), Buyer: BuyerPerson, At: at("2026-03-10 12:00")}}, rub(10_000))
	if err != nil {
		t.Fatal(err)
	}
	if got.Full != rub(8_000) || got.DeductionUsed != rub(2_000) || got.Tax != rub(6_000) || got.DeductionLeft != rub(8_000) {
		t.Fatalf("%+v", got)
	}
}

func TestRatesByBuyer(t *testing.T) {
	for _, tc := range []struct {
		name              string
		buyer             Buyer
		full, used, taxed shared.Kopecks
	}{
		{"individual: 4 %, deduction 1 %", BuyerPerson, rub(4_000), rub(1_000), rub(3_000)},
		{"organisation or ИП: 6 %, deduction 2 %", BuyerBusiness, rub(6_000), rub(2_000), rub(4_000)},
		{"foreign organisation: 6 %, deduction 2 %", BuyerForeign, rub(6_000), rub(2_000), rub(4_000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := TaxOf(Sale{Amount: rub(100_000), Buyer: tc.buyer, At: at("2026-05-05 10:00")}, rub(10_000))
			if err != nil || got.Full != tc.full || got.DeductionUsed != tc.used || got.Tax != tc.taxed {
				t.Fatalf("%+v %v", got, err)
			}
		})
	}
	if _, err := TaxOf(Sale{Amount: rub(1), Buyer: "martian", At: at("2026-05-05 10:00")}, 0); err != ErrUnknownBuyer {
		t.Fatalf("unknown buyer: %v", err)
	}
	if d := Deduction(at("2026-01-01 00:00")); d != rub(10_000) {
		t.Fatalf("deduction %v", d)
	}
}

func TestDeductionRunsOutInTheMiddleOfAReceipt(t *testing.T) {
	// 500 ₽ of the deduction left; the receipt would use 1 000 ₽ of it.
	got, err := TaxOf(Sale{Amount: rub(100_000), Buyer: BuyerPerson, At: at("2026-06-01 09:00")}, rub(500))
	if err != nil || got.DeductionUsed != rub(500) || got.Tax != rub(3_500) {
		t.Fatalf("%+v %v", got, err)
	}
	// Then it is gone: the full 4 %.
	got, _ = TaxOf(Sale{Amount: rub(1_000), Buyer: BuyerPerson, At: at("2026-06-02 09:00")}, 0)
	if got.Tax != rub(40) || got.DeductionUsed != 0 {
		t.Fatalf("%+v", got)
	}
	// Kopecks round half up: 4 % of 123,45 ₽ is 4,938 ₽ → 4,94 ₽.
	got, _ = TaxOf(Sale{Amount: 12345, Buyer: BuyerPerson, At: at("2026-06-02 09:00")}, 0)
	if got.Full != 494 {
		t.Fatalf("rounding: %+v", got)
	}
}

func TestAnnulmentAfterPaymentIsNettedInTheNextNotice(t *testing.T) {
	march := Period{From: at("2026-03-01 00:00"), To: at("2026-03-31 00:00")}
	april := Period{From: at("2026-04-01 00:00"), To: at("2026-04-30 00:00")}
	receipts := []Sale{
		{Amount: rub(100_000), Buyer: BuyerPerson, At: at("2026-03-03 10:00")},
		{Amount: rub(50_000), Buyer: BuyerBusiness, At: at("2026-03-20 10:00")},
	}
	before, _ := Compute(receipts, rub(10_000))
	n := NoticeFor(march, before.Tax, 0, 0)
	if !n.Issued || n.Amount != rub(3_000+2_000) { // 4000−1000 + 3000−1000
		t.Fatalf("March notice %+v", n)
	}
	// Paid; then the organisation's receipt is annulled («Возврат средств»).
	after, _ := Compute(receipts[:1], rub(10_000))
	overpaid := n.Amount - after.Tax
	if overpaid != rub(2_000) || after.DeductionLeft != rub(9_000) {
		t.Fatalf("after the annulment: %+v, overpaid %v", after, overpaid)
	}
	aprilTax, _ := Compute([]Sale{{Amount: rub(100_000), Buyer: BuyerPerson, At: at("2026-04-10 10:00")}}, after.DeductionLeft)
	a := NoticeFor(april, aprilTax.Tax, 0, overpaid)
	if a.Netted != rub(2_000) || a.Amount != rub(1_000) || !a.Issued {
		t.Fatalf("April notice %+v", a)
	}
	// An overpayment larger than the tax waits for the next period.
	b := NoticeFor(april, rub(500), 0, rub(2_000))
	if b.Issued || b.Amount != 0 || b.OverpaidNext != rub(1_500) {
		t.Fatalf("%+v", b)
	}
}

func TestUnderAHundredRublesIsCarriedOver(t *testing.T) {
	may := Period{From: at("2026-05-01 00:00"), To: at("2026-05-31 00:00")}
	june := Period{From: at("2026-06-01 00:00"), To: at("2026-06-30 00:00")}
	n := NoticeFor(may, 9_999, 0, 0) // 99,99 ₽
	if n.Issued || n.CarryNext != 9_999 {
		t.Fatalf("May %+v", n)
	}
	j := NoticeFor(june, 1, n.CarryNext, 0) // 0,01 ₽ more: exactly 100 ₽
	if !j.Issued || j.Amount != rub(100) {
		t.Fatalf("June %+v", j)
	}
}

// The carry-over stops with the period that includes 1 December (422-ФЗ
// art. 11 p. 3, verify): December's notice bills what was carried, however
// small, and a first period that runs over 1 December does the same.
func TestDecemberBillsWhatWasCarried(t *testing.T) {
	nov := Period{From: at("2026-11-01 00:00"), To: at("2026-11-30 00:00")}
	dec := Period{From: at("2026-12-01 00:00"), To: at("2026-12-31 00:00")}
	firstOverDec := Period{From: at("2026-11-15 00:00"), To: at("2026-12-31 00:00")}
	n := NoticeFor(nov, rub(30), rub(20), 0)
	if n.Issued || n.CarryNext != rub(50) {
		t.Fatalf("November %+v", n)
	}
	d := NoticeFor(dec, rub(10), n.CarryNext, 0)
	if !d.Issued || d.Amount != rub(60) || d.CarryNext != 0 {
		t.Fatalf("December: 60 ₽ must be billed, got %+v", d)
	}
	if f := NoticeFor(firstOverDec, rub(40), 0, 0); !f.Issued || f.Amount != rub(40) {
		t.Fatalf("a first period over 1 December %+v", f)
	}
	if z := NoticeFor(dec, 0, 0, 0); z.Issued {
		t.Fatalf("nothing to bill in December %+v", z)
	}
	if o := NoticeFor(dec, rub(10), rub(20), rub(30)); o.Issued || o.Netted != rub(30) {
		t.Fatalf("an overpayment covers December %+v", o)
	}
}

func TestLimit(t *testing.T) {
	limit := Limit(at("2026-01-01 00:00"))
	if limit != rub(2_400_000) {
		t.Fatalf("limit %v", limit)
	}
	for _, tc := range []struct {
		income shared.Kopecks
		level  int
	}{{rub(1_919_999), 0}, {rub(1_920_000), 80}, {rub(2_160_000), 90}, {rub(2_399_999), 90}, {rub(2_400_000), 100}} {
		if got := LimitLevel(tc.income, limit); got != tc.level {
			t.Errorf("LimitLevel(%v) = %d, want %d", tc.income, got, tc.level)
		}
	}
	within, over := SplitAtLimit(rub(2_350_000), rub(80_000), limit)
	if within != rub(50_000) || over != rub(30_000) {
		t.Fatalf("crossing: within %v, over %v", within, over)
	}
	if within, over := SplitAtLimit(rub(2_400_000), rub(1_000), limit); within != 0 || over != rub(1_000) {
		t.Fatalf("after the limit: %v %v", within, over)
	}
}

func TestPeriodsAndDueDates(t *testing.T) {
	cal := calendar.With(map[int]calendar.Year{2027: {Source: "test: 2027 as if without transfers after the New Year holidays",
		Off: []string{"2027-01-01", "2027-01-04", "2027-01-05", "2027-01-06", "2027-01-07", "2027-01-08"}}})
	dec := Period{From: at("2026-12-01 00:00"), To: at("2026-12-31 00:00")}
	if _, err := dec.DueDate(calendar.Builtin()); shared.ErrorCode(err) != shared.CodeCalendarMissing {
		t.Fatalf("December 2026's due date without 2027's calendar: %v", err)
	}
	// Registered on 15 March: the first period runs to the end of April.
	first := PeriodOf(at("2026-03-15 13:00"), at("2026-04-20 10:00"))
	if first.From.Format(time.DateOnly) != "2026-03-15" || first.To.Format(time.DateOnly) != "2026-04-30" {
		t.Fatalf("first period %v – %v", first.From, first.To)
	}
	if got := PeriodOf(at("2026-03-15 13:00"), at("2026-03-16 10:00")); got != first {
		t.Fatalf("March belongs to the first period: %+v", got)
	}
	may := PeriodOf(at("2026-03-15 13:00"), at("2026-05-31 23:59"))
	if may.From.Format(time.DateOnly) != "2026-05-01" || may.To.Format(time.DateOnly) != "2026-05-31" {
		t.Fatalf("May %v – %v", may.From, may.To)
	}
	for _, tc := range []struct {
		name, month, notice, due string
	}{
		{"28 July 2026 is a Tuesday", "2026-06-01", "2026-07-12", "2026-07-28"},
		{"28 February 2026 is a Saturday: Monday 2 March", "2026-01-01", "2026-02-12", "2026-03-02"},
		{"28 June 2026 is a Sunday: Monday 29 June", "2026-05-01", "2026-06-12", "2026-06-29"},
		{"December's tax: 28 January 2027 (a Thursday), with 2027's data", "2026-12-01", "2027-01-12", "2027-01-28"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			from := at(tc.month + " 00:00")
			p := Period{From: from, To: from.AddDate(0, 1, -1)}
			if got := p.NoticeDate().Format(time.DateOnly); got != tc.notice {
				t.Errorf("notice %s, want %s", got, tc.notice)
			}
			if got, err := p.DueDate(cal); err != nil || got.Format(time.DateOnly) != tc.due {
				t.Errorf("due %s (%v), want %s", got, err, tc.due)
			}
		})
	}
}

// The part over the limit is outside НПД: taxed per the data (НДФЛ 13 %,
// verify), and the person has 20 days from the end of the status.
func TestOverLimitTaxAndChoiceDays(t *testing.T) {
	regime, tax := OverLimitTax(rub(30_000), at("2026-12-06 10:00"))
	if regime != "ndfl" || tax != rub(3_900) {
		t.Fatalf("over the limit: %s %v", regime, tax)
	}
	if got := ChooseBy(at("2026-12-06 23:30")).Format(time.DateOnly); got != "2026-12-26" {
		t.Fatalf("choose by %s", got)
	}
}

// One line over the year's income limit is a valid receipt (the law lets
// no receipt for income received be refused); only an amount past
// ReceiptLineMax, a typo, is refused.
func TestOneLineOverTheLimitIsValid(t *testing.T) {
	req := func(amount shared.Kopecks) ReceiptRequest {
		return ReceiptRequest{Items: []ReceiptItem{{Name: "Проект", Quantity: 1, Amount: amount}}, BuyerType: BuyerPerson, Payment: PaymentAccount}
	}
	for _, amount := range []shared.Kopecks{rub(2_400_001), rub(3_000_000), ReceiptLineMax} {
		if r := req(amount); r.Validate() != nil {
			t.Errorf("%v: %v", amount, r.Validate())
		}
	}
	r := req(ReceiptLineMax + 1)
	var e *shared.Error
	if err := r.Validate(); !errors.As(err, &e) || e.Fields["items.0.amount"].Code != shared.CodeMoneyFormat {
		t.Errorf("past ReceiptLineMax: %v", err)
	}
}
