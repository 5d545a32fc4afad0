package refdata

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/csvfile"
	"kabinet/shared"
)

type dayRow struct {
	line   int
	day    time.Time
	kind   string
	source string
}

// ImportCalendar records the production calendar of a file (columns date,
// kind — holiday, workday or shortened — and optionally source, the
// decree): every row or, when any row is wrong, none, with the wrong rows
// named. Each year in the file is replaced whole by the file's days, and
// becomes known (a date in it is no longer an error). It returns the years.
func (s *Service) ImportCalendar(ctx context.Context, r io.Reader) (years []int, bad []csvfile.LineError, err error) {
	rows, bad, err := readDays(r)
	if err != nil || len(bad) > 0 {
		return nil, bad, errors.Join(err, rejected(bad))
	}
	sources := map[int]string{}
	for _, d := range rows {
		if _, ok := sources[d.day.Year()]; !ok || d.source != "" {
			sources[d.day.Year()] = d.source
		}
	}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for y, src := range sources {
			if _, err := tx.NewRaw(`INSERT INTO calendar_years (year, source) VALUES (?, ?)
				ON CONFLICT (year) DO UPDATE SET source = EXCLUDED.source, imported_at = now()`, y, src).Exec(ctx); err != nil {
				return err
			}
			if _, err := tx.NewRaw("DELETE FROM calendar_days WHERE year = ?", y).Exec(ctx); err != nil {
				return err
			}
			years = append(years, y)
		}
		for _, d := range rows {
			if _, err := tx.NewRaw("INSERT INTO calendar_days (day, year, kind) VALUES (?, ?, ?)",
				ymd(d.day), d.day.Year(), d.kind).Exec(ctx); err != nil {
				return fmt.Errorf("refdata.ImportCalendar: line %d: %w", d.line, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	slices.Sort(years)
	return years, nil, nil
}

// readDays reads and checks every row of a calendar file.
func readDays(r io.Reader) (rows []dayRow, bad []csvfile.LineError, err error) {
	cr, err := open(r, calendarColumns, "date", "kind")
	if err != nil {
		return nil, nil, err
	}
	seen := map[time.Time]bool{}
	// Never an error: every fault is a row's.
	bad, _ = cr.Each(func(line int, get csvfile.Row) ([]csvfile.LineError, error) {
		d := dayRow{line: line, source: get("source"), kind: dayKinds[strings.ToLower(get("kind"))]}
		var f shared.Fields
		var err error
		d.day, err = shared.ParseDate(get("date"))
		f.Check("date", err)
		if err == nil && (d.day.Year() < 2000 || d.day.Year() > 2100) {
			f.Add("date", shared.CodeBadDate)
		}
		switch {
		case d.kind == "":
			f.Add("kind", shared.CodeDayKind)
		case err == nil && d.kind == kindWorkday && !weekend(d.day):
			f.Add("kind", shared.CodeWorkdayOnWeekday)
		}
		if err == nil && seen[d.day] {
			f.Add("date", shared.CodeRowDuplicate)
		}
		if len(f) > 0 {
			return csvfile.FieldErrors(line, f), nil
		}
		seen[d.day] = true
		rows = append(rows, d)
		return nil, nil
	})
	if len(rows) == 0 && len(bad) == 0 {
		bad = append(bad, csvfile.LineError{Line: 2, Field: "date", Code: shared.CodeRequired})
	}
	return rows, bad, nil
}

func weekend(t time.Time) bool { return t.Weekday() == time.Saturday || t.Weekday() == time.Sunday }
