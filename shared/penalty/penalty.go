// Package penalty computes пени (Tax Code art. 75): arrears × days ×
// fraction × the Bank of Russia's key rate in force on each day, split at
// every change of the rate or of the fraction, never more than the
// arrears, with one line per stretch so that a person can check the sum.
// The key-rate history and the fraction schedules are data.
package penalty

import (
	"time"

	"kabinet/shared"
)

// KeyRate is the Bank of Russia's key rate in basis points (2100 = 21 %)
// from a date.
type KeyRate struct {
	From string // YYYY-MM-DD
	BP   int64
}

// KeyRates are the Bank of Russia's decisions built into the release,
// oldest first: the data a deployment without its own uses. A deployment
// adds the later decisions with `kabinet rates import` (server/refdata).
var KeyRates = []KeyRate{
	{"2023-07-24", 850}, {"2023-08-15", 1200}, {"2023-09-18", 1300}, {"2023-10-30", 1500}, {"2023-12-18", 1600},
	{"2024-07-29", 1800}, {"2024-09-16", 1900}, {"2024-10-28", 2100},
	{"2025-06-09", 2000}, {"2025-07-28", 1800}, {"2025-09-15", 1700}, {"2025-10-27", 1650},
	{"2025-12-22", 1600}, // decision of 19.12.2025
}

// KeyRatesThrough is the last day the built-in rates are known to cover:
// the rate of 22.12.2025 holds at least until the board's next scheduled
// decision (13.02.2026, in force from 16.02.2026; verify).
const KeyRatesThrough = "2026-02-15"

// Table is a key-rate history and the last day it is known to cover.
type Table struct {
	Rates   []KeyRate // oldest first
	Through string    // YYYY-MM-DD
}

// Builtin is the table of the release.
func Builtin() Table { return Table{Rates: KeyRates, Through: KeyRatesThrough} }

// Missing is the error of a day the table does not cover: it names the
// day, so that the person sees what data is missing, never a 0 % rate.
func Missing(d time.Time) error {
	return &shared.Error{Code: shared.CodeKeyRateMissing, Args: []string{d.Format("02.01.2006")}}
}

// RateOn is the key rate in force on d.
func (t Table) RateOn(d time.Time) (int64, error) {
	if len(t.Rates) == 0 || d.Before(day(t.Rates[0].From)) || d.After(day(t.Through)) {
		return 0, Missing(d)
	}
	var bp int64
	for _, r := range t.Rates {
		if !day(r.From).After(d) {
			bp = r.BP
		}
	}
	return bp, nil
}

// Overlay is base with top's data where top has it: top's rates replace
// base's from top's first day to top's Through, and base goes on after
// that when it knows more. The deployment's imported rates are top.
func Overlay(base, top Table) Table {
	if len(top.Rates) == 0 {
		return base
	}
	first, through := day(top.Rates[0].From), day(top.Through)
	out := Table{Through: top.Through}
	for _, r := range base.Rates {
		if day(r.From).Before(first) {
			out.Rates = append(out.Rates, r)
		}
	}
	out.Rates = append(out.Rates, top.Rates...)
	after := through.AddDate(0, 0, 1)
	if bp, err := base.RateOn(after); err == nil {
		out.Rates = append(out.Rates, KeyRate{From: after.Format(time.DateOnly), BP: bp})
		for _, r := range base.Rates {
			if day(r.From).After(after) {
				out.Rates = append(out.Rates, r)
			}
		}
		out.Through = base.Through
	}
	return out
}

// Debtor is who owes: the fraction of the rate depends on it.
type Debtor string

const (
	Person       Debtor = "person" // individuals and ИП
	Organisation Debtor = "organisation"
)

// Step is the fraction 1/Denominator from the FromDay-th day of arrears.
type Step struct {
	FromDay     int
	Denominator int64
}

// Fractions: 1/300 for individuals and ИП; for organisations 1/300 for
// days 1–30, 1/150 for days 31–90 and 1/300 from day 91 (the 2025–2026
// wording of art. 75 p. 4; verify).
var Fractions = map[Debtor][]Step{
	Person:       {{1, 300}},
	Organisation: {{1, 300}, {31, 150}, {91, 300}},
}

// Line is a stretch of days with one rate and one fraction.
type Line struct {
	From, To    time.Time // both inclusive
	Days        int
	RateBP      int64 // key rate, basis points
	Denominator int64 // the fraction is 1/Denominator
	Amount      shared.Kopecks
}

// Result is the penalty with its explanation.
type Result struct {
	Arrears shared.Kopecks
	Lines   []Line
	Total   shared.Kopecks
	Capped  bool // the total was cut to the arrears
}

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, shared.Moscow)
	if err != nil {
		panic("penalty: bad date in the data: " + s)
	}
	return t
}

func denominatorOn(who Debtor, n int) int64 {
	var den int64 = 300
	for _, s := range Fractions[who] {
		if n >= s.FromDay {
			den = s.Denominator
		}
	}
	return den
}

func civil(t time.Time) time.Time {
	y, m, d := t.In(shared.Moscow).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, shared.Moscow)
}

// Compute is the penalty on arrears owed by who for the days first to last
// (both inclusive; day 1 of the arrears is first). Each stretch is rounded
// to the kopeck; the total never exceeds the arrears. A day the table
// does not cover is an error that names it.
func (t Table) Compute(arrears shared.Kopecks, who Debtor, first, last time.Time) (Result, error) {
	out := Result{Arrears: arrears}
	first, last = civil(first), civil(last)
	if arrears <= 0 || last.Before(first) {
		return out, nil
	}
	n := 1
	for d := first; !d.After(last); d, n = d.AddDate(0, 0, 1), n+1 {
		rate, err := t.RateOn(d)
		if err != nil {
			return Result{}, err
		}
		den := denominatorOn(who, n)
		if k := len(out.Lines); k > 0 && out.Lines[k-1].RateBP == rate && out.Lines[k-1].Denominator == den {
			out.Lines[k-1].To = d
			out.Lines[k-1].Days++
			continue
		}
		out.Lines = append(out.Lines, Line{From: d, To: d, Days: 1, RateBP: rate, Denominator: den})
	}
	for i := range out.Lines {
		l := &out.Lines[i]
		// arrears × days × rate/10000 / den, half up to the kopeck.
		num := int64(arrears) * int64(l.Days) * l.RateBP
		div := 10000 * l.Denominator
		l.Amount = shared.Kopecks((num + div/2) / div)
		out.Total += l.Amount
	}
	if out.Total > arrears {
		out.Total, out.Capped = arrears, true
	}
	return out, nil
}
