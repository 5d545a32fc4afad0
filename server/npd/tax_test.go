package npd_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	"kabinet/shared/npd"
	"kabinet/shared/penalty"
)

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

// testRates extends the key rates to the end of 2026 at 16 %: a made-up
// fixture (the real decisions of 2026 are the deployment's to import), so
// that penalties of this year can be computed.
const testRates = "from;rate;to\n2025-12-22;16;2026-12-31\n"

// test2027 is the New Year days off of 2027 as a fixture calendar, so that
// December 2026's due date (28 January 2027) can be set.
const test2027 = "date;kind;source\n2027-01-01;holiday;тест\n2027-01-04;holiday;\n2027-01-05;holiday;\n" +
	"2027-01-06;holiday;\n2027-01-07;holiday;\n2027-01-08;holiday;\n"

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

func TestMonthlyNoticesCarryNettingAndPenalty(t *testing.T) {
	ctx := context.Background()
	e := portaltest.StartAPI(t, nil)
	importRates(t, e, testRates)
	ivan := portaltest.SelfEmployedIvan(t, e, "2026-08-10 12:00")
	svc := e.P.NPD

	// The first period runs from the registration to the end of September.
	r1 := issueAt(t, e, ivan, "2026-09-05 10:00", receipt(shared.Rubles(200_000), npd.BuyerPerson, "", ""))
	if n, err := svc.IssueNotices(ctx, msk("2026-09-12 00:00")); err != nil || n != 0 {
		t.Fatalf("September 12th: %d notices, %v; the first period has not ended", n, err)
	}
	// The job run twice at the same moment (two servers) makes one notice.
	var wg sync.WaitGroup
	made := make([]int, 4)
	for i := range made {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := svc.IssueNotices(ctx, msk("2026-10-12 00:00"))
			if err != nil {
				t.Error(err)
			}
			made[i] = n
		}()
	}
	wg.Wait()
	var count int
	if err := e.DB.NewRaw("SELECT count(*) FROM npd_notices").Scan(ctx, &count); err != nil || count != 1 || made[0]+made[1]+made[2]+made[3] != 1 {
		t.Fatalf("notices %d (%v), made %v", count, err, made)
	}
	sep := ledgerRow(t, ivan, "2026-08-10")
	if !sep.Issued || sep.Amount != shared.Rubles(6_000) || sep.Income != shared.Rubles(200_000) || sep.DeductionUsed != shared.Rubles(2_000) ||
		sep.Due != "2026-10-28" || sep.Receipts != 1 || shared.ValidateUIN(sep.UIN) != nil || len(sep.UIN) != 20 {
		t.Fatalf("first notice %+v", sep)
	}
	if inbox := inboxOf(t, ivan); len(inbox.Items) == 0 || inbox.Items[0].Message != "msg.npd.notice" {
		t.Fatalf("inbox %+v", inbox)
	}
	if m := e.MessagesTo("ivan@example.ru"); len(m) == 0 || !strings.Contains(m[0].Subject, "6\u00a0000,00") || !strings.Contains(m[0].Body, "/npd/tax") {
		t.Fatalf("e-mail of the notice (newest first): %+v", m)
	}

	// October: 30 ₽ of tax is under 100 ₽ and moves into November.
	issueAt(t, e, ivan, "2026-10-03 10:00", receipt(shared.Rubles(1_000), npd.BuyerPerson, "", ""))
	if _, err := svc.IssueNotices(ctx, msk("2026-11-12 00:00")); err != nil {
		t.Fatal(err)
	}
	oct := ledgerRow(t, ivan, "2026-10-01")
	if oct.Issued || oct.Amount != 0 || oct.Tax != shared.Rubles(30) || oct.CarryNext != shared.Rubles(30) || oct.UIN != "" {
		t.Fatalf("October %+v", oct)
	}

	// The September receipt is refunded after its notice: 6 000 ₽ paid
	// on it becomes an overpayment, set off in the next notice.
	ivan.MustOK("POST", "/npd/receipts/"+r1.ID+"/annul", npd.AnnulRequest{Reason: npd.AnnulRefund}, nil)
	issueAt(t, e, ivan, "2026-11-05 10:00", receipt(shared.Rubles(100_000), npd.BuyerBusiness, "7707083893", "ПАО Сбербанк"))
	if _, err := svc.IssueNotices(ctx, msk("2026-12-12 00:00")); err != nil {
		t.Fatal(err)
	}
	nov := ledgerRow(t, ivan, "2026-11-01")
	if nov.Tax != shared.Rubles(4_000) || nov.Carried != shared.Rubles(30) || nov.Netted != shared.Rubles(4_030) || nov.Amount != 0 ||
		nov.Issued || nov.Overpayment != shared.Rubles(6_000-4_030) {
		t.Fatalf("November %+v", nov)
	}

	// The September notice is paid late and in part: 4 000 ₽ on 2 November.
	officer := taxOfficer(t, e)
	unknownUIN := "1820000000000000001" + fmt.Sprint(shared.UINCheckDigit("1820000000000000001"))
	statement := "Дата;Сумма;УИН;Номер документа\n" +
		"02.11.2026;4 000,00;" + sep.UIN + ";п/п 101\n" +
		"02.11.2026;100,00;" + unknownUIN + ";п/п 102\n" +
		"03.11.2026;abc;" + sep.UIN + ";п/п 103\n" +
		"03.11.2026;10,00;" + sep.UIN + ";п/п 101\n"
	var dry npd.StatementResult
	if _, err := officer.Do("POST", "/office/npd/statements?dry=1", portaltest.Raw{Body: []byte(statement), Type: "text/csv"}, &dry); err != nil {
		t.Fatal(err)
	}
	want := []string{npd.LineMatched, npd.LineUnmatched, npd.LineInvalid, npd.LineDuplicate}
	if !dry.DryRun || len(dry.Lines) != 4 || dry.Matched != 1 || dry.Total != shared.Rubles(4_000) || dry.Lines[2].Field != "amount" {
		t.Fatalf("dry run %+v", dry)
	}
	for i, l := range dry.Lines {
		if l.Status != want[i] || l.Line != i+2 {
			t.Errorf("line %d: %+v, want %s", i+2, l, want[i])
		}
	}
	if r := ledgerRow(t, ivan, "2026-08-10"); r.Paid != 0 {
		t.Fatalf("a dry run paid %+v", r)
	}
	for range 2 { // imported twice: the payment counts once
		officer.MustOK("POST", "/office/npd/statements", portaltest.Raw{Body: []byte(statement), Type: "text/csv"}, nil)
	}
	// The import counted the days up to yesterday; the nightly job run
	// again (twice) changes nothing.
	y, m, d := time.Now().In(shared.Moscow).AddDate(0, 0, -1).Date()
	yesterday := time.Date(y, m, d, 0, 0, 0, 0, shared.Moscow)
	for range 2 {
		if err := svc.AccrueArrears(ctx, yesterday); err != nil {
			t.Fatal(err)
		}
	}
	sep = ledgerRow(t, ivan, "2026-08-10")
	// 6 000 ₽ in arrears 29 October – 2 November (the day of payment
	// included), then 2 000 ₽ to yesterday.
	rates, err := e.P.RefData.KeyRates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p1, err1 := rates.Compute(shared.Rubles(6_000), penalty.Person, msk("2026-10-29 00:00"), msk("2026-11-02 00:00"))
	p2, err2 := rates.Compute(shared.Rubles(2_000), penalty.Person, msk("2026-11-03 00:00"), yesterday)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	wantPenalty := p1.Total + p2.Total
	if sep.Paid != shared.Rubles(4_000) || sep.Penalty != wantPenalty || wantPenalty == 0 || !sep.Overdue ||
		sep.Debt != shared.Rubles(2_000)+wantPenalty {
		t.Fatalf("after the payment: %+v, want penalty %s", sep, wantPenalty)
	}
	var ex npd.PenaltyExplained
	ivan.MustOK("GET", "/npd/notices/"+sep.NoticeID+"/penalty", nil, &ex)
	if ex.Total != wantPenalty || len(ex.Lines) < 2 || ex.Lines[0].From != "2026-10-29" || ex.Lines[0].Arrears != shared.Rubles(6_000) {
		t.Fatalf("explanation %+v", ex)
	}
	var pays npd.Payments
	ivan.MustOK("GET", "/npd/payments", nil, &pays)
	if len(pays.Items) != 1 || pays.Items[0].Amount != shared.Rubles(4_000) || pays.Items[0].PaidOn != "2026-11-02" {
		t.Fatalf("payments %+v", pays)
	}

	// Nobody else reaches Ivan's notice, and Ivan is no tax officer.
	anna := e.Client()
	anna.MustOK("POST", "/login", shared.LoginRequest{Login: "anna@example.ru", Password: "Kabinet-Demo-2026"}, nil)
	if _, err := anna.Do("GET", "/npd/notices/"+sep.NoticeID+"/penalty", nil, nil); err == nil {
		t.Fatal("another person read the penalty")
	}
	if _, err := ivan.Do("POST", "/office/npd/statements", portaltest.Raw{Body: []byte(statement), Type: "text/csv"}, nil); err == nil || err.Code != shared.CodeForbidden {
		t.Fatalf("a payer imported a statement: %+v", err)
	}
	if _, err := ivan.Do("GET", "/office/npd/payers/123456789047", nil, nil); err == nil || err.Code != shared.CodeForbidden {
		t.Fatalf("a payer used the office: %+v", err)
	}
	var op npd.OfficePayer
	officer.MustOK("GET", "/office/npd/payers/123456789047", nil, &op)
	if op.Name != "Иванов Иван Иванович" || len(op.Receipts) != 3 || len(op.Payments) != 1 || len(op.Ledger) < 3 {
		t.Fatalf("office view %+v", op)
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

func TestLimitWarningsAndSwitchingACategoryOff(t *testing.T) {
	e := portaltest.StartAPI(t, nil)
	ivan := portaltest.SelfEmployedIvan(t, e, "2026-08-10 12:00")
	ivan.MustOK("PUT", "/notifications/prefs/"+shared.NotifyNPDPayment, shared.NotifyPrefRequest{On: false}, nil)
	var prefs shared.NotifyPrefs
	ivan.MustOK("GET", "/notifications/prefs", nil, &prefs)
	if fmt.Sprint(prefs.Off) != "["+shared.NotifyNPDPayment+"]" {
		t.Fatalf("prefs %+v", prefs)
	}
	if _, err := ivan.Do("PUT", "/notifications/prefs/nonsense", shared.NotifyPrefRequest{}, nil); err == nil || err.Code != shared.CodeNotFound {
		t.Fatalf("unknown category: %+v", err)
	}
	// 1 900 000 ₽ is 79 %: no warning; 20 000 ₽ more crosses 80 %;
	// 300 000 ₽ more crosses 90 % (one warning, not two).
	ivan.MustOK("POST", "/npd/receipts", receipt(shared.Rubles(1_900_000), npd.BuyerPerson, "", ""), nil)
	if in := inboxOf(t, ivan); len(in.Items) != 0 {
		t.Fatalf("a warning under 80 %%: %+v", in)
	}
	ivan.MustOK("POST", "/npd/receipts", receipt(shared.Rubles(20_000), npd.BuyerPerson, "", ""), nil)
	ivan.MustOK("POST", "/npd/receipts", receipt(shared.Rubles(300_000), npd.BuyerPerson, "", ""), nil)
	in := inboxOf(t, ivan)
	if len(in.Items) != 2 || in.Items[0].Message != "msg.npd.limit90" || in.Items[1].Message != "msg.npd.limit80" || in.Unread != 2 {
		t.Fatalf("warnings %+v", in)
	}
	var sum npd.Summary
	ivan.MustOK("GET", "/npd/summary", nil, &sum)
	if sum.LimitLevel != 90 || sum.Year != shared.Rubles(2_220_000) || sum.Today != sum.Year {
		t.Fatalf("summary %+v", sum)
	}
	ivan.MustOK("POST", "/notifications/read", shared.ReadRequest{}, nil)
	if in := inboxOf(t, ivan); in.Unread != 0 {
		t.Fatalf("after reading: %+v", in)
	}
	// The limit warning is off now: the 100 % one is recorded, not shown,
	// not sent.
	ivan.MustOK("PUT", "/notifications/prefs/"+shared.NotifyNPDLimit, shared.NotifyPrefRequest{On: false}, nil)
	before := len(e.MessagesTo("ivan@example.ru"))
	ivan.MustOK("POST", "/npd/receipts", receipt(shared.Rubles(180_000), npd.BuyerPerson, "", ""), nil)
	if in := inboxOf(t, ivan); len(in.Items) != 2 || len(e.MessagesTo("ivan@example.ru")) != before {
		t.Fatalf("a muted category was shown or sent: %+v", in)
	}
}

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

// Paid beyond a notice is an overpayment set off in the next notice, once;
// more paid later is set off in the notice after that.
func TestPaymentBeyondTheNoticeIsSetOffNext(t *testing.T) {
	ctx := context.Background()
	e := portaltest.StartAPI(t, nil)
	ivan := portaltest.SelfEmployedIvan(t, e, "2026-08-10 12:00")
	svc := e.P.NPD
	officer := taxOfficer(t, e)
	pay := func(day, amount, uin, ref string) {
		t.Helper()
		var res npd.StatementResult
		officer.MustOK("POST", "/office/npd/statements", portaltest.Raw{Body: []byte("Дата;Сумма;УИН;Номер документа\n" +
			day + ";" + amount + ";" + uin + ";" + ref + "\n"), Type: "text/csv"}, &res)
		if res.Matched != 1 {
			t.Fatalf("payment %s not matched: %+v", ref, res)
		}
	}

	issueAt(t, e, ivan, "2026-09-05 10:00", receipt(shared.Rubles(200_000), npd.BuyerPerson, "", ""))
	if _, err := svc.IssueNotices(ctx, msk("2026-10-12 00:00")); err != nil {
		t.Fatal(err)
	}
	sep := ledgerRow(t, ivan, "2026-08-10")
	pay("20.10.2026", "7 000,00", sep.UIN, "п/п 1") // 1 000 ₽ more than billed, before the due date
	if sep = ledgerRow(t, ivan, "2026-08-10"); sep.Debt != 0 || sep.Overpayment != shared.Rubles(1_000) || sep.Penalty != 0 {
		t.Fatalf("September after paying 7 000 ₽: %+v", sep)
	}

	// October's 3 000 ₽ (4 % less the 1 % deduction) less the 1 000 ₽.
	issueAt(t, e, ivan, "2026-10-03 10:00", receipt(shared.Rubles(100_000), npd.BuyerPerson, "", ""))
	for range 2 { // the job run twice sets it off once
		if _, err := svc.IssueNotices(ctx, msk("2026-11-12 00:00")); err != nil {
			t.Fatal(err)
		}
	}
	oct := ledgerRow(t, ivan, "2026-10-01")
	if oct.Tax != shared.Rubles(3_000) || oct.Netted != shared.Rubles(1_000) || oct.Amount != shared.Rubles(2_000) || !oct.Issued {
		t.Fatalf("October %+v", oct)
	}
	if sep = ledgerRow(t, ivan, "2026-08-10"); sep.Overpayment != 0 {
		t.Fatalf("September's overpayment was set off but still shows: %+v", sep)
	}

	// 500 ₽ more on the September notice: November's 30 ₽ takes 30 ₽ of it
	// and 470 ₽ waits for December.
	pay("15.11.2026", "500,00", sep.UIN, "п/п 2")
	issueAt(t, e, ivan, "2026-11-05 10:00", receipt(shared.Rubles(1_000), npd.BuyerPerson, "", ""))
	if _, err := svc.IssueNotices(ctx, msk("2026-12-12 00:00")); err != nil {
		t.Fatal(err)
	}
	nov := ledgerRow(t, ivan, "2026-11-01")
	if nov.Tax != shared.Rubles(30) || nov.Netted != shared.Rubles(30) || nov.Issued || nov.Overpayment != shared.Rubles(470) {
		t.Fatalf("November %+v", nov)
	}
	var netted int64
	if err := e.DB.NewRaw("SELECT sum(excess_netted) FROM npd_notices").Scan(ctx, &netted); err != nil || netted != int64(shared.Rubles(1_500)) {
		t.Fatalf("set off %d (%v), want 1 500 ₽", netted, err)
	}
}

// A statement line with a УИН of no notice is kept as an unidentified
// payment; the officer assigns it to the notice it was meant for, once.
func TestUnidentifiedPaymentAssigned(t *testing.T) {
	ctx := context.Background()
	e := portaltest.StartAPI(t, nil)
	ivan := portaltest.SelfEmployedIvan(t, e, "2026-08-10 12:00")
	officer := taxOfficer(t, e)
	issueAt(t, e, ivan, "2026-09-05 10:00", receipt(shared.Rubles(200_000), npd.BuyerPerson, "", ""))
	if _, err := e.P.NPD.IssueNotices(ctx, msk("2026-10-12 00:00")); err != nil {
		t.Fatal(err)
	}
	sep := ledgerRow(t, ivan, "2026-08-10")
	typo := "1820000000000000001" + fmt.Sprint(shared.UINCheckDigit("1820000000000000001"))
	statement := "Дата;Сумма;УИН;Номер документа\n20.10.2026;6 000,00;" + typo + ";п/п 7\n"
	var dry npd.StatementResult
	officer.MustOK("POST", "/office/npd/statements?dry=1", portaltest.Raw{Body: []byte(statement), Type: "text/csv"}, &dry)
	var open npd.UnidentifiedPayments
	officer.MustOK("GET", "/office/npd/unidentified", nil, &open)
	if dry.Unmatched != 1 || len(open.Items) != 0 {
		t.Fatalf("a dry run kept %+v (%+v)", open, dry)
	}
	var res npd.StatementResult
	for range 2 { // the second import finds it kept already
		officer.MustOK("POST", "/office/npd/statements", portaltest.Raw{Body: []byte(statement), Type: "text/csv"}, &res)
	}
	officer.MustOK("GET", "/office/npd/unidentified", nil, &open)
	if res.Duplicates != 1 || len(open.Items) != 1 || open.Total != shared.Rubles(6_000) || open.Items[0].UIN != typo || open.Items[0].PaidOn != "2026-10-20" {
		t.Fatalf("kept %+v after %+v", open, res)
	}
	id := open.Items[0].ID
	if _, err := ivan.Do("GET", "/office/npd/unidentified", nil, nil); err == nil || err.Code != shared.CodeForbidden {
		t.Fatalf("a payer listed them: %+v", err)
	}
	if _, err := officer.Do("POST", "/office/npd/unidentified/"+id+"/assign", npd.AssignPaymentRequest{UIN: typo}, nil); err == nil || err.Fields["uin"].Code != shared.CodeNotFound {
		t.Fatalf("a УИН of no notice: %+v", err)
	}
	if _, err := officer.Do("POST", "/office/npd/unidentified/"+id+"/assign", npd.AssignPaymentRequest{UIN: "123"}, nil); err == nil || err.Fields["uin"].Code != shared.CodeUINFormat {
		t.Fatalf("a malformed УИН: %+v", err)
	}
	var got npd.AssignedPayment
	officer.MustOK("POST", "/office/npd/unidentified/"+id+"/assign", npd.AssignPaymentRequest{UIN: sep.UIN}, &got)
	if got.Payer != "123456789047" || got.Name != "Иванов Иван Иванович" {
		t.Fatalf("assigned to %+v", got)
	}
	if _, err := officer.Do("POST", "/office/npd/unidentified/"+id+"/assign", npd.AssignPaymentRequest{UIN: sep.UIN}, nil); err == nil || err.Code != shared.CodeConflict {
		t.Fatalf("assigned twice: %+v", err)
	}
	if sep = ledgerRow(t, ivan, "2026-08-10"); sep.Paid != shared.Rubles(6_000) || sep.Debt != 0 || sep.Penalty != 0 {
		t.Fatalf("the notice after the assignment: %+v", sep)
	}
	officer.MustOK("GET", "/office/npd/unidentified", nil, &open)
	if len(open.Items) != 0 {
		t.Fatalf("still open: %+v", open)
	}
	if in := inboxOf(t, ivan); in.Items[0].Message != "msg.npd.payment" {
		t.Fatalf("the payer was not told: %+v", in.Items[0])
	}
}

// The reminders of a due date are jobs at 10:00 three days and one day
// before it; each tells the payer (inbox and e-mail) only while the notice
// is unpaid.
func TestDueDateReminders(t *testing.T) {
	ctx := context.Background()
	e := portaltest.StartAPI(t, nil)
	ivan := portaltest.SelfEmployedIvan(t, e, "2026-08-10 12:00")
	var clock atomic.Pointer[time.Time]
	setClock := func(s string) { at := msk(s); clock.Store(&at) }
	setClock("2026-12-12 00:00")
	e.P.NPD.SetClock(func() time.Time { return *clock.Load() })

	issueAt(t, e, ivan, "2026-11-05 10:00", receipt(shared.Rubles(100_000), npd.BuyerPerson, "", ""))
	if _, err := e.P.NPD.IssueNotices(ctx, msk("2026-12-12 00:00")); err != nil {
		t.Fatal(err)
	}
	nov := ledgerRow(t, ivan, "2026-11-01")
	if nov.Due != "2026-12-28" || nov.Amount != shared.Rubles(3_000) {
		t.Fatalf("November %+v", nov)
	}
	var at []time.Time
	if err := e.DB.NewRaw("SELECT run_at FROM jobs WHERE kind = 'npd.remind' ORDER BY run_at").Scan(ctx, &at); err != nil {
		t.Fatal(err)
	}
	if len(at) != 2 || !at[0].Equal(msk("2026-12-25 10:00")) || !at[1].Equal(msk("2026-12-27 10:00")) {
		t.Fatalf("reminders at %v", at)
	}
	// The day comes (the job is made due now; the clock says 25 December).
	runReminder := func(days int) {
		t.Helper()
		if _, err := e.DB.ExecContext(ctx, "UPDATE jobs SET run_at = now() WHERE kind = 'npd.remind' AND payload->>'days' = ?", fmt.Sprint(days)); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			var done bool
			if err := e.DB.NewRaw("SELECT done_at IS NOT NULL FROM jobs WHERE kind = 'npd.remind' AND payload->>'days' = ?", fmt.Sprint(days)).
				Scan(ctx, &done); err != nil {
				t.Fatal(err)
			}
			if done {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("the %d-day reminder did not run", days)
			}
		}
	}
	setClock("2026-12-25 10:00")
	runReminder(3)
	if in := inboxOf(t, ivan); len(in.Items) == 0 || in.Items[0].Message != "msg.npd.due3" {
		t.Fatalf("after the 3-day reminder: %+v", in.Items)
	}
	if m := e.MessagesTo("ivan@example.ru"); len(m) == 0 || !strings.Contains(m[0].Subject, "3 дня") || !strings.Contains(m[0].Body, "3\u00a0000,00") {
		t.Fatalf("the 3-day reminder's e-mail (newest first): %+v", m[:min(len(m), 1)])
	}
	// Paid on the 25th: the reminder of the 27th says nothing.
	officer := taxOfficer(t, e)
	officer.MustOK("POST", "/office/npd/statements", portaltest.Raw{Body: []byte("Дата;Сумма;УИН;Номер документа\n02.12.2026;3 000,00;" +
		nov.UIN + ";п/п 9\n"), Type: "text/csv"}, nil)
	before := len(inboxOf(t, ivan).Items)
	setClock("2026-12-27 10:00")
	runReminder(1)
	if in := inboxOf(t, ivan); len(in.Items) != before {
		t.Fatalf("a paid notice was reminded of: %+v", in.Items[0])
	}
}

