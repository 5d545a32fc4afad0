package penalty

import (
	"testing"
	"time"

	"kabinet/shared"
)

func d(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, shared.Moscow)
	if err != nil {
		panic(err)
	}
	return t
}

func compute(t *testing.T, tab Table, arrears shared.Kopecks, who Debtor, first, last time.Time) Result {
	t.Helper()
	r, err := tab.Compute(arrears, who, first, last)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The Bank of Russia cut the rate to 16 % from 22.12.2025 (the table ended
// at 16.5 %); a day past the data is an error naming the day, never the
// last rate or 0 %.
func TestKeyRateDataEndsWithAnError(t *testing.T) {
	b := Builtin()
	if bp, err := b.RateOn(d("2025-12-21")); err != nil || bp != 1650 {
		t.Fatalf("21.12.2025: %d %v", bp, err)
	}
	if bp, err := b.RateOn(d("2025-12-22")); err != nil || bp != 1600 {
		t.Fatalf("22.12.2025: %d %v", bp, err)
	}
	for _, day := range []string{"2027-03-15", "2023-07-23"} {
		_, err := b.RateOn(d(day))
		e, ok := shared.AsError(err)
		if !ok || e.Code != shared.CodeKeyRateMissing || len(e.Args) != 1 || e.Args[0] != d(day).Format("02.01.2006") {
			t.Fatalf("%s: %v", day, err)
		}
	}
	if _, err := b.Compute(shared.Rubles(1_000), Person, d("2026-02-10"), d("2026-03-01")); shared.ErrorCode(err) != shared.CodeKeyRateMissing {
		t.Fatalf("a penalty over the end of the data: %v", err)
	}
}

// The deployment's rates replace the built-in ones where they have data,
// and the built-in ones go on where they know more.
func TestOverlay(t *testing.T) {
	top := Table{Rates: []KeyRate{{"2026-02-16", 1550}, {"2026-03-23", 1500}}, Through: "2026-04-26"}
	o := Overlay(Builtin(), top)
	for day, want := range map[string]int64{"2025-12-22": 1600, "2026-02-15": 1600, "2026-02-16": 1550, "2026-04-26": 1500} {
		if bp, err := o.RateOn(d(day)); err != nil || bp != want {
			t.Errorf("%s: %d %v, want %d", day, bp, err, want)
		}
	}
	if _, err := o.RateOn(d("2026-04-27")); shared.ErrorCode(err) != shared.CodeKeyRateMissing {
		t.Errorf("past the imported data: %v", err)
	}
	old := Overlay(Table{Rates: KeyRates, Through: "2026-12-31"}, Table{Rates: []KeyRate{{"2025-10-27", 1650}}, Through: "2025-11-30"})
	if bp, err := old.RateOn(d("2026-01-10")); err != nil || bp != 1600 {
		t.Errorf("the base after an older import: %d %v", bp, err)
	}
}

// 10 000 ₽ owed by a person from 1 to 20 June 2025: the key rate fell from
// 21 % to 20 % on 9 June, so two lines: 8 days at 21 %, 12 days at 20 %.
func TestPenaltyAcrossAKeyRateChange(t *testing.T) {
	r := compute(t, Builtin(), shared.Rubles(10_000), Person, d("2025-06-01"), d("2025-06-20"))
	if len(r.Lines) != 2 {
		t.Fatalf("lines %+v", r.Lines)
	}
	a, b := r.Lines[0], r.Lines[1]
	// 10 000 × 8 × 21 % / 300 = 56,00 ₽; 10 000 × 12 × 20 % / 300 = 80,00 ₽.
	if a.Days != 8 || a.RateBP != 2100 || a.Amount != 5600 || a.To.Format(time.DateOnly) != "2025-06-08" {
		t.Errorf("first line %+v", a)
	}
	if b.Days != 12 || b.RateBP != 2000 || b.Amount != 8000 || b.From.Format(time.DateOnly) != "2025-06-09" {
		t.Errorf("second line %+v", b)
	}
	if r.Total != 13600 || r.Capped {
		t.Errorf("total %v", r.Total)
	}
}

// An organisation pays 1/300 for days 1–30, 1/150 for days 31–90, then
// 1/300 again; the lines split there even with one key rate.
func TestOrganisationFractions(t *testing.T) {
	r := compute(t, Builtin(), shared.Rubles(300_000), Organisation, d("2024-11-01"), d("2025-02-28"))
	if len(r.Lines) != 3 {
		t.Fatalf("lines %+v", r.Lines)
	}
	want := []struct {
		days int
		den  int64
	}{{30, 300}, {60, 150}, {30, 300}}
	for i, w := range want {
		if r.Lines[i].Days != w.days || r.Lines[i].Denominator != w.den || r.Lines[i].RateBP != 2100 {
			t.Errorf("line %d: %+v, want %d days at 1/%d", i, r.Lines[i], w.days, w.den)
		}
	}
	// 300 000 × 21 % × (30/300 + 60/150 + 30/300) = 37 800 ₽.
	if r.Total != shared.Rubles(37_800) {
		t.Errorf("total %v", r.Total)
	}
}

func TestPenaltyNeverExceedsTheArrears(t *testing.T) {
	long := Table{Rates: KeyRates, Through: "2040-01-01"} // a made-up future, for the cap only
	r := compute(t, long, shared.Rubles(1_000), Person, d("2023-12-18"), d("2040-01-01"))
	if !r.Capped || r.Total != shared.Rubles(1_000) {
		t.Fatalf("%+v", r.Total)
	}
	if z := compute(t, long, 0, Person, d("2025-01-01"), d("2025-02-01")); z.Total != 0 || len(z.Lines) != 0 {
		t.Fatalf("no arrears: %+v", z)
	}
	if z := compute(t, long, shared.Rubles(1), Person, d("2025-02-01"), d("2025-01-01")); len(z.Lines) != 0 {
		t.Fatalf("empty range: %+v", z)
	}
}

func TestKeyRatesAreInOrder(t *testing.T) {
	for i := 1; i < len(KeyRates); i++ {
		if !d(KeyRates[i].From).After(d(KeyRates[i-1].From)) {
			t.Errorf("%s after %s", KeyRates[i].From, KeyRates[i-1].From)
		}
	}
}
