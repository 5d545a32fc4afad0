package npd_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	"kabinet/shared/npd"
)

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
	if _, err := officer.Do("POST", "/office/npd/unidentified/"+id+"/assign", npd.AssignPaymentRequest{UIN: "123"}, nil); err == nil || err.Fields["uin"].Code != shared.CodeNoticeUIN {
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
	// The payer's journal says it, naming the officer.
	var actor string
	if err := e.DB.NewRaw(`SELECT j.actor_id::text FROM journal j JOIN accounts a ON a.id = j.account_id
		WHERE a.inn = '123456789047' AND j.kind = 'npd.payment_assigned'`).Scan(ctx, &actor); err != nil || actor != accountIDOf(t, e, "officer@example.ru") {
		t.Fatalf("the payer's journal: actor %q (%v)", actor, err)
	}
}

// The same statement imported twice at once (a double click, two
// officers): one records the lines, the other finds them duplicates, and
// neither fails. The desk's list of them shows the oldest, with the count
// and the sum of all.
func TestAStatementImportedTwiceAtOnce(t *testing.T) {
	e := portaltest.StartAPI(t, nil)
	officer := taxOfficer(t, e)
	uin := "1820000000000000001" + fmt.Sprint(shared.UINCheckDigit("1820000000000000001"))
	var b strings.Builder
	b.WriteString("Дата;Сумма;УИН;Номер документа\n")
	const lines = npd.UnidentifiedShown + 100
	for i := range lines {
		fmt.Fprintf(&b, "20.10.2026;1 000,00;%s;п/п %d\n", uin, i)
	}
	results := make([]npd.StatementResult, 2)
	errs := make([]*shared.Error, 2)
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() {
			_, errs[i] = officer.Do("POST", "/office/npd/statements", portaltest.Raw{Body: []byte(b.String()), Type: "text/csv"}, &results[i])
		})
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("imports: %+v, %+v", errs[0], errs[1])
	}
	if kept := results[0].Unmatched + results[1].Unmatched; kept != lines || results[0].Duplicates+results[1].Duplicates != lines {
		t.Fatalf("kept %d: %+v / %+v", kept, results[0].Unmatched, results[1].Unmatched)
	}
	// The list shows the oldest; its count and sum are of them all.
	var open npd.UnidentifiedPayments
	officer.MustOK("GET", "/office/npd/unidentified", nil, &open)
	if len(open.Items) != npd.UnidentifiedShown || open.Count != lines || open.Total != shared.Rubles(1_000*lines) {
		t.Fatalf("listed %d, count %d, total %s", len(open.Items), open.Count, open.Total)
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
