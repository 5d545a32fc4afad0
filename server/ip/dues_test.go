package ip

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"kabinet/shared/calendar"
	sharedip "kabinet/shared/ip"
)

func dueDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// The deadlines of 2026 for an ИП on УСН, each checked by hand against the
// production calendar: 25 April and 25 July 2026 are Saturdays and 25
// October a Sunday, so those move to the Monday after.
func TestDuesOfAYearOnUSN(t *testing.T) {
	got := dues(sharedip.RegimeUSN6, dueDay("2024-02-12"), dueDay("2026-01-01"), calendar.New(map[int]calendar.Year{2026: calendar.Years[2026]}))
	var lines []string
	for _, d := range got {
		if strings.HasPrefix(d.On, "2026") {
			lines = append(lines, fmt.Sprintf("%s %s %s %s %v %d", d.On, d.Kind, d.Period, d.Nominal, d.Unsure, d.Amount))
		}
	}
	want := []string{
		"2026-04-27 declaration 2025 2026-04-25 false 0",
		"2026-04-27 notice 2026-Q1 2026-04-25 false 0",
		"2026-04-28 tax 2025  false 0",
		"2026-04-28 advance 2026-Q1  false 0",
		"2026-07-01 over300 2025  false 0",
		"2026-07-27 notice 2026-H1 2026-07-25 false 0",
		"2026-07-28 advance 2026-H1  false 0",
		"2026-10-26 notice 2026-9M 2026-10-25 false 0",
		"2026-10-28 advance 2026-9M  false 0",
		"2026-12-28 contributions 2026  false 5739000",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("2026 on УСН:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

// From a day on, only what is still ahead: in December 2026 the year's
// contributions, then the next year's deadlines. 2027's transfers are not
// in the data: its dates are past the weekend only, and marked unsure.
func TestDuesAheadAcrossAnUnknownYear(t *testing.T) {
	got := dues(sharedip.RegimePSN, dueDay("2024-02-12"), dueDay("2026-12-07"), calendar.Builtin())
	if len(got) != 3 {
		t.Fatalf("dues on ПСН from 7.12.2026: %+v, want 3", got)
	}
	if d := got[0]; d.On != "2026-12-28" || d.Kind != sharedip.DueContributions || d.Unsure || d.Amount != 5_739_000 {
		t.Errorf("first: %+v, want the 2026 contributions of 57 390 ₽ on 28.12.2026", d)
	}
	if d := got[1]; d.On != "2027-07-01" || d.Kind != sharedip.DueOver300 || d.Period != "2026" || !d.Unsure {
		t.Errorf("second: %+v, want 1 %% over 300 000 ₽ for 2026 on 1.07.2027, unsure", d)
	}
	if d := got[2]; d.On != "2027-12-28" || d.Amount != 0 || !d.Unsure {
		t.Errorf("third: %+v, want the 2027 contributions without a sum, unsure", d)
	}
	usn := dues(sharedip.RegimeUSN15, dueDay("2024-02-12"), dueDay("2027-01-01"), calendar.Builtin())
	if d := usn[0]; d.Kind != sharedip.DueDeclaration || d.On != "2027-04-26" || d.Nominal != "2027-04-25" || !d.Unsure {
		t.Errorf("the 2026 declaration: %+v, want 26.04.2027 (25th a Sunday), unsure", d)
	}
}

// A self-employed ИП (НПД) owes none of these: its tax is the НПД
// cabinet's.
func TestNoDuesOnNPD(t *testing.T) {
	if got := dues(sharedip.RegimeNPD, dueDay("2024-02-12"), dueDay("2026-01-01"), calendar.Builtin()); len(got) != 0 {
		t.Errorf("dues on НПД: %+v", got)
	}
}

// An ИП registered on 10 March 2026 owes nothing for 2025, when it was
// not one (the declaration, the tax, the 1 %), and its 2026 contributions
// are for 9 whole months and 22 of March's 31 days (Tax Code art. 430
// p. 3): 57 390 ₽ / 12 × (9 + 22/31) = 46 436,53 ₽. Its first УСН period,
// the first quarter, still ends after the registration.
func TestDuesStartWithTheRegistration(t *testing.T) {
	got := dues(sharedip.RegimeUSN6, dueDay("2026-03-10"), dueDay("2026-03-20"), calendar.New(map[int]calendar.Year{2026: calendar.Years[2026]}))
	kinds := map[string]bool{}
	for _, d := range got {
		if d.Period == "2025" {
			t.Errorf("registered 10.03.2026, yet owes %s for 2025", d.Kind)
		}
		if d.Kind == sharedip.DueContributions && d.Period == "2026" && d.Amount != 4_643_653 {
			t.Errorf("the 2026 contributions: %d kopecks, want 4 643 653", d.Amount)
		}
		kinds[d.Kind+" "+d.Period] = true
	}
	if !kinds["advance 2026-Q1"] || !kinds["contributions 2026"] {
		t.Errorf("dues %+v: want the Q1 advance and the 2026 contributions", got)
	}
	// Registered on 1 July: no first quarter or half year either.
	for _, d := range dues(sharedip.RegimeUSN6, dueDay("2026-07-01"), dueDay("2026-07-01"), calendar.New(map[int]calendar.Year{2026: calendar.Years[2026]})) {
		if d.Period == "2026-Q1" || d.Period == "2026-H1" {
			t.Errorf("registered 1.07.2026, yet owes %s for %s", d.Kind, d.Period)
		}
		if d.Kind == sharedip.DueContributions && d.Period == "2026" && d.Amount != 2_869_500 {
			t.Errorf("registered 1.07.2026: contributions %d, want half the year's, 2 869 500", d.Amount)
		}
	}
}