// Tax under 100 ₽ is carried from month to month, but not past the period
// that includes 1 December: December's notice bills it, however small.
func TestNPDDecemberBillsSmallCarriedTax(t *testing.T) {
	ctx := context.Background()
	e := portaltest.StartAPI(t, nil)
	ivan := portaltest.SelfEmployedIvan(t, e, "2026-08-10 12:00")
	svc := e.P.NPD
	for _, step := range []struct{ settled, tick string }{
		{"2026-09-05 10:00", "2026-10-12 00:00"}, // 30 ₽
		{"2026-10-05 10:00", "2026-11-12 00:00"}, // 15 ₽: 45 ₽ carried
		{"", "2026-12-12 00:00"},                 // nothing in November: 45 ₽ still carried
	} {
		if step.settled != "" {
			amount := shared.Rubles(1_000)
			if step.settled >= "2026-10" {
				amount = shared.Rubles(500)
			}
			issueAt(t, e, ivan, step.settled, receipt(amount, npd.BuyerPerson, "", ""))
		}
		if _, err := svc.IssueNotices(ctx, msk(step.tick)); err != nil {
			t.Fatal(err)
		}
	}
	if nov := ledgerRow(t, ivan, "2026-11-01"); nov.Issued || nov.CarryNext != shared.Rubles(45) {
		t.Fatalf("November %+v", nov)
	}
	issueAt(t, e, ivan, "2026-12-05 10:00", receipt(shared.Rubles(200), npd.BuyerPerson, "", "")) // 6 ₽
	// The notice is due on 28 January 2027: without 2027's calendar no
	// notice is made, and the error names the year.
	_, err := svc.IssueNotices(ctx, msk("2027-01-12 00:00"))
	if code := shared.ErrorCode(err); code != shared.CodeCalendarMissing || !strings.Contains(err.Error(), "2027") {
		t.Fatalf("without 2027's calendar: %v", err)
	}
	importCalendar(t, e, test2027)
	if _, err := svc.IssueNotices(ctx, msk("2027-01-12 00:00")); err != nil {
		t.Fatal(err)
	}
	var l npd.Ledger
	ivan.MustOK("GET", "/npd/ledger", nil, &l)
	var dec npd.LedgerRow // the notice's row, not the running period's (the clock is in December)
	for _, r := range l.Rows {
		if r.PeriodFrom == "2026-12-01" && r.NoticeID != "" {
			dec = r
		}
	}
	if !dec.Issued || dec.Amount != shared.Rubles(51) || dec.Carried != shared.Rubles(45) || dec.CarryNext != 0 ||
		dec.Due != "2027-01-28" || len(dec.UIN) != 20 {
		t.Fatalf("December must bill the 51 ₽ carried and its own: %+v", dec)
	}
	if in := inboxOf(t, ivan); len(in.Items) == 0 || in.Items[0].Message != "msg.npd.notice" {
		t.Fatalf("the December notice is not in the inbox: %+v", in)
	}
}

