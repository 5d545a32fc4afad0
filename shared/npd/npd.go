// Package npd is the tax engine of the self-employed (налог на
// профессиональный доход, law 422-ФЗ): the rate and the deduction of each
// receipt, the yearly income limit, the monthly tax notice with the
// under-100 ₽ carry-over and the netting of overpayments, and the dates of
// the notice and the payment. Every rate, limit and day is data with the
// date it applies from; money is integer kopecks.
//
// It is also the cabinet's vocabulary shared by the browser and the
// server (api.go): the requests and answers of /api/v1/npd, their error
// codes and statuses. The server's and the browser's packages of the
// cabinet are named npd too; they import this one as sharednpd (the rule
// for every cabinet: a package whose name is taken is imported under its
// path joined, shared/npd → sharednpd).
package npd

import (
	"errors"
	"sort"
	"time"

	"kabinet/shared"
	"kabinet/shared/calendar"
)

// Buyer is who paid: the rate depends on it.
type Buyer string

// Rate is the tax on a kind of income and the share of the income the
// deduction covers, in hundredths of a per cent (400 = 4 %), from a date.
type Rate struct {
	From      string // YYYY-MM-DD
	Buyer     Buyer
	Tax       int64 // basis points of the income
	Deduction int64 // basis points of the income, while the deduction lasts
}

// Rates of 422-ФЗ art. 10 and art. 12 p. 2 (frozen until the end of 2028).
var Rates = []Rate{
	{"2019-01-01", BuyerPerson, 400, 100},
	{"2019-01-01", BuyerBusiness, 600, 200},
	{"2019-01-01", BuyerForeign, 600, 200},
}

// Amount is a sum of money in force from a date.
type Amount struct {
	From  string
	Value shared.Kopecks
}

// Deductions is the one-time deduction per person (art. 12 p. 2).
var Deductions = []Amount{{"2019-01-01", shared.Rubles(10_000)}}

// Limits is the yearly income limit (art. 4 p. 8).
var Limits = []Amount{{"2019-01-01", shared.Rubles(2_400_000)}}

// MinNotices: a month's tax under this is not billed but carried into the
// next period (art. 11 p. 3).
var MinNotices = []Amount{{"2019-01-01", shared.Rubles(100)}}

// DayOfYear is a day of every year, in force from a date.
type DayOfYear struct {
	From  string
	Month time.Month
	Day   int
}

// CarryEnds: the carry-over stops with the tax period that includes this
// day; that period's notice bills what was carried, however small (art.
// 11 p. 3 as amended; verify), so no tax passes into the next year.
var CarryEnds = []DayOfYear{{"2019-01-01", time.December, 1}}

// Days of the month after the tax period: the notice comes by NoticeDay
// (art. 11 p. 2), the tax is due by PaymentDay (art. 11 p. 3), moved to
// the next working day when that is a day off.
const (
	NoticeDay  = 12
	PaymentDay = 28
)

// OutsideTax is how income outside НПД is taxed, from a date: the regime
// and its rate in basis points.
type OutsideTax struct {
	From   string
	Regime string // "ndfl": НДФЛ of a person; an ИП may choose УСН within RegimeChoice days
	BP     int64
}

// OverLimitTaxes: the part of a receipt over the limit is outside НПД. A
// person who chooses no other regime within RegimeChoice days pays НДФЛ on
// it, 13 % for a resident (Tax Code art. 224 p. 1; the scale's higher
// steps start above 2.4 M ₽ of other income, which the portal does not
// know). Verify: an ИП who moves to УСН within the 20 days pays УСН on it
// instead; the figure is an estimate the person is shown, not a bill.
var OverLimitTaxes = []OutsideTax{{"2019-01-01", "ndfl", 1300}}

// OverLimitTax is the regime and the tax of the part over the limit.
func OverLimitTax(over shared.Kopecks, t time.Time) (regime string, tax shared.Kopecks) {
	best := time.Time{}
	var bp int64
	for _, o := range OverLimitTaxes {
		if f := day(o.From); !f.After(t) && !f.Before(best) {
			regime, bp, best = o.Regime, o.BP, f
		}
	}
	return regime, share(over, bp)
}

// Days is a number of days in force from a date.
type Days struct {
	From string
	N    int
}

// RegimeChoice: the days a person whose status ended by the limit has to
// choose another regime (422-ФЗ art. 15: 20 calendar days from the end; verify).
var RegimeChoice = []Days{{"2019-01-01", 20}}

