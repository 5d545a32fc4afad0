package npd_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	"kabinet/shared/npd"
	"kabinet/shared/penalty"
)

func TestMonthlyNoticesCarryNettingAndPenalty(t *testing.T) {
	e := portaltest.StartAPI(t, nil)
	importRates(t, e, testRates)
	ivan := portaltest.SelfEmployedIvan(t, e, "2026-08-10 12:00")

	// The first period runs from the registration to the end of September.
	r1 := issueAt(t, e, ivan, "2026-09-05 10:00", receipt(shared.Rubles(200_000), npd.BuyerPerson, "", ""))
	sep := firstNoticeOnce(t, e, ivan)
	carriedAndSetOff(t, e, ivan, r1)
	// The September notice is paid late and in part: 4 000 ₽ on 2 November.
	officer := taxOfficer(t, e)
	statement := paidLateInPart(t, e, ivan, officer, sep)
	onlyIvanAndTheOffice(t, e, ivan, officer, sep, statement)
}

// firstNoticeOnce: the first period's notice, made once by the job run
// at the same moment on two servers, told to Ivan; its ledger row.
func firstNoticeOnce(t *testing.T, e *portaltest.Env, ivan *portaltest.Client) npd.LedgerRow {
	t.Helper()
	ctx, svc := context.Background(), e.P.NPD
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
	return sep
}

// carriedAndSetOff: a small tax moves into the next period, and the tax
// of a receipt refunded after its notice is set off in the next notice.
func carriedAndSetOff(t *testing.T, e *portaltest.Env, ivan *portaltest.Client, r1 npd.Receipt) {
	t.Helper()
	ctx, svc := context.Background(), e.P.NPD
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
}

// paidLateInPart: the officer's statement (dry run, then imported twice)
// pays the September notice late and in part; its arrears, penalty and
// payments. It returns the statement.
func paidLateInPart(t *testing.T, e *portaltest.Env, ivan, officer *portaltest.Client, sep npd.LedgerRow) string {
	t.Helper()
	ctx, svc := context.Background(), e.P.NPD
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
	return statement
}

// onlyIvanAndTheOffice: nobody else reaches Ivan's notice, and Ivan is no
// tax officer; the officer sees his payer's file.
func onlyIvanAndTheOffice(t *testing.T, e *portaltest.Env, ivan, officer *portaltest.Client, sep npd.LedgerRow, statement string) {
	t.Helper()
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
