package ip

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/uptrace/bun"

	"kabinet/server/notify"

	"kabinet/shared"
	"kabinet/shared/calendar"
	"kabinet/shared/i18n"
	sharedip "kabinet/shared/ip"
)

// dueRule is a deadline the law sets every year: the day of a month of
// the year it falls in, for which period, and the regimes it binds.
type dueRule struct {
	kind    string
	month   time.Month
	day     int
	period  func(year int) string // the period it is for, by the year it falls in
	regimes []string
	source  string
}

var (
	usn = []string{sharedip.RegimeUSN6, sharedip.RegimeUSN15}
	// The fixed contributions bind every ИП but one on НПД (422-ФЗ art. 15).
	contributors = []string{sharedip.RegimeUSN6, sharedip.RegimeUSN15, sharedip.RegimePSN, sharedip.RegimeOSNO}
)

func lastYear(y int) string          { return fmt.Sprint(y - 1) }
func thisYear(y int) string          { return fmt.Sprint(y) }
func part(p string) func(int) string { return func(y int) string { return fmt.Sprintf("%d-%s", y, p) } }

// dueRules are the ИП's deadlines as data: the single payment (ЕНП) is due
// on the 28th, declarations and notices of computed sums by the 25th
// (Tax Code art. 58 p. 1, art. 58 p. 9); a deadline on a day off moves to
// the next working day (art. 6.1 p. 7).
var dueRules = []dueRule{
	{sharedip.DueDeclaration, time.April, 25, lastYear, usn, "НК РФ ст. 346.23 п. 1 пп. 2"},
	{sharedip.DueTax, time.April, 28, lastYear, usn, "НК РФ ст. 346.21 п. 7"},
	{sharedip.DueNotice, time.April, 25, part("Q1"), usn, "НК РФ ст. 58 п. 9"},
	{sharedip.DueAdvance, time.April, 28, part("Q1"), usn, "НК РФ ст. 346.21 п. 7"},
	{sharedip.DueOver300, time.July, 1, lastYear, contributors, "НК РФ ст. 432 п. 2"},
	{sharedip.DueNotice, time.July, 25, part("H1"), usn, "НК РФ ст. 58 п. 9"},
	{sharedip.DueAdvance, time.July, 28, part("H1"), usn, "НК РФ ст. 346.21 п. 7"},
	{sharedip.DueNotice, time.October, 25, part("9M"), usn, "НК РФ ст. 58 п. 9"},
	{sharedip.DueAdvance, time.October, 28, part("9M"), usn, "НК РФ ст. 346.21 п. 7"},
	{sharedip.DueContributions, time.December, 28, thisYear, contributors, "НК РФ ст. 432 п. 2"},
}

// fixedContributions are the ИП's own fixed insurance contributions for a
// year, in kopecks (Tax Code art. 430 p. 1.2). A year missing here is
// shown without a sum.
var fixedContributions = map[int]shared.Kopecks{
	2025: 5_365_800,
	2026: 5_739_000,
}