// ChooseBy is the last day to choose another regime when the status
// ended on ended.
func ChooseBy(ended time.Time) time.Time {
	n, best := 0, time.Time{}
	for _, d := range RegimeChoice {
		if f := day(d.From); !f.After(ended) && !f.Before(best) {
			n, best = d.N, f
		}
	}
	return civilOf(ended).AddDate(0, 0, n)
}

// LimitWarnings are the shares of the limit at which the person is warned.
var LimitWarnings = []int{80, 90, 100}

// ErrUnknownBuyer is a buyer type without a rate.
var ErrUnknownBuyer = errors.New("npd: unknown buyer type")

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, shared.Moscow)
	if err != nil {
		panic("npd: bad date in the data: " + s)
	}
	return t
}

// inForce picks the entry of list in force at t (the latest From ≤ t).
func inForce(list []Amount, t time.Time) shared.Kopecks {
	var v shared.Kopecks
	best := time.Time{}
	for _, a := range list {
		if f := day(a.From); !f.After(t) && !f.Before(best) {
			v, best = a.Value, f
		}
	}
	return v
}

// RateFor is the rate of the buyer type at t.
func RateFor(b Buyer, t time.Time) (Rate, error) {
	var out Rate
	found := false
	for _, r := range Rates {
		if r.Buyer == b && !day(r.From).After(t) && (!found || day(r.From).After(day(out.From))) {
			out, found = r, true
		}
	}
	if !found {
		return Rate{}, ErrUnknownBuyer
	}
	return out, nil
}

// Deduction is the one-time deduction in force at t.
func Deduction(t time.Time) shared.Kopecks { return inForce(Deductions, t) }

// Limit is the yearly income limit in force at t.
func Limit(t time.Time) shared.Kopecks { return inForce(Limits, t) }

// share is amount × bp / 10000, rounded half up to the kopeck.
func share(amount shared.Kopecks, bp int64) shared.Kopecks {
	return shared.Kopecks((int64(amount)*bp + 5000) / 10000)
}

// Sale is what the engine needs of a receipt: its amount, buyer and time.
type Sale struct {
	Amount shared.Kopecks
	Buyer  Buyer
	At     time.Time // settlement time
}

// ReceiptTax is the tax of one receipt.
type ReceiptTax struct {
	Full          shared.Kopecks // at the full rate
	DeductionUsed shared.Kopecks
	Tax           shared.Kopecks // Full − DeductionUsed
}

// TaxOf is the tax of a receipt when deductionLeft of the deduction
// remains: the deduction covers its share of the receipt, or what is left
// of it when that is less.
func TaxOf(r Sale, deductionLeft shared.Kopecks) (ReceiptTax, error) {
	rate, err := RateFor(r.Buyer, r.At)
	if err != nil {
		return ReceiptTax{}, err
	}
	full := share(r.Amount, rate.Tax)
	used := min(share(r.Amount, rate.Deduction), max(deductionLeft, 0))
	return ReceiptTax{Full: full, DeductionUsed: used, Tax: full - used}, nil
}

// Totals are the sums over a run of receipts.
type Totals struct {
	Income        shared.Kopecks
	Full          shared.Kopecks
	DeductionUsed shared.Kopecks
	Tax           shared.Kopecks
	DeductionLeft shared.Kopecks // after the run
	Each          []ReceiptTax   // in the order of settlement
}

// Compute taxes the receipts (annulled ones left out by the caller) in the
// order of settlement, spending the deduction as it goes: the same
// receipts always give the same result, so annulling one and computing
// again gives the corrected tax and returns its deduction.
func Compute(receipts []Sale, deductionLeft shared.Kopecks) (Totals, error) {
	rs := append([]Sale(nil), receipts...)
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].At.Before(rs[j].At) })
	out := Totals{DeductionLeft: deductionLeft, Each: make([]ReceiptTax, 0, len(rs))}
	for _, r := range rs {
		t, err := TaxOf(r, out.DeductionLeft)
		if err != nil {
			return Totals{}, err
		}
		out.Income += r.Amount
		out.Full += t.Full
		out.DeductionUsed += t.DeductionUsed
		out.Tax += t.Tax
		out.DeductionLeft -= t.DeductionUsed
		out.Each = append(out.Each, t)
	}
	return out, nil
}

