package ip_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"kabinet/server/ip"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// The daily job marks an ИП at risk of exclusion when the tax
// authority's facts show no report for more than 15 months (from
// registration while there is none) and a debt, on the ЕНС or in the
// НПД ledger; exactly 15 months is not yet a risk, a recent report or no
// debt is none. It keeps what it found (the debt, the last report) on
// the record, journals each mark and clearing, and clears the mark when
// the cause is gone.
func TestExclusionRiskJob(t *testing.T) {
	e := portaltest.StartIP(t)
	ctx := context.Background()
	olga := e.ConfirmedPerson(1)
	f := submitted(t, e, olga)
	e.Staff(2, shared.RoleRegistryOfficer).MustOK("POST", "/office/ip/filings/"+f.ID+"/register", nil, nil)
	var home sharedip.Home
	olga.MustOK("GET", "/ip", nil, &home)
	registered, err := shared.ParseDate(home.Record.RegisteredOn)
	if err != nil {
		t.Fatal(err)
	}
	// The НПД debt as the self-employed cabinet would report it.
	npd := map[string]shared.Kopecks{}
	e.P.IP.Arrears = ip.ArrearsFunc(func(_ context.Context, id string) (shared.Kopecks, bool, error) {
		d, ok := npd[id]
		return d, ok, nil
	})
	load := func(rows ...string) {
		t.Helper()
		body := "ИНН;Вид;КНД;Период;Дата;Задолженность\n" + strings.Join(rows, "\n") + "\n"
		if _, bad, err := e.P.IP.ImportTaxFacts(ctx, strings.NewReader(body)); err != nil {
			t.Fatalf("%v %v", err, bad)
		}
	}
	type found struct {
		changed           int
		since, lastReport string
		debt              shared.Kopecks
	}
	run := func(on time.Time) found {
		t.Helper()
		at := time.Date(on.Year(), on.Month(), on.Day(), 12, 0, 0, 0, shared.Moscow)
		e.P.IP.SetClock(func() time.Time { return at })
		n, err := e.P.IP.ComputeExclusionRisk(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var home sharedip.Home
		olga.MustOK("GET", "/ip", nil, &home)
		return found{n, home.Record.RiskSince, home.Record.RiskLastReport, home.Record.RiskDebt}
	}
	date := func(d time.Time) string { return d.Format(time.DateOnly) }
	check := func(what string, got, want found) {
		t.Helper()
		if got != want {
			t.Errorf("%s: %+v, want %+v", what, got, want)
		}
	}

	// No report since registration and an ЕНС debt.
	load(olga.INN + ";ЕНС;;;" + date(registered) + ";1500")
	d15 := registered.AddDate(0, 15, 0)
	check("15 months after registration, no report", run(d15), found{})
	d15n := d15.AddDate(0, 0, 1)
	check("a day later", run(d15n), found{1, date(d15n), "", 150000})

	// A report that day: no risk; 15 months on exactly, still none.
	load(olga.INN + ";отчёт;1152017;2026;" + date(d15n) + ";")
	check("a report received", run(d15n), found{changed: 1})
	r15 := d15n.AddDate(0, 15, 0)
	check("15 months after the report", run(r15), found{})
	r15n := r15.AddDate(0, 0, 1)
	check("a day later", run(r15n), found{1, date(r15n), date(d15n), 150000})
	check("the job again", run(r15n.AddDate(0, 0, 1)), found{0, date(r15n), date(d15n), 150000})

	// The debt paid (a newer balance of 0): no risk.
	paid := r15n.AddDate(0, 0, 2)
	load(olga.INN + ";ЕНС;;;" + date(paid) + ";0")
	check("no debt", run(paid), found{changed: 1})
	// The НПД ledger's debt counts.
	npd[olga.ID] = 30000
	check("an НПД debt", run(paid), found{1, date(paid), date(d15n), 30000})
	// Both debts, then a recent report.
	load(olga.INN + ";ЕНС;;;" + date(paid.AddDate(0, 0, 1)) + ";2000,50")
	check("both debts", run(paid.AddDate(0, 0, 1)), found{0, date(paid), date(d15n), 230050})
	load(olga.INN + ";отчёт;1152017;2027;" + date(paid.AddDate(0, 0, 1)) + ";")
	check("debt but a recent report", run(paid.AddDate(0, 0, 2)), found{changed: 1})

	var kinds []string
	if err := e.DB.NewRaw("SELECT kind FROM journal WHERE account_id = ? AND kind LIKE 'ip.exclusion%' ORDER BY id", olga.ID).
		Scan(ctx, &kinds); err != nil {
		t.Fatal(err)
	}
	r, c := sharedip.JournalRisk, sharedip.JournalRiskCleared
	if want := []string{r, c, r, c, r, c}; !slices.Equal(kinds, want) {
		t.Errorf("journal %v, want %v", kinds, want)
	}
}

// The job as the portal wires it (Portal.npdArrears: the self-employed
// cabinet's ledger), on real НПД data: the demo ИП Иванов, on НПД,
// 16 months on (his last report then older than 15 months, his ЕНС debt
// 0), is no risk while the portal keeps no НПД data of him, and is
// marked once he is a payer with an unpaid notice past its due date.
func TestExclusionRiskFromNPDLedger(t *testing.T) {
	e := portaltest.StartIP(t)
	ctx := context.Background()
	ivan, err := e.P.Accounts.FindByLogin(ctx, "ivan@example.ru")
	if err != nil {
		t.Fatal(err)
	}
	later := time.Now().AddDate(0, 16, 0)
	e.P.IP.SetClock(func() time.Time { return later })
	marked := func() bool {
		t.Helper()
		if _, err := e.P.IP.ComputeExclusionRisk(ctx); err != nil {
			t.Fatal(err)
		}
		var since *time.Time
		if err := e.DB.NewRaw("SELECT exclusion_risk_since FROM ip_records WHERE account_id = ?", ivan.ID).Scan(ctx, &since); err != nil {
			t.Fatal(err)
		}
		return since != nil
	}
	var payers int
	if err := e.DB.NewRaw("SELECT count(*) FROM npd_payers WHERE account_id = ?", ivan.ID).Scan(ctx, &payers); err != nil || payers != 0 {
		t.Fatalf("the demo seeds НПД data of Иванов (%d, %v): the case without it needs another ИП", payers, err)
	}
	if marked() {
		t.Fatal("marked with no НПД data")
	}
	// A payer since 2024 with October's notice, due on 28 November and
	// unpaid (the rows the НПД cabinet's jobs write).
	if _, err := e.DB.ExecContext(ctx, `INSERT INTO npd_payers (account_id, inn, region, activities, deduction_left, registered_at)
		SELECT id, inn, '77', '{it}', 0, '2024-02-12' FROM accounts WHERE id = ?`, ivan.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.DB.ExecContext(ctx, `INSERT INTO npd_notices (account_id, period_from, period_to, income, deduction_used,
		receipt_count, tax, carried, netted, amount, carry_next, overpaid_next, issued, uin, due_date)
		VALUES (?, '2026-10-01', '2026-10-31', 100000, 0, 1, 4000, 0, 0, 4000, 0, 0, true, '18210000000000000042', '2026-11-28')`, ivan.ID); err != nil {
		t.Fatal(err)
	}
	if !marked() {
		t.Fatal("an НПД payer with an overdue unpaid notice is not marked")
	}
}
