package ip_test

import (
	"context"
	"testing"
	"time"

	"kabinet/server/ip"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// The daily job marks an ИП at risk of exclusion when the portal has
// seen no activity of it for 15 months (no entry in the record, no
// filing) and it owes tax, journals the mark, shows it on the record,
// and clears it when the debt is gone; activity within the period, or
// no tax data at all, is no risk.
func TestExclusionRiskJob(t *testing.T) {
	e := portaltest.StartIP(t)
	olga := e.ConfirmedPerson(1)
	f := submitted(t, e, olga)
	e.Staff(2, shared.RoleRegistryOfficer).MustOK("POST", "/office/ip/filings/"+f.ID+"/register", nil, nil)

	// The arrears as the self-employed cabinet would report them.
	debt := map[string]shared.Kopecks{olga.ID: 150000}
	e.P.IP.Arrears = ip.ArrearsFunc(func(_ context.Context, id string) (shared.Kopecks, bool, error) {
		d, ok := debt[id]
		return d, ok, nil
	})
	start := time.Now()
	risk := func(months int) (int, string) {
		t.Helper()
		at := start.AddDate(0, months, 1)
		e.P.IP.SetClock(func() time.Time { return at })
		n, err := e.P.IP.ComputeExclusionRisk(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var home sharedip.Home
		olga.MustOK("GET", "/ip", nil, &home)
		return n, home.Record.RiskSince
	}
	if n, since := risk(14); n != 0 || since != "" {
		t.Fatalf("active 14 months ago: %d changed, at risk since %q", n, since)
	}
	n, since := risk(15)
	if want := start.AddDate(0, 15, 1).In(shared.Moscow).Format(time.DateOnly); n != 1 || since != want {
		t.Fatalf("15 months on with a debt: %d changed, since %q, want %s", n, since, want)
	}
	if n, again := risk(16); n != 0 || again != since {
		t.Errorf("a month later: %d changed, since %q", n, again)
	}
	debt[olga.ID] = 0
	if n, since := risk(16); n != 1 || since != "" {
		t.Errorf("the debt paid: %d changed, since %q", n, since)
	}
	delete(debt, olga.ID) // no tax data of her at all
	if n, since := risk(17); n != 0 || since != "" {
		t.Errorf("nothing known: %d changed, since %q", n, since)
	}
	var kinds []string
	if err := e.DB.NewRaw("SELECT kind FROM journal WHERE account_id = ? AND kind LIKE 'ip.exclusion%' ORDER BY id", olga.ID).
		Scan(context.Background(), &kinds); err != nil {
		t.Fatal(err)
	}
	if len(kinds) != 2 || kinds[0] != sharedip.JournalRisk || kinds[1] != sharedip.JournalRiskCleared {
		t.Errorf("journal %v", kinds)
	}
}

// The job as the portal wires it (Portal.npdArrears: the self-employed
// cabinet's ledger), on real НПД data: the demo ИП Иванов, on НПД,
// silent for 16 months, is no risk while the portal keeps no НПД data of
// him, and is marked once he is a payer with an unpaid notice past its
// due date.
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
