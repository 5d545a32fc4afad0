package ip_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"kabinet/server/csvfile"
	"kabinet/server/ip"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// taxCounts is how many reports and ЕНС balances are recorded.
func taxCounts(t *testing.T, e *portaltest.Env) [2]int {
	t.Helper()
	var n [2]int
	if err := e.DB.NewRaw("SELECT (SELECT count(*) FROM ip_tax_reports), (SELECT count(*) FROM ip_ens_balances)").
		Scan(context.Background(), &n[0], &n[1]); err != nil {
		t.Fatal(err)
	}
	return n
}

// The tax authority's facts load from a file: a good file is recorded
// and shown on the record (the last reports newest first, the latest ЕНС
// balance), loading it again changes nothing, and a file with wrong rows
// records nothing and names each wrong row with its field and code.
func TestTaxFactsImport(t *testing.T) {
	e := portaltest.StartIP(t)
	ctx := context.Background()
	iv := ivanPerson(t, e)
	before := taxCounts(t, e)

	good := "Инн;Вид;КНД;Период;Дата;Задолженность\n" +
		"123456789047;отчёт;1152017;2025;2026-03-30;\n" +
		"123456789047;отчёт;1151111;2026-Q3;30.10.2026;\n" +
		"123456789047;ЕНС;;;2026-12-04;1 500,00\n" +
		"561100409545;report;1152017;2025;2026-04-01;\n" +
		"561100409545;balance;;;2026-12-04;0\n"
	imp, bad, err := e.P.IP.ImportTaxFacts(ctx, strings.NewReader(good))
	if err != nil || len(bad) > 0 || imp != (ip.TaxImport{Reports: 3, Balances: 2}) {
		t.Fatalf("a good file: %+v %v %v", imp, bad, err)
	}
	after := taxCounts(t, e)
	if after != [2]int{before[0] + 3, before[1] + 2} {
		t.Fatalf("recorded %v, before %v", after, before)
	}
	var home sharedip.Home
	iv.MustOK("GET", "/ip", nil, &home)
	want := sharedip.TaxFacts{Debt: 150000, AsOf: "2026-12-04", Reports: []sharedip.TaxReport{
		{KND: "1151111", Period: "2026-Q3", ReceivedOn: "2026-10-30"},
		{KND: "1151020", Period: "2025", ReceivedOn: "2026-04-21"}, // the demo's
		{KND: "1152017", Period: "2025", ReceivedOn: "2026-03-30"},
		{KND: "1151020", Period: "2024", ReceivedOn: "2025-04-28"},
	}}
	if !cmp.Equal(home.Record.Tax, want) {
		t.Errorf("the record's tax facts: %s", cmp.Diff(want, home.Record.Tax))
	}
	// Р26001 warns of the debt now known.
	if cl := draft(t, iv, sharedip.FormClosure); !slices.Contains(cl.Warnings, "ip.warning.ens_debt") {
		t.Errorf("closure warnings with an ЕНС debt: %v", cl.Warnings)
	}

	if imp, bad, err := e.P.IP.ImportTaxFacts(ctx, strings.NewReader(good)); err != nil || len(bad) > 0 || imp.Reports != 3 {
		t.Fatalf("the same file again: %+v %v %v", imp, bad, err)
	}
	if again := taxCounts(t, e); again != after {
		t.Errorf("loading the file again: %v, was %v", again, after)
	}

	wrong := "ИНН;Вид;КНД;Период;Дата;Задолженность\n" +
		"123456789047;отчёт;1152017;2026;2026-12-01;\n" + // good, but the file is refused whole
		"123456789048;отчёт;1152017;2025;2026-03-30;\n" +
		portaltest.PersonINN(77) + ";отчёт;1152017;2025;2026-03-30;\n" +
		"123456789047;декларация;1152017;2025;2026-03-30;\n" +
		"123456789047;отчёт;115201;2025;2026-03-30;\n" +
		"123456789047;отчёт;1152017;2025-Q5;2026-03-30;\n" +
		"123456789047;отчёт;1152017;2025;31.02.2026;\n" +
		"123456789047;ЕНС;;;2026-12-05;-5\n" +
		"123456789047;ЕНС;;;2026-12-05;100\n" +
		"123456789047;ЕНС;;;2026-12-05;200\n" +
		"123456789047;ЕНС;;;;200\n"
	_, bad, err = e.P.IP.ImportTaxFacts(ctx, strings.NewReader(wrong))
	if !errors.Is(err, ip.ErrTaxRejected) {
		t.Fatalf("a file with wrong rows: %v", err)
	}
	wantBad := []csvfile.LineError{
		{Line: 3, Field: "inn", Code: shared.CodeINNChecksum},
		{Line: 4, Field: "inn", Code: sharedip.CodeNotIP},
		{Line: 5, Field: "kind", Code: sharedip.CodeTaxFactKind},
		{Line: 6, Field: "knd", Code: sharedip.CodeKNDFormat},
		{Line: 7, Field: "period", Code: sharedip.CodeTaxPeriod},
		{Line: 8, Field: "date", Code: shared.CodeBadDate},
		{Line: 9, Field: "debt", Code: shared.CodeMoneyFormat},
		{Line: 11, Field: "debt", Code: sharedip.CodeTaxFactTwice},
		{Line: 12, Field: "date", Code: shared.CodeRequired},
	}
	if !cmp.Equal(bad, wantBad) {
		t.Errorf("the wrong rows: %s", cmp.Diff(wantBad, bad))
	}
	if n := taxCounts(t, e); n != after {
		t.Errorf("a refused file recorded rows: %v, was %v", n, after)
	}
	if _, _, err := e.P.IP.ImportTaxFacts(ctx, strings.NewReader("ИНН;Дата\n123456789047;2026-12-01\n")); err == nil ||
		!strings.Contains(err.Error(), `no column "kind"`) {
		t.Errorf("a file without the kind column: %v", err)
	}
}

// The demo data carry the tax facts: the demo ИП reported in April and
// owes nothing (no risk, no ЕНС warning on closure); ИП Петров, silent
// since April 2024 and owing 48 750 ₽, is marked at risk, as the
// registry officer sees on his card.
func TestDemoTaxFactsAndRisk(t *testing.T) {
	e := portaltest.StartIP(t)
	iv := ivanPerson(t, e)
	var home sharedip.Home
	iv.MustOK("GET", "/ip", nil, &home)
	if r := home.Record; r.RiskSince != "" || r.Tax.AsOf != "2026-12-01" || r.Tax.Debt != 0 || len(r.Tax.Reports) != 2 {
		t.Errorf("the demo ИП: risk %q, tax %+v", r.RiskSince, r.Tax)
	}
	officer := e.Staff(1, shared.RoleRegistryOfficer)
	var card sharedip.OfficeRecord
	officer.MustOK("GET", "/office/ip/records/561100409545", nil, &card)
	if r := card.Record; r.RiskSince == "" || r.RiskDebt != 4_875_000 || r.RiskLastReport != "2024-04-25" ||
		r.Tax.Debt != 4_875_000 || r.LastName != "Петров" {
		t.Errorf("ИП Петров: %+v", r)
	}
}