// A day of arrears past the key-rate data is an error that names the day,
// from the job, the API and the ledger, never a penalty at 0 % or at the
// last rate; once the rates are imported the penalty is computed.
func TestNPDPenaltyPastTheKeyRateData(t *testing.T) {
	ctx := context.Background()
	e := portaltest.StartAPI(t, nil)
	ivan := portaltest.SelfEmployedIvan(t, e, "2026-08-10 12:00")
	svc := e.P.NPD
	issueAt(t, e, ivan, "2026-09-05 10:00", receipt(shared.Rubles(200_000), npd.BuyerPerson, "", ""))
	if _, err := svc.IssueNotices(ctx, msk("2026-10-12 00:00")); err != nil {
		t.Fatal(err)
	}
	err := svc.AccrueArrears(ctx, msk("2026-11-05 00:00"))
	if shared.ErrorCode(err) != shared.CodeKeyRateMissing || !strings.Contains(err.Error(), "29.10.2026") {
		t.Fatalf("the nightly job past the data: %v", err)
	}
	sep := ledgerRow(t, ivan, "2026-08-10")
	if sep.Penalty != 0 || sep.PenaltyError == nil || sep.PenaltyError.Code != shared.CodeKeyRateMissing {
		t.Fatalf("the ledger must say the key rates are missing: %+v", sep)
	}
	status, apiErr := ivan.Do("GET", "/npd/notices/"+sep.NoticeID+"/penalty", nil, nil)
	if status != http.StatusServiceUnavailable || apiErr == nil || apiErr.Code != shared.CodeKeyRateMissing ||
		!strings.Contains(apiErr.Message, "Нет ключевой ставки Банка России на 29.10.2026") ||
		!strings.Contains(apiErr.Message, "kabinet rates import") || len(apiErr.Args) != 1 {
		t.Fatalf("the explanation past the data: %d %+v", status, apiErr)
	}

	importRates(t, e, testRates)
	if err := svc.AccrueArrears(ctx, msk("2026-11-05 00:00")); err != nil {
		t.Fatal(err)
	}
	// 6 000 ₽ × 8 days × 16 % / 300 = 25,60 ₽.
	if sep = ledgerRow(t, ivan, "2026-08-10"); sep.Penalty != 2_560 || sep.PenaltyError != nil {
		t.Fatalf("with the rates imported: %+v", sep)
	}
}
