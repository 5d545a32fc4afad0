// Package calendar is the Russian production calendar (производственный
// календарь): which days are days off, so that deadlines falling on one
// move to the next working day (Tax Code art. 6.1 p. 7). The transfers of
// days off are data, one table per year from the government's decree; a
// year missing from the table gets the holidays of the Labour Code (art.
// 112) with the weekend rule only, and is reported by Known.
package calendar

import "time"

// Year is one year's calendar: the holidays and transferred days off that
// fall on weekdays, and the weekend days made working days.
type Year struct {
	Source  string   // the decree, so the data can be checked
	Off     []string // weekdays that are days off, YYYY-MM-DD
	Working []string // weekend days that are working days, YYYY-MM-DD
}

// Years is the calendar data. Each year must be checked against its
// decree (Source) before it is relied on: a wrong day moves a due date.
// The tables below were typed from the published calendars and are
// marked for that check.
var Years = map[int]Year{
	2025: {
		Source: "Постановление Правительства РФ о переносе выходных дней в 2025 году (от 04.10.2024 № 1335) — сверить",
		Off: []string{"2025-01-01", "2025-01-02", "2025-01-03", "2025-01-06", "2025-01-07", "2025-01-08",
			"2025-05-01", "2025-05-02", "2025-05-08", "2025-05-09", "2025-06-12", "2025-06-13",
			"2025-11-03", "2025-11-04", "2025-12-31"},
		Working: []string{"2025-11-01"},
	},
	2026: {
		Source: "Постановление Правительства РФ о переносе выходных дней в 2026 году — сверить",
		Off: []string{"2026-01-01", "2026-01-02", "2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09",
			"2026-02-23", "2026-03-09", "2026-05-01", "2026-05-11", "2026-06-12", "2026-11-04", "2026-12-31"},
	},
}

type day struct {
	y int
	m time.Month
	d int
}

func key(t time.Time) day { y, m, d := t.Date(); return day{y, m, d} }

// index is the data as sets, built once from Years.
var index = func() (off, working map[day]bool) {
	off, working = map[day]bool{}, map[day]bool{}
	for _, y := range Years {
		for _, s := range y.Off {
			if t, err := time.Parse(time.DateOnly, s); err == nil {
				off[key(t)] = true
			}
		}
		for _, s := range y.Working {
			if t, err := time.Parse(time.DateOnly, s); err == nil {
				working[key(t)] = true
			}
		}
	}
	return off, working
}

var offDays, workingDays = index()

// holidays are the non-working holidays of the Labour Code, art. 112.
var holidays = []struct {
	m time.Month
	d int
}{{1, 1}, {1, 2}, {1, 3}, {1, 4}, {1, 5}, {1, 6}, {1, 7}, {1, 8}, {2, 23}, {3, 8}, {5, 1}, {5, 9}, {6, 12}, {11, 4}}

// Known reports whether the year's transfers are in the data.
func Known(year int) bool { _, ok := Years[year]; return ok }

// DayOff reports whether the date (its calendar day, whatever the zone)
// is a day off: a holiday, a transferred day off, or a weekend that is
// not a transferred working day.
func DayOff(t time.Time) bool {
	k := key(t)
	if offDays[k] {
		return true
	}
	if workingDays[k] {
		return false
	}
	if weekend(t) {
		return true
	}
	if Known(k.y) {
		return false
	}
	return ruleHoliday(t)
}

func weekend(t time.Time) bool { wd := t.Weekday(); return wd == time.Saturday || wd == time.Sunday }

// ruleHoliday applies art. 112 to a year without data: the holidays, and
// the weekday after a holiday that fell on a weekend (but for the January
// ones, whose transfers only a decree sets).
func ruleHoliday(t time.Time) bool {
	y := t.Year()
	for _, h := range holidays {
		d := time.Date(y, h.m, h.d, 0, 0, 0, 0, time.UTC)
		if key(d) == key(t) {
			return true
		}
		if h.m == time.January || !weekend(d) {
			continue
		}
		for weekend(d) {
			d = d.AddDate(0, 0, 1)
		}
		if key(d) == key(t) {
			return true
		}
	}
	return false
}

// NextWorkingDay is t when it is a working day, else the first working day
// after it: where a deadline on a day off moves.
func NextWorkingDay(t time.Time) time.Time {
	for DayOff(t) {
		t = t.AddDate(0, 0, 1)
	}
	return t
}
