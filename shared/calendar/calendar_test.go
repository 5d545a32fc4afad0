package calendar

import (
	"testing"
	"time"
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
		{"31 December 2026 is a day off, then the 2027 holidays", "2026-12-31", "2027-01-11"},
		{"a transferred working Saturday (1 November 2025)", "2025-11-01", "2025-11-01"},
		{"a year without data: Russia Day by the Labour Code", "2030-06-12", "2030-06-13"},
		{"a year without data: 9 May on a Sunday moves to Monday", "2027-05-10", "2027-05-11"},
		{"a year without data: an ordinary day", "2030-06-14", "2030-06-14"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := NextWorkingDay(date(tc.day)).Format(time.DateOnly); got != tc.next {
				t.Fatalf("NextWorkingDay(%s) = %s, want %s", tc.day, got, tc.next)
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
