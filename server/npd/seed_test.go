package npd_test

import (
	"context"
	"testing"
	"time"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	"kabinet/shared/npd"
)

// The demo data: four months of receipts, the notices the jobs would have
// made, the first paid on time and the next in arrears. Its penalty needs
// key rates the release does not have (they end in February 2026): the
// ledger names the missing day until the rates are imported.
func TestDemoSelfEmployed(t *testing.T) {
	ctx := context.Background()
	e := portaltest.StartAPI(t, nil)
	if _, err := e.P.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	ivan, err := e.P.Accounts.FindByLogin(ctx, "ivan@example.ru")
	if err != nil {
		t.Fatal(err)
	}
	count := func() (issued, paid, penalised, missing int) {
		l, err := e.P.NPD.Ledger(ctx, ivan.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range l.Rows {
			if r.Issued {
				issued++
			}
			if r.Issued && r.Debt == 0 {
				paid++
			}
			if r.Penalty > 0 {
				penalised++
			}
			if r.PenaltyError != nil && r.PenaltyError.Code == shared.CodeKeyRateMissing {
				missing++
			}
		}
		return
	}
	if issued, paid, penalised, missing := count(); issued < 2 || paid != 1 || penalised != 0 || missing < 1 {
		t.Fatalf("demo ledger: %d issued, %d paid, %d with a penalty, %d missing key rates", issued, paid, penalised, missing)
	}
	importRates(t, e, testRates)
	if err := e.P.NPD.AccrueArrears(ctx, time.Now().AddDate(0, 0, -1)); err != nil {
		t.Fatal(err)
	}
	if _, _, penalised, missing := count(); penalised < 1 || missing != 0 {
		t.Fatalf("with the rates imported: %d with a penalty, %d missing", penalised, missing)
	}
	officer := e.Client()
	officer.SignInDemo("tax@example.ru")
	var op npd.OfficePayer
	officer.MustOK("GET", "/office/npd/payers/123456789047", nil, &op)
	if len(op.Receipts) < 10 || len(op.Payments) != 1 {
		t.Fatalf("the tax officer sees %d receipts, %d payments", len(op.Receipts), len(op.Payments))
	}
}
