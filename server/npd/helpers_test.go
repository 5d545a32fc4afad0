package npd_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"kabinet/server/dbtest"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	"kabinet/shared/npd"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// testRates extends the key rates to the end of 2026 at 16 %: a made-up
// fixture (the real decisions of 2026 are the deployment's to import), so
// that penalties of this year can be computed.
const testRates = "from;rate;to\n2025-12-22;16;2026-12-31\n"

// test2027 is the New Year days off of 2027 as a fixture calendar, so that
// December 2026's due date (28 January 2027) can be set.
const test2027 = "date;kind;source\n2027-01-01;holiday;тест\n2027-01-04;holiday;\n2027-01-05;holiday;\n" +
	"2027-01-06;holiday;\n2027-01-07;holiday;\n2027-01-08;holiday;\n"

// msk is "2006-01-02 15:04" in Moscow time.
func msk(s string) time.Time { return portaltest.Moscow(s) }

// issueAt makes a receipt now and moves its settlement to at (as if it
// had been issued then).
func issueAt(t *testing.T, e *portaltest.Env, c *portaltest.Client, at string, req npd.ReceiptRequest) npd.Receipt {
	t.Helper()
	var r npd.Receipt
	c.MustOK("POST", "/npd/receipts", req, &r)
	if _, err := e.DB.ExecContext(context.Background(), "UPDATE npd_receipts SET settled_at = ? WHERE id = ?", msk(at), r.ID); err != nil {
		t.Fatal(err)
	}
	return r
}

func ledgerRow(t *testing.T, c *portaltest.Client, from string) npd.LedgerRow {
	t.Helper()
	var l npd.Ledger
	c.MustOK("GET", "/npd/ledger", nil, &l)
	for _, r := range l.Rows {
		if r.PeriodFrom == from {
			return r
		}
	}
	t.Fatalf("no ledger row from %s in %+v", from, l.Rows)
	return npd.LedgerRow{}
}

func importRates(t *testing.T, e *portaltest.Env, csv string) {
	t.Helper()
	if _, bad, err := e.P.RefData.ImportRates(context.Background(), strings.NewReader(csv)); err != nil {
		t.Fatalf("rates: %v %v", bad, err)
	}
}

func importCalendar(t *testing.T, e *portaltest.Env, csv string) {
	t.Helper()
	if _, bad, err := e.P.RefData.ImportCalendar(context.Background(), strings.NewReader(csv)); err != nil {
		t.Fatalf("calendar: %v %v", bad, err)
	}
}

func inboxOf(t *testing.T, c *portaltest.Client) shared.Inbox {
	t.Helper()
	var in shared.Inbox
	c.MustOK("GET", "/notifications", nil, &in)
	return in
}

// taxOfficer is a staff member with the tax officer's role.
func taxOfficer(t *testing.T, e *portaltest.Env) *portaltest.Client {
	t.Helper()
	c := e.Client()
	req := e.Person(c, "+79005550101", "officer@example.ru")
	if _, err := e.DB.ExecContext(context.Background(), `INSERT INTO staff_roles (account_id, role)
		SELECT id, ? FROM accounts WHERE email = ?`, shared.RoleTaxOfficer, req.Email); err != nil {
		t.Fatal(err)
	}
	c.MustOK("POST", "/login", shared.LoginRequest{Login: req.Email, Password: req.Password}, nil)
	c.AddApp() // the back office needs a second factor
	return c
}

func receipt(amount shared.Kopecks, buyer, inn, name string) npd.ReceiptRequest {
	return npd.ReceiptRequest{Items: []npd.ReceiptItem{{Name: "Консультация", Quantity: 1, Amount: amount}},
		BuyerType: buyer, BuyerINN: inn, BuyerName: name, Payment: npd.PaymentAccount}
}

// accountIDOf is the id of the account with the e-mail.
func accountIDOf(t *testing.T, e *portaltest.Env, email string) string {
	t.Helper()
	var id string
	if err := e.DB.NewRaw("SELECT id::text FROM accounts WHERE email = ?", email).Scan(context.Background(), &id); err != nil {
		t.Fatal(err)
	}
	return id
}
