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
