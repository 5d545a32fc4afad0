package refdata_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"kabinet/server/csvfile"
	"kabinet/server/dbtest"
	"kabinet/server/refdata"
	"kabinet/shared"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, shared.Moscow)
	if err != nil {
		panic(err)
	}
	return t
}

// With nothing imported the built-in rates hold, up to their last day;
// a day past it is an error naming the day.
func TestBuiltinKeyRatesEndWithAnError(t *testing.T) {
	s := refdata.New(dbtest.NewDB(t))
	rates, err := s.KeyRates(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if bp, err := rates.RateOn(day("2025-12-22")); err != nil || bp != 1600 {
		t.Fatalf("22.12.2025: %d %v", bp, err)
	}
	_, err = rates.RateOn(day("2027-03-15"))
	if e, ok := shared.AsError(err); !ok || e.Code != shared.CodeKeyRateMissing || e.Args[0] != "15.03.2027" {
		t.Fatalf("15.03.2027: %v", err)
	}
}

// A key-rate file with a wrong row records nothing and names every wrong
// row; the good file is then recorded whole and extends the data.
func TestImportRatesAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s := refdata.New(dbtest.NewDB(t))
	bad := "from;rate;to\n" +
		"2026-02-16;15,5;\n" + // good
		"2026-02-30;15;\n" + // no such day
		"2026-03-23;15;\n" + // good
		"2026-03-23;14;\n" + // the same day again
		"2026-03-01;15;\n" + // out of order
		"2026-04-27;abc;\n" + // not a percent
		"2026-04-28;0;\n" + // 0 %
		"2026-05-04;14,5;\n" // the last rate without its "to"
	n, lines, err := s.ImportRates(ctx, strings.NewReader(bad))
	if !errors.Is(err, refdata.ErrRejected) || n != 0 {
		t.Fatalf("a file with wrong rows: %d, %v", n, err)
	}
	want := []csvfile.LineError{
		{Line: 3, Field: "from", Code: shared.CodeBadDate},
		{Line: 7, Field: "rate", Code: shared.CodeBadFormat},
		{Line: 8, Field: "rate", Code: shared.CodeRateRange},
		{Line: 5, Field: "from", Code: shared.CodeRowDuplicate},
		{Line: 6, Field: "from", Code: shared.CodeRowOrder},
		{Line: 9, Field: "to", Code: shared.CodeThroughMissing},
	}
	if d := cmp.Diff(want, lines); d != "" {
		t.Fatalf("wrong rows (-want +got):\n%s", d)
	}
	if rates, _ := s.KeyRates(ctx); rates.Through != "2026-02-15" {
		t.Fatalf("a rejected file changed the data: known to %s", rates.Through)
	}

	good := "\ufeffС;Ставка;По\n16.02.2026;15,5;\n23.03.2026;15;26.04.2026\n"
	if n, lines, err := s.ImportRates(ctx, strings.NewReader(good)); err != nil || n != 2 || len(lines) != 0 {
		t.Fatalf("the good file: %d, %v, %v", n, lines, err)
	}
	rates, err := s.KeyRates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for d, want := range map[string]int64{"2025-12-22": 1600, "2026-02-16": 1550, "2026-04-26": 1500} {
		if bp, err := rates.RateOn(day(d)); err != nil || bp != want {
			t.Errorf("%s: %d %v, want %d", d, bp, err, want)
		}
	}
	if _, err := rates.RateOn(day("2026-04-27")); shared.ErrorCode(err) != shared.CodeKeyRateMissing {
		t.Errorf("past the imported data: %v", err)
	}
}

// A calendar file with a wrong row records nothing and names each wrong
// row; a good one makes its year known, replacing it whole.
func TestImportCalendarAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s := refdata.New(dbtest.NewDB(t))
	if _, err := s.Calendar(ctx); err != nil {
		t.Fatal(err)
	}
	bad := "date,kind,source\n" +
		"2027-01-01,holiday,Постановление (тест)\n" + // good
		"2027-01-04,выходной,\n" + // good
		"2027-01-05,отпуск,\n" + // no such kind
		"2027-01-06,workday,\n" + // a Wednesday cannot be made a working day
		"2027-01-04,holiday,\n" + // twice
		"2027-13-01,holiday,\n" // no such month
	years, lines, err := s.ImportCalendar(ctx, strings.NewReader(bad))
	if !errors.Is(err, refdata.ErrRejected) || years != nil {
		t.Fatalf("a file with wrong rows: %v, %v", years, err)
	}
	want := []csvfile.LineError{
		{Line: 4, Field: "kind", Code: shared.CodeDayKind},
		{Line: 5, Field: "kind", Code: shared.CodeWorkdayOnWeekday},
		{Line: 6, Field: "date", Code: shared.CodeRowDuplicate},
		{Line: 7, Field: "date", Code: shared.CodeBadDate},
	}
	if d := cmp.Diff(want, lines); d != "" {
		t.Fatalf("wrong rows (-want +got):\n%s", d)
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cal.DayOff(day("2027-01-28")); shared.ErrorCode(err) != shared.CodeCalendarMissing {
		t.Fatalf("a rejected file made 2027 known: %v", err)
	}

	good := "Дата;Вид;Источник\n"
	for _, d := range []string{"01", "04", "05", "06", "07", "08"} {
		good += "2027-01-" + d + ";holiday;Постановление (тест)\n"
	}
	good += "2027-02-22;shortened;\n"
	if years, lines, err := s.ImportCalendar(ctx, strings.NewReader(good)); err != nil || len(lines) != 0 || !cmp.Equal(years, []int{2027}) {
		t.Fatalf("the good file: %v, %v, %v", years, lines, err)
	}
	if cal, err = s.Calendar(ctx); err != nil {
		t.Fatal(err)
	}
	if got, err := cal.NextWorkingDay(day("2027-01-01")); err != nil || got.Format(time.DateOnly) != "2027-01-11" {
		t.Fatalf("the 2027 holidays: %v %v", got, err)
	}
	if got, err := cal.NextWorkingDay(day("2026-02-28")); err != nil || got.Format(time.DateOnly) != "2026-03-02" {
		t.Fatalf("the built-in 2026 still holds: %v %v", got, err)
	}
}
