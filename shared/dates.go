package shared

import (
	"strconv"
	"strings"
	"time"
)

// DateLayout is how dates travel in the API: "2006-01-02".
const DateLayout = time.DateOnly

// Age limits of a person's account: the passport is issued at 14, and a
// birth date more than 120 years back is a typo.
const (
	MinAge = 14
	MaxAge = 120
)

// The range of dates the portal accepts from outside. Nothing it records
// (births, passports, receipts, statements) is older than 1900 or later
// than 2100; wider dates only reach PostgreSQL's and the formatters' edge
// cases (year 0, negative years, 9999-12-31 plus a day).
const (
	MinYear = 1900
	MaxYear = 2100
)

// InDateRange reports whether the calendar day of t (in its own location)
// falls in the years MinYear to MaxYear inclusive.
func InDateRange(t time.Time) bool {
	y := t.Year()
	return y >= MinYear && y <= MaxYear
}

// ParseDate reads a calendar date written "YYYY-MM-DD" (as the API and the
// date input send it) or "DD.MM.YYYY" (as people type it) and returns
// midnight UTC of that day. A malformed or impossible date gives
// CodeBadDate, one outside the years MinYear…MaxYear CodeDateRange, an empty one
// CodeRequired.
func ParseDate(s string) (time.Time, error) {
	t, err := parseDate(s)
	if err == nil && !InDateRange(t) {
		return time.Time{}, E(CodeDateRange)
	}
	return t, err
}

// parseDate is ParseDate without the range, for checks that name a more
// telling limit themselves (a birth date too far back is «too old»).
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, E(CodeRequired)
	}
	layout := DateLayout
	if strings.Contains(s, ".") {
		layout = "2.1.2006"
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return time.Time{}, E(CodeBadDate)
	}
	return t, nil
}

// ParseDay is ParseDate for a day in loc: midnight of that day there, as
// filters by period need it.
func ParseDay(s string, loc *time.Location) (time.Time, error) {
	t, err := ParseDate(s)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc), nil
}

// NormalizeDate rewrites a date that parses as "YYYY-MM-DD"; anything else
// is returned trimmed, for Validate to report.
func NormalizeDate(s string) string {
	t, err := ParseDate(s)
	if err != nil {
		return strings.TrimSpace(s)
	}
	return t.Format(DateLayout)
}

// civil returns the calendar day of t (in its own location) as midnight UTC,
// so that days compare and add without time-zone effects.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Anniversary returns the day a person born on birth turns years old. One
// born on 29 February has the anniversary on 1 March in a common year.
func Anniversary(birth time.Time, years int) time.Time {
	return civil(birth).AddDate(years, 0, 0)
}

// ValidateBirthDate checks a birth date as of today (a date in the person's
// calendar, usually time.Now().In(Moscow)): not in the future
// (CodeDateFuture), at least MinAge years old (CodeTooYoung), at most
// MaxAge years old (CodeTooOld).
func ValidateBirthDate(s string, today time.Time) error {
	b, err := parseDate(s)
	if err != nil {
		return err
	}
	day := civil(today)
	switch {
	case b.After(day):
		return E(CodeDateFuture)
	case Anniversary(b, MinAge).After(day):
		return E(CodeTooYoung)
	case !Anniversary(b, MaxAge+1).After(day):
		return E(CodeTooOld)
	}
	return nil
}

var (
	monthsGenitive = [...]string{"января", "февраля", "марта", "апреля", "мая", "июня",
		"июля", "августа", "сентября", "октября", "ноября", "декабря"}
	monthsEnglish = [...]string{"January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November", "December"}
)

// FormatDate writes the day of t in Moscow time as people read it:
// "23 ноября 2026", or "23 November 2026" when lang is "en". Dates from
// ParseDate (midnight UTC) keep their day.
func FormatDate(t time.Time, lang string) string {
	t = t.In(Moscow)
	months := monthsGenitive
	if strings.HasPrefix(strings.ToLower(lang), "en") {
		months = monthsEnglish
	}
	return strconv.Itoa(t.Day()) + " " + months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// FormatDateTime writes t in Moscow time: "23 ноября 2026, 14:05".
func FormatDateTime(t time.Time, lang string) string {
	t = t.In(Moscow)
	return FormatDate(t, lang) + ", " + t.Format("15:04")
}