// LimitLevel is the highest warning reached by the year's income (0, 80,
// 90 or 100).
func LimitLevel(income, limit shared.Kopecks) int {
	level := 0
	for _, w := range LimitWarnings {
		if int64(income)*100 >= int64(limit)*int64(w) {
			level = w
		}
	}
	return level
}

// SplitAtLimit divides a receipt between the part within the year's limit
// and the part over it, given the year's income before it. Income over the
// limit is not taxed as НПД: the status ends with it (art. 4 p. 2.8, art. 15;
// verify), but the receipt is still issued, since income received must get
// one (art. 14).
func SplitAtLimit(before, amount, limit shared.Kopecks) (within, over shared.Kopecks) {
	room := max(limit-before, 0)
	within = min(amount, room)
	return within, amount - within
}

// Period is a tax period: calendar days From to To, both inclusive.
type Period struct {
	From, To time.Time
}

func monthStart(t time.Time) time.Time {
	y, m, _ := t.In(shared.Moscow).Date()
	return time.Date(y, m, 1, 0, 0, 0, 0, shared.Moscow)
}

// PeriodOf is the tax period that t falls in for a person registered on
// registered: a calendar month, but the first runs from the registration
// to the end of the month after it (art. 9 p. 2).
func PeriodOf(registered, t time.Time) Period {
	reg := registered.In(shared.Moscow)
	firstEnd := monthStart(reg).AddDate(0, 2, -1)
	if !t.In(shared.Moscow).After(endOfDay(firstEnd)) {
		return Period{From: time.Date(reg.Year(), reg.Month(), reg.Day(), 0, 0, 0, 0, shared.Moscow), To: firstEnd}
	}
	from := monthStart(t)
	return Period{From: from, To: from.AddDate(0, 1, -1)}
}

func endOfDay(d time.Time) time.Time { return d.AddDate(0, 0, 1).Add(-time.Nanosecond) }

// NoticeDate is when the notice of the period is due: the 12th of the next month.
func (p Period) NoticeDate() time.Time {
	return time.Date(p.To.Year(), p.To.Month()+1, NoticeDay, 0, 0, 0, 0, shared.Moscow)
}

// DueDate is when the tax of the period must be paid: the 28th of the next
// month, or the first working day after it by the production calendar c;
// an error names the year c has no data for.
func (p Period) DueDate(c calendar.Calendar) (time.Time, error) {
	return c.NextWorkingDay(time.Date(p.To.Year(), p.To.Month()+1, PaymentDay, 0, 0, 0, 0, shared.Moscow))
}

// Notice is the tax notice of a period.
type Notice struct {
	Tax          shared.Kopecks // the period's own tax, after the deduction
	Carried      shared.Kopecks // brought from earlier periods (under the minimum)
	Netted       shared.Kopecks // overpayment set off (tax paid on receipts annulled since)
	Amount       shared.Kopecks // to pay; 0 when not issued
	Issued       bool
	CarryNext    shared.Kopecks // tax under the minimum, moved into the next period
	OverpaidNext shared.Kopecks // overpayment left for the next period
	Due          time.Time      // set by the caller: Period.DueDate
}

// NoticeFor makes the notice of period p: its tax plus what was carried,
// less the overpayment; under the minimum nothing is billed and the sum
// moves on; an overpayment larger than the tax waits for the next period.
func NoticeFor(p Period, tax, carried, overpaid shared.Kopecks) Notice {
	n := Notice{Tax: tax, Carried: carried}
	total := tax + carried
	n.Netted = min(overpaid, total)
	n.OverpaidNext = overpaid - n.Netted
	total -= n.Netted
	if total <= 0 || (total < inForce(MinNotices, p.To) && !p.endsCarry()) {
		n.CarryNext = max(total, 0)
		return n
	}
	n.Amount, n.Issued = total, true
	return n
}

// endsCarry reports whether the period includes the day that ends the
// carry-over (1 December) in the year it ends.
func (p Period) endsCarry() bool {
	var end DayOfYear
	for _, d := range CarryEnds {
		if !day(d.From).After(p.To) {
			end = d
		}
	}
	if end.Day == 0 {
		return false
	}
	d := time.Date(p.To.Year(), end.Month, end.Day, 0, 0, 0, 0, shared.Moscow)
	return !d.Before(civilOf(p.From)) && !d.After(civilOf(p.To))
}

func civilOf(t time.Time) time.Time {
	y, m, d := t.In(shared.Moscow).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, shared.Moscow)
}
