package calendar

import (
	"testing"
	"time"

	"kabinet/shared"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDayOffAndNextWorkingDay(t *testing.T) {
	for _, tc := range []struct {
		name, day, next string
	}{
		{"an ordinary Wednesday", "2026-10-28", "2026-10-28"},
		{"a Saturday moves to Monday", "2026-02-28", "2026-03-02"},
		{"a Sunday before a holiday Monday moves to Tuesday", "2026-03-08", "2026-03-10"},
		{"New Year holidays", "2026-01-03", "2026-01-12"},
		{"the transferred day off on 9 January", "2026-01-09", "2026-01-12"},
		{"Day of Unity", "2026-11-04", "2026-11-05"},
		{"a transferred working Saturday (1 November 2025)", "2025-11-01", "2025-11-01"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Builtin().NextWorkingDay(date(tc.day))
			if err != nil || got.Format(time.DateOnly) != tc.next {
				t.Fatalf("NextWorkingDay(%s) = %s, %v; want %s", tc.day, got, err, tc.next)
			}
		})
	}
}

func TestDataParses(t *testing.T) {
	for y, data := range Years {
		for _, s := range append(append([]string{}, data.Off...), data.Working...) {
			d, err := time.Parse(time.DateOnly, s)
			if err != nil || d.Year() != y {
				t.Errorf("%d: %q", y, s)
			}
		}
		if data.Source == "" {
			t.Errorf("%d: no source", y)
		}
	}
}

// A year beyond the data is an error naming the year, not a guess from
// the Labour Code; an imported year fills it, and replaces a built-in one.
func TestYearBeyondTheData(t *testing.T) {
	for _, day := range []string{"2026-12-31", "2027-01-28"} { // 31 December moves into 2027
		_, err := Builtin().NextWorkingDay(date(day))
		if e, ok := shared.AsError(err); !ok || e.Code != shared.CodeCalendarMissing || e.Args[0] != "2027" {
			t.Fatalf("%s: %v", day, err)
		}
	}
	c := With(map[int]Year{2027: {Source: "test", Off: []string{"2027-01-01", "2027-01-04", "2027-01-05", "2027-01-06", "2027-01-07", "2027-01-08"}},
		2026: {Source: "test", Working: []string{"2026-02-28"}}})
	if got, err := c.NextWorkingDay(date("2026-12-31")); err != nil || got.Format(time.DateOnly) != "2026-12-31" {
		t.Fatalf("31.12.2026 with the imported 2026 (no day off on it): %v %v", got, err)
	}
	if got, err := c.NextWorkingDay(date("2027-01-01")); err != nil || got.Format(time.DateOnly) != "2027-01-11" {
		t.Fatalf("the 2027 holidays: %v %v", got, err)
	}
	if off, err := c.DayOff(date("2026-02-28")); err != nil || off {
		t.Fatalf("an imported working Saturday: %v %v", off, err)
	}
}

// Every year's data holds the days off of the Labour Code: the holidays
// themselves and the New Year days, and at least as many weekdays off in
// all as the Code gives — a decree may move the Monday after a holiday on
// a weekend to another day, not take it away.
func TestDataHoldsTheStatutoryDaysOff(t *testing.T) {
	c := Builtin()
	for y := range Years {
		statutory, data := 0, 0
		for d := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == y; d = d.AddDate(0, 0, 1) {
			if weekend(d) {
				continue
			}
			off, err := c.DayOff(d)
			if err != nil {
				t.Fatal(err)
			}
			if off {
				data++
			}
			if !Statutory(d) {
				continue
			}
			statutory++
			_, m, day := d.Date()
			holiday := m == time.January && day <= 8
			for _, h := range holidays {
				holiday = holiday || (time.Month(h[0]) == m && h[1] == day)
			}
			if holiday && !off {
				t.Errorf("%s is a holiday of the Labour Code but a working day in the %d data", d.Format(time.DateOnly), y)
			}
		}
		if data < statutory {
			t.Errorf("%d: %d weekdays off in the data, fewer than the Labour Code's %d", y, data, statutory)
		}
	}
}

// Постановление Правительства РФ от 04.10.2024 № 1335 moved the days off
// of Sunday 23 February and Saturday 8 March 2025 to Thursday 8 May and
// Friday 13 June: Monday 24 February and Monday 10 March were working
// days, and 2025 had 247 of them.
func TestThe2025TransfersFromWeekendHolidays(t *testing.T) {
	c := Builtin()
	for s, want := range map[string]bool{"2025-02-24": false, "2025-03-10": false, "2025-05-08": true, "2025-06-13": true} {
		if off, err := c.DayOff(date(s)); err != nil || off != want {
			t.Errorf("%s: day off %v (%v), want %v", s, off, err, want)
		}
	}
	working := 0
	for d := date("2025-01-01"); d.Year() == 2025; d = d.AddDate(0, 0, 1) {
		if off, _ := c.DayOff(d); !off {
			working++
		}
	}
	if working != 247 {
		t.Errorf("2025 has %d working days in the data, want 247", working)
	}
}

// The floor itself: holidays, the New Year days, and the Monday after a
// holiday on a weekend (8 March 2026 was a Sunday: 9 March off; 9 May
// 2026 a Saturday: 11 May off), not after a New Year day on a weekend.
func TestStatutory(t *testing.T) {
	for s, want := range map[string]bool{
		"2026-03-09": true, "2026-05-11": true, "2026-02-23": true, "2026-06-12": true, "2026-11-04": true,
		"2026-01-08": true, "2026-01-09": false, "2026-05-12": false, "2026-03-10": false, "2026-11-05": false,
		"2027-01-11": false, "2027-05-10": true, "2027-06-14": true, "2027-03-08": true, "2026-12-07": false,
		"2026-12-05": true,
	} {
		if got := Statutory(date(s)); got != want {
			t.Errorf("%s: %v, want %v", s, got, want)
		}
	}
}