// periodEnd is the last day of a deadline's period: "2026" ends on 31
// December, "2026-Q1" on 31 March, "2026-H1" on 30 June, "2026-9M" on 30
// September.
func periodEnd(period string) time.Time {
	year, part, _ := strings.Cut(period, "-")
	y, _ := strconv.Atoi(year)
	months := map[string]time.Month{"Q1": time.April, "H1": time.July, "9M": time.October}[part]
	if months == 0 {
		months = 13 // the year: the day before 1 January of the next
	}
	return time.Date(y, months, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
}

// contributions is the fixed contributions of year for an ИП registered
// on registered (Tax Code art. 430 p. 3): a year begun as an ИП pays
// for its whole months and, for the month of registration, its calendar
// days from that day on; 0 when the year's sum is not in the data.
func contributions(year int, registered time.Time) shared.Kopecks {
	full := fixedContributions[year]
	if registered.Year() != year {
		return full
	}
	monthly := float64(full) / 12
	first := time.Date(year, registered.Month(), 1, 0, 0, 0, 0, time.UTC)
	days := first.AddDate(0, 1, -1).Day()
	left := days - registered.Day() + 1
	whole := 12 - int(registered.Month())
	return shared.Kopecks(math.Round(monthly*float64(whole) + monthly*float64(left)/float64(days)))
}

// dues are the deadlines of an ИП on regime, registered on registered,
// from the day from on, nearest first: those of from's year still ahead
// and all of the next year's, but none for a period that ended before
// the registration (nothing was owed then).
func dues(regime string, registered, from time.Time, cal calendar.Calendar) []sharedip.Due {
	out := []sharedip.Due{}
	for _, year := range []int{from.Year(), from.Year() + 1} {
		for _, r := range dueRules {
			if !slices.Contains(r.regimes, regime) {
				continue
			}
			d := sharedip.Due{Kind: r.kind, Period: r.period(year)}
			if periodEnd(d.Period).Before(registered) {
				continue
			}
			nominal := time.Date(year, r.month, r.day, 0, 0, 0, 0, time.UTC)
			on, err := cal.NextWorkingDay(nominal)
			if err != nil {
				// No transfers known for the year yet: past the weekend
				// at least, and it may still move.
				on, d.Unsure = nominal, true
				for on.Weekday() == time.Saturday || on.Weekday() == time.Sunday {
					on = on.AddDate(0, 0, 1)
				}
			}
			if on.Before(from) {
				continue
			}
			d.On = on.Format(time.DateOnly)
			if !on.Equal(nominal) {
				d.Nominal = nominal.Format(time.DateOnly)
			}
			if r.kind == sharedip.DueContributions {
				d.Amount = contributions(year, registered)
			}
			out = append(out, d)
		}
	}
	slices.SortStableFunc(out, func(a, b sharedip.Due) int { return strings.Compare(a.On, b.On) })
	return out
}

// DuesCalendar is the deadlines ahead as an iCalendar file (RFC 5545):
// an all-day event on each deadline's working day, with a reminder three
// days before (at 09:00), in the person's language. Each event's UID is
// its kind, period and a digest of the account, so that importing the
// file again updates the events and another ИП's are kept apart.
func (s *Service) DuesCalendar(ctx context.Context, accountID string, secondFactor bool) ([]byte, error) {
	h, err := s.Home(ctx, accountID, secondFactor)
	if err != nil {
		return nil, err
	}
	acc, err := s.accounts.Get(ctx, accountID)
	if err != nil {
		return nil, err
	}
	lang := i18n.Lang(acc.Lang)
	// Unique to the person, so that an accountant who imports several
	// ИП into one calendar keeps each one's events, and without the
	// account's id in the file.
	sum := sha256.Sum256([]byte("dues\x00" + accountID))
	uidOf := hex.EncodeToString(sum[:8])
	cal := ics.NewCalendarFor("Kabinet")
	cal.SetMethod(ics.MethodPublish)
	cal.SetXWRCalName(i18n.T(lang, "ip.due.h2"))
	stamp := s.now().UTC()
	for _, d := range h.Dues {
		on, err := time.Parse(time.DateOnly, d.On)
		if err != nil {
			return nil, err
		}
		summary := dueText(lang, d)
		e := cal.AddEvent(d.Kind + "-" + d.Period + "-" + uidOf + "@kabinet")
		e.SetDtStampTime(stamp)
		e.SetAllDayStartAt(on)
		e.SetAllDayEndAt(on.AddDate(0, 0, 1))
		e.SetSummary(summary)
		if d.Unsure {
			e.SetDescription(i18n.T(lang, "ip.due.unsure", d.On[:4]))
		}
		a := e.AddAlarm()
		a.SetAction(ics.ActionDisplay)
		a.SetTrigger("-P2DT15H") // 09:00 three days before the all-day event
		a.SetProperty(ics.ComponentPropertyDescription, summary)
	}
	return []byte(cal.Serialize()), nil
}

// duesJob reminds the ИП of their deadlines, every day at 10:00 Moscow
// time, duesRemindBefore days ahead.
const duesJob = "ip.dues"

// duesRemindBefore are how many days ahead of a deadline it is told, as
// the НПД cabinet tells its due payments.
var duesRemindBefore = []int{3, 1}

// RemindDues tells every confirmed person whose ИП is open (a blocked
// account is told nothing) of each deadline that falls duesRemindBefore
// days after the day of at (Moscow time; the job's tick, so that a run
// delayed past midnight tells that day's, not the next): in the inbox
// and by e-mail, unless they switched «Сроки ИП» off. A deadline is told
// once for each of those days (the key), so the job run twice tells
// nothing twice. One person's failure is logged and the others are told;
// it returns how many people it looked at, and the first failure.
func (s *Service) RemindDues(ctx context.Context, at time.Time) (int, error) {
	// The accounts an open ИП may belong to — the one it was registered
	// from, or one with its ИНН — each by an index; recordOf decides.
	var ids []string
	if err := s.db.NewRaw(`SELECT a.id FROM accounts a JOIN ip_records r ON r.account_id = a.id
			JOIN registry_entries e ON e.inn = r.inn AND e.kind = 'ip' AND e.status <> ?
			WHERE a.level = ? AND a.status <> ?
		UNION
		SELECT a.id FROM accounts a JOIN registry_entries e ON e.inn = a.inn AND e.kind = 'ip' AND e.status <> ?
			WHERE a.level = ? AND a.status <> ?
		ORDER BY 1`, shared.RegistryClosed, shared.LevelConfirmed, shared.StatusBlocked,
		shared.RegistryClosed, shared.LevelConfirmed, shared.StatusBlocked).Scan(ctx, &ids); err != nil {
		return 0, fmt.Errorf("ip.RemindDues: %w", err)
	}
	cal, err := s.Reference.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	today := dayOf(at)
	var first error
	for _, id := range ids {
		if err := s.remindDues(ctx, cal, id, today); err != nil {
			s.log.ErrorContext(ctx, "ip: reminding of the deadlines", "account", id, "err", err)
			first = cmp.Or(first, fmt.Errorf("ip.RemindDues(%s): %w", id, err))
		}
	}
	return len(ids), first
}

func (s *Service) remindDues(ctx context.Context, cal calendar.Calendar, accountID string, today time.Time) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		acc, err := s.accounts.GetIn(ctx, tx, accountID)
		if err != nil {
			return err
		}
		r, err := recordOf(ctx, tx, acc, false)
		var e *shared.Error
		if errors.As(err, &e) && e.Code == sharedip.CodeNotIP || err == nil && r.Status == shared.RegistryClosed {
			return nil // not this person's ИП, or no longer open
		}
		if err != nil {
			return err
		}
		for _, d := range dues(r.Regime, r.RegisteredOn, today, cal) {
			for _, before := range duesRemindBefore {
				if d.On != today.AddDate(0, 0, before).Format(time.DateOnly) {
					continue
				}
				what := dueText(i18n.Lang(acc.Lang), d)
				on, _ := time.Parse(time.DateOnly, d.On)
				if err := s.Notify.Notify(ctx, tx, notify.Note{Account: acc, Category: shared.NotifyIPDue,
					Key:     fmt.Sprintf("ip.due:%s:%s:%d", d.Kind, d.Period, before),
					Message: fmt.Sprintf("msg.ip.due%d", before), Args: []string{what, on.Format("02.01.2006")},
					Link: "/ip"}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// dueText is what is due, for the calendar file and the reminders, as
// the cabinet's card says it (app/ip): «Фиксированные страховые взносы
// за 2026 год: 57 390,00 ₽».
func dueText(lang i18n.Lang, d sharedip.Due) string {
	year, part, _ := strings.Cut(d.Period, "-")
	if part == "" {
		part = "year"
	}
	what := i18n.T(lang, "ip.due."+d.Kind, i18n.T(lang, "ip.due."+part, year))
	if d.Amount > 0 {
		what += ": " + shared.FormatRubles(d.Amount, true)
	}
	return what
}
