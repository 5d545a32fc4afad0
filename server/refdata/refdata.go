// Package refdata keeps the reference data a deployment updates without a
// release: the Bank of Russia's key rates (for penalties) and the
// production calendar (for due dates). It owns the tables key_rates,
// calendar_years and calendar_days, imports them from CSV files, each file
// whole or not at all, and gives the engines of shared/penalty and
// shared/calendar the imported data over the built-in tables.
package refdata

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"kabinet/shared/calendar"
	"kabinet/shared/penalty"
)

// Service reads and imports the data.
type Service struct{ db *bun.DB }

// New returns the service.
func New(db *bun.DB) *Service { return &Service{db: db} }

// KeyRates is the key-rate table in force: the imported rates over the
// built-in ones. It is read from the database on every call, not kept:
// the import runs as another process (`kabinet rates import`), and the
// table is a few dozen rows.
func (s *Service) KeyRates(ctx context.Context) (penalty.Table, error) {
	var rows []struct {
		From    time.Time `bun:"from_date"`
		BP      int64     `bun:"rate_bp"`
		Through time.Time `bun:"known_through"`
	}
	if err := s.db.NewRaw("SELECT from_date, rate_bp, known_through FROM key_rates ORDER BY from_date").Scan(ctx, &rows); err != nil {
		return penalty.Table{}, fmt.Errorf("refdata.KeyRates: %w", err)
	}
	var top penalty.Table
	var through time.Time
	for _, r := range rows {
		top.Rates = append(top.Rates, penalty.KeyRate{From: r.From.Format(time.DateOnly), BP: r.BP})
		if r.Through.After(through) {
			through = r.Through
		}
	}
	top.Through = through.Format(time.DateOnly)
	return penalty.Overlay(penalty.Builtin(), top), nil
}

// Calendar is the production calendar in force: the imported years over
// the built-in ones, read on every call like KeyRates.
func (s *Service) Calendar(ctx context.Context) (calendar.Calendar, error) {
	years, err := s.importedYears(ctx, s.db)
	if err != nil {
		return calendar.Calendar{}, err
	}
	return calendar.With(years), nil
}

func (s *Service) importedYears(ctx context.Context, db bun.IDB) (map[int]calendar.Year, error) {
	var ys []struct {
		Year   int    `bun:"year"`
		Source string `bun:"source"`
	}
	if err := db.NewRaw("SELECT year, source FROM calendar_years").Scan(ctx, &ys); err != nil {
		return nil, fmt.Errorf("refdata.Calendar: %w", err)
	}
	years := make(map[int]calendar.Year, len(ys))
	for _, y := range ys {
		years[y.Year] = calendar.Year{Source: y.Source}
	}
	var days []struct {
		Day  time.Time `bun:"day"`
		Year int       `bun:"year"`
		Kind string    `bun:"kind"`
	}
	if err := db.NewRaw("SELECT day, year, kind FROM calendar_days ORDER BY day").Scan(ctx, &days); err != nil {
		return nil, fmt.Errorf("refdata.Calendar: %w", err)
	}
	for _, d := range days {
		y, s := years[d.Year], d.Day.Format(time.DateOnly)
		switch d.Kind {
		case kindOff:
			y.Off = append(y.Off, s)
		case kindWorkday:
			y.Working = append(y.Working, s)
		case kindShort:
			y.Short = append(y.Short, s)
		}
		years[d.Year] = y
	}
	return years, nil
}

// Coverage says what the data covers, for the log at startup and the
// import's report: the last day of the key rates and the calendar years.
func (s *Service) Coverage(ctx context.Context) (ratesThrough string, years []int, err error) {
	t, err := s.KeyRates(ctx)
	if err != nil {
		return "", nil, err
	}
	c, err := s.Calendar(ctx)
	if err != nil {
		return "", nil, err
	}
	return t.Through, c.Years(), nil
}
