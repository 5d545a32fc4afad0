// Package calendar is the Russian production calendar (производственный
// календарь): which days are days off, so that deadlines falling on one
// move to the next working day (Tax Code art. 6.1 p. 7). The transfers of
// days off are data, one table per year from the government's decree:
// the years built into the release (Years), and the ones a deployment
// imports (`kabinet calendar import`, server/refdata). A year missing from
// the data is an error that names it: a deadline guessed from the Labour
// Code alone can be days off after a transfer.
package calendar

import (
	"slices"
	"strconv"
	"time"

	"kabinet/shared"
)

// Year is one year's calendar: the holidays and transferred days off that
// fall on weekdays, the weekend days made working days, and the shortened
// days before a holiday (an hour shorter; no deadline moves for them).
type Year struct {
	Source  string   // the decree, so the data can be checked
	Off     []string // weekdays that are days off, YYYY-MM-DD
	Working []string // weekend days that are working days, YYYY-MM-DD
	Short   []string // shortened pre-holiday working days, YYYY-MM-DD
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

// Calendar is the data as sets, built once; it is not changed after.
type Calendar struct {
	years        map[int]bool
	off, working map[day]bool
}

// New builds a calendar of years; a date that does not parse is left out
// (the import checks each row before it gets here).
func New(years map[int]Year) Calendar {
	c := Calendar{years: map[int]bool{}, off: map[day]bool{}, working: map[day]bool{}}
	for y, data := range years {
		c.years[y] = true
		for _, s := range data.Off {
			if t, err := time.Parse(time.DateOnly, s); err == nil {
				c.off[key(t)] = true
			}
		}
		for _, s := range data.Working {
			if t, err := time.Parse(time.DateOnly, s); err == nil {
				c.working[key(t)] = true
			}
		}
	}
	return c
}

// Builtin is the calendar of the release.
func Builtin() Calendar { return New(Years) }

// With is the built-in years with the deployment's over them: an imported
// year replaces the release's table of that year.
func With(imported map[int]Year) Calendar {
	all := make(map[int]Year, len(Years)+len(imported))
	for y, data := range Years {
		all[y] = data
	}
	for y, data := range imported {
		all[y] = data
	}
	return New(all)
}

// Missing is the error of a year the calendar has no data for.
func Missing(year int) error {
	return &shared.Error{Code: shared.CodeCalendarMissing, Args: []string{strconv.Itoa(year)}}
}

// Years are the years in the data, in order.
func (c Calendar) Years() []int {
	out := make([]int, 0, len(c.years))
	for y := range c.years {
		out = append(out, y)
	}
	slices.Sort(out)
	return out
}

// Known reports whether the year's transfers are in the data.
func (c Calendar) Known(year int) bool { return c.years[year] }

// DayOff reports whether the date (its calendar day, whatever the zone)
// is a day off: a holiday, a transferred day off, or a weekend that is
// not a transferred working day.
func (c Calendar) DayOff(t time.Time) (bool, error) {
	k := key(t)
	if !c.Known(k.y) {
		return false, Missing(k.y)
	}
	if c.off[k] {
		return true, nil
	}
	return !c.working[k] && weekend(t), nil
}

func weekend(t time.Time) bool { wd := t.Weekday(); return wd == time.Saturday || wd == time.Sunday }

// NextWorkingDay is t when it is a working day, else the first working day
// after it: where a deadline on a day off moves.
func (c Calendar) NextWorkingDay(t time.Time) (time.Time, error) {
	for {
		off, err := c.DayOff(t)
		if err != nil || !off {
			return t, err
		}
		t = t.AddDate(0, 0, 1)
	}
}

// holidays are the non-working holidays of the Labour Code (art. 112)
// outside the New Year holidays of 1–8 January: month and day.
var holidays = [][2]int{{2, 23}, {3, 8}, {5, 1}, {5, 9}, {6, 12}, {11, 4}}

// Statutory reports whether the day is off by the Labour Code alone
// (art. 112): a weekend, 1–8 January, one of the holidays, or the
// Monday after a holiday that fell on a weekend (the New Year holidays
// do not move so). It knows no decree's transfers, so it is not the
// calendar: a decree may add days off (a deadline counted by Statutory
// alone then comes a day early) and may move the Monday after a holiday
// elsewhere (in 2025 those of 23 February and 8 March went to 8 May and
// 13 June, and 24 February and 10 March were working days: a deadline
// counted by it alone came a day late). Every year's data holds the
// holidays themselves and at least as many days off (a test checks it).
// Use it only where a provisional date is better than none, and say
// that it is one.
func Statutory(t time.Time) bool {
	if weekend(t) {
		return true
	}
	y, m, d := t.Date()
	if m == time.January && d <= 8 {
		return true
	}
	for _, h := range holidays {
		day := time.Date(y, time.Month(h[0]), h[1], 0, 0, 0, 0, time.UTC)
		if day.Month() == m && day.Day() == d {
			return true
		}
		// A holiday on a Saturday or Sunday gives the next Monday.
		if wd := day.Weekday(); t.Weekday() == time.Monday && (wd == time.Saturday || wd == time.Sunday) {
			if mon := day.AddDate(0, 0, (8-int(wd))%7); mon.Month() == m && mon.Day() == d {
				return true
			}
		}
	}
	return false
}
