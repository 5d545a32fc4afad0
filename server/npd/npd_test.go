package npd_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/descope/virtualwebauthn"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	"kabinet/shared/npd"
)

func TestSelfEmployedRegistrationAndReceipts(t *testing.T) {
	e := portaltest.StartAPI(t, nil)
	e.SeedDemo()
	ivan := e.Client()
	ivan.MustOK("POST", "/login", shared.LoginRequest{Login: "ivan@example.ru", Password: "Kabinet-Demo-2026"}, nil)
	anna := e.Client()
	anna.MustOK("POST", "/login", shared.LoginRequest{Login: "anna@example.ru", Password: "Kabinet-Demo-2026"}, nil)
	registeredWithAFactor(t, e, ivan, anna)
	r2 := receiptsIssuedAndRefused(t, ivan)
	checkedAndAnnulled(t, e, ivan, anna, r2)
	deregisteredAndBack(t, ivan)
}

// registeredWithAFactor: the cabinet needs a second factor and a
// confirmed account; Ivan (confirmed) registers with a passkey, once.
func registeredWithAFactor(t *testing.T, e *portaltest.Env, ivan, anna *portaltest.Client) {
	t.Helper()
	// A confirmed account reaches the cabinet only with a second factor.
	if _, err := ivan.Do("GET", "/npd", nil, nil); err == nil || err.Code != npd.CodeFactorRequired {
		t.Fatalf("no second factor: %+v", err)
	}
	portaltest.AddPasskey(t, ivan, portaltest.NewDevice(t, e, virtualwebauthn.AuthenticatorOptions{}), "Телефон")

	// A password alone opens no cabinet (ASVS 6.3.3); with a factor, a
	// simplified account is told it needs a confirmed one.
	if _, err := anna.Do("POST", "/npd/register", npd.RegisterRequest{Region: "77", Activities: []string{"it"}}, nil); err == nil || err.Code != npd.CodeFactorRequired {
		t.Fatalf("a simplified account without a factor: %+v", err)
	}
	anna.AddApp()
	if _, err := anna.Do("POST", "/npd/register", npd.RegisterRequest{Region: "77", Activities: []string{"it"}}, nil); err == nil || err.Code != npd.CodeNPDNotConfirmed {
		t.Fatalf("a simplified account: %+v", err)
	}
	if _, err := ivan.Do("POST", "/npd/register", npd.RegisterRequest{Region: "7", Activities: []string{"it", "resale"}}, nil); err == nil ||
		err.Fields["region"].Code != shared.CodeBadFormat || err.Fields["activities"].Code != npd.CodeNPDForbidden || err.Fields["activities"].Message != "resale" {
		t.Fatalf("bad region and a forbidden activity: %+v", err)
	}
	var payer npd.Payer
	if status, err := ivan.Do("POST", "/npd/register", npd.RegisterRequest{Region: "77", Activities: []string{"it", "consulting"}}, &payer); err != nil || status != http.StatusCreated {
		t.Fatalf("register: %d %+v", status, err)
	}
	if payer.Status != npd.StatusActive || payer.DeductionLeft != shared.Rubles(10_000) || payer.INN != "123456789047" {
		t.Fatalf("payer %+v", payer)
	}
	if _, err := ivan.Do("POST", "/npd/register", npd.RegisterRequest{Region: "77", Activities: []string{"it"}}, nil); err == nil || err.Code != npd.CodeNPDAlready {
		t.Fatalf("twice: %+v", err)
	}
}

// receiptsIssuedAndRefused: the tax of two receipts, and the receipts
// refused, each with its field's code. It returns the second receipt
// (6 %, to an organisation).
func receiptsIssuedAndRefused(t *testing.T, ivan *portaltest.Client) npd.Receipt {
	t.Helper()
	// The worked example: 200 000 ₽ from an individual → 6 000 ₽.
	var r1 npd.Receipt
	ivan.MustOK("POST", "/npd/receipts", receipt(shared.Rubles(200_000), npd.BuyerPerson, "", ""), &r1)
	if r1.Tax != shared.Rubles(6_000) || r1.DeductionUsed != shared.Rubles(2_000) || len(r1.Number) != 10 {
		t.Fatalf("receipt %+v", r1)
	}
	for _, tc := range []struct {
		name  string
		req   npd.ReceiptRequest
		field string
		code  shared.Code
	}{
		{"an organisation needs its ИНН", receipt(shared.Rubles(1_000), npd.BuyerBusiness, "", "ООО «Ромашка»"), "buyerInn", shared.CodeRequired},
		{"a wrong check digit", receipt(shared.Rubles(1_000), npd.BuyerBusiness, "7707083894", "ООО «Ромашка»"), "buyerInn", shared.CodeINNChecksum},
		{"nobody in ЕГРЮЛ/ЕГРИП has the ИНН", receipt(shared.Rubles(1_000), npd.BuyerBusiness, "500100732259", "ИП Кто-то"), "buyerInn", shared.CodeRegistryUnknown},
		{"a foreign organisation needs its name", receipt(shared.Rubles(1_000), npd.BuyerForeign, "", " "), "buyerName", shared.CodeRequired},
		{"a liquidated company", receipt(shared.Rubles(1_000), npd.BuyerBusiness, "7707280242", "ООО «Былое»"), "buyerInn", shared.CodeRegistryClosed},
		{"no items", npd.ReceiptRequest{BuyerType: npd.BuyerPerson, Payment: npd.PaymentCash}, "items", shared.CodeRequired},
		{"a zero amount", receipt(0, npd.BuyerPerson, "", ""), "items.0.amount", shared.CodeMoneyFormat},
		{"a quantity of 0", npd.ReceiptRequest{Items: []npd.ReceiptItem{{Name: "Урок", Quantity: 0, Amount: shared.Rubles(1_000)}},
			BuyerType: npd.BuyerPerson, Payment: npd.PaymentCash}, "items.0.quantity", npd.CodeQuantity},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := ivan.Do("POST", "/npd/receipts", tc.req, nil); err == nil || err.Fields[tc.field].Code != tc.code {
				t.Fatalf("%+v", err)
			}
		})
	}
	future := receipt(shared.Rubles(1_000), npd.BuyerPerson, "", "")
	future.SettledAt = time.Now().Add(time.Hour)
	if _, err := ivan.Do("POST", "/npd/receipts", future, nil); err == nil || err.Fields["settledAt"].Code != npd.CodeSettledInFuture {
		t.Fatalf("future: %+v", err)
	}
	old := receipt(shared.Rubles(1_000), npd.BuyerPerson, "", "")
	old.Payment, old.SettledAt = npd.PaymentCash, time.Now().Add(-72*time.Hour)
	if _, err := ivan.Do("POST", "/npd/receipts", old, nil); err == nil || err.Fields["settledAt"].Code != npd.CodeSettledTooEarly {
		t.Fatalf("back-dated cash: %+v", err)
	}

	var r2 npd.Receipt
	// The buyer is named as the registry names it, whatever was typed.
	ivan.MustOK("POST", "/npd/receipts", receipt(shared.Rubles(100_000), npd.BuyerBusiness, "7707083893", "Сбер"), &r2)
	if r2.Tax != shared.Rubles(4_000) || r2.DeductionUsed != shared.Rubles(2_000) || r2.BuyerName != "ПАО Сбербанк" {
		t.Fatalf("6 %% receipt %+v", r2)
	}
	return r2
}

// checkedAndAnnulled: anyone checks a receipt by its number; Ivan alone
// annuls it, once, with a legal reason, and its deduction comes back.
func checkedAndAnnulled(t *testing.T, e *portaltest.Env, ivan, anna *portaltest.Client, r2 npd.Receipt) {
	t.Helper()
	// Anyone can check a receipt by its number, without signing in.
	var pub npd.Receipt
	e.Client().MustOK("GET", "/r/"+r2.Number, nil, &pub)
	if pub.SellerName != "Иванов Иван Иванович" || pub.SellerINN != "123456789047" || pub.Total != shared.Rubles(100_000) ||
		pub.BuyerINN != "7707083893" || pub.ID != "" || pub.Tax != 0 {
		t.Fatalf("public receipt %+v", pub)
	}
	if status, _ := e.Client().Do("GET", "/r/2nosuchone", nil, nil); status != http.StatusNotFound {
		t.Fatalf("unknown number: %d", status)
	}

	// Annulled with one of the two reasons: the public page says so and the
	// deduction comes back.
	if _, err := ivan.Do("POST", "/npd/receipts/"+r2.ID+"/annul", npd.AnnulRequest{Reason: "other"}, nil); err == nil || err.Fields["reason"].Code != shared.CodeRequired {
		t.Fatalf("a reason the law does not know: %+v", err)
	}
	if _, err := anna.Do("POST", "/npd/receipts/"+r2.ID+"/annul", npd.AnnulRequest{Reason: npd.AnnulRefund}, nil); err == nil || err.Code != shared.CodeNotFound {
		t.Fatalf("someone else annulling: %+v", err)
	}
	ivan.MustOK("POST", "/npd/receipts/"+r2.ID+"/annul", npd.AnnulRequest{Reason: npd.AnnulRefund}, nil)
	e.Client().MustOK("GET", "/r/"+r2.Number, nil, &pub)
	if pub.AnnulledAt.IsZero() || pub.AnnulReason != npd.AnnulRefund {
		t.Fatalf("annulled receipt %+v", pub)
	}
	if _, err := ivan.Do("POST", "/npd/receipts/"+r2.ID+"/annul", npd.AnnulRequest{Reason: npd.AnnulMistake}, nil); err == nil || err.Code != npd.CodeReceiptAnnulled {
		t.Fatalf("annulled twice: %+v", err)
	}
	var payer npd.Payer
	ivan.MustOK("GET", "/npd", nil, &payer)
	if payer.DeductionLeft != shared.Rubles(8_000) {
		t.Fatalf("deduction after the annulment %v", payer.DeductionLeft)
	}
}

// deregisteredAndBack: no receipts after deregistration; registered again,
// the rest of the deduction is kept.
func deregisteredAndBack(t *testing.T, ivan *portaltest.Client) {
	t.Helper()
	// Deregistered: no more receipts.
	if _, err := ivan.Do("POST", "/npd/deregister", npd.DeregisterRequest{Reason: " "}, nil); err == nil || err.Fields["reason"].Code != shared.CodeRequired {
		t.Fatalf("no reason: %+v", err)
	}
	ivan.MustOK("POST", "/npd/deregister", npd.DeregisterRequest{Reason: "Перешёл на работу по найму"}, nil)
	if _, err := ivan.Do("POST", "/npd/receipts", receipt(shared.Rubles(1_000), npd.BuyerPerson, "", ""), nil); err == nil || err.Code != npd.CodeNPDNotRegistered {
		t.Fatalf("receipt after deregistration: %+v", err)
	}
	// Back again: the rest of the deduction is kept.
	var payer npd.Payer
	ivan.MustOK("POST", "/npd/register", npd.RegisterRequest{Region: "50", Activities: []string{"it"}}, &payer)
	if payer.Status != npd.StatusActive || payer.DeductionLeft != shared.Rubles(8_000) || payer.Region != "50" {
		t.Fatalf("registered again %+v", payer)
	}
}

// Receipts issued at the same moment all count, the deduction is never
// spent twice, and the yearly limit holds.
func TestReceiptsAtTheSameMoment(t *testing.T) {
	e := portaltest.StartAPI(t, nil)
	e.SeedDemo()
	ivan := e.Client()
	ivan.MustOK("POST", "/login", shared.LoginRequest{Login: "ivan@example.ru", Password: "Kabinet-Demo-2026"}, nil)
	portaltest.AddPasskey(t, ivan, portaltest.NewDevice(t, e, virtualwebauthn.AuthenticatorOptions{}), "Телефон")
	ivan.MustOK("POST", "/npd/register", npd.RegisterRequest{Region: "77", Activities: []string{"it"}}, nil)

	// 30 receipts of 50 000 ₽ at once would each use 500 ₽ of the deduction:
	// 15 000 ₽ in all, but there are only 10 000 ₽.
	var wg sync.WaitGroup
	errs := make(chan *shared.Error, 30)
	for range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := ivan.Do("POST", "/npd/receipts", receipt(shared.Rubles(50_000), npd.BuyerPerson, "", ""), nil); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("a receipt failed: %+v", err)
	}
	var got struct {
		N    int   `bun:"n"`
		Sum  int64 `bun:"sum"`
		Used int64 `bun:"used"`
		Tax  int64 `bun:"tax"`
		Left int64 `bun:"left"`
	}
	if err := e.DB.NewRaw(`SELECT count(*) AS n, sum(total) AS sum, sum(deduction_used) AS used, sum(tax) AS tax,
		(SELECT deduction_left FROM npd_payers) AS left FROM npd_receipts`).Scan(context.Background(), &got); err != nil {
		t.Fatal(err)
	}
	if got.N != 30 || got.Sum != int64(shared.Rubles(1_500_000)) || got.Used != int64(shared.Rubles(10_000)) || got.Left != 0 ||
		got.Tax != int64(shared.Rubles(60_000-10_000)) {
		t.Fatalf("%+v", got)
	}
	// 1 500 000 ₽ so far: exactly up to the 2 400 000 ₽ limit keeps the status.
	ivan.MustOK("POST", "/npd/receipts", receipt(shared.Rubles(900_000), npd.BuyerPerson, "", ""), nil)
	var payer npd.Payer
	if ivan.MustOK("GET", "/npd", nil, &payer); payer.Status != npd.StatusActive {
		t.Fatalf("at the limit %+v", payer)
	}
	var running, summed int64
	if err := e.DB.NewRaw(`SELECT (SELECT sum(income) FROM npd_year_income), (SELECT sum(total) FROM npd_receipts WHERE annulled_at IS NULL)`).
		Scan(context.Background(), &running, &summed); err != nil || running != summed || running != int64(shared.Rubles(2_400_000)) {
		t.Fatalf("the running total %d, the receipts %d (%v)", running, summed, err)
	}
}

// One payment larger than the whole year's limit is a one-line receipt
// like any other: it was refused with «Введите сумму в рублях…» (a line
// was capped at 2.4 M ₽); it is issued, its part over the limit outside
// НПД, and the status ends with it.
func TestNPDOneLineOverTheLimitIsIssued(t *testing.T) {
	e := portaltest.StartAPI(t, nil)
	ivan := portaltest.SelfEmployedIvan(t, e, "2026-08-10 12:00")
	var r npd.Receipt
	ivan.MustOK("POST", "/npd/receipts", receipt(shared.Rubles(3_000_000), npd.BuyerPerson, "", ""), &r)
	if r.Number == "" || r.Total != shared.Rubles(3_000_000) || r.OverLimit != shared.Rubles(600_000) {
		t.Fatalf("the receipt %+v", r)
	}
	var payer npd.Payer
	ivan.MustOK("GET", "/npd", nil, &payer)
	if payer.Status != npd.StatusInactive || payer.StatusReason != npd.ReasonLimit {
		t.Fatalf("the payer after the receipt %+v", payer)
	}
}

// The receipt that crosses the yearly limit is issued (income received
// must get its receipt): the status ends from it with the reason
// «Превышение лимита дохода», the person is told of the 20 days to choose
// another regime, and its part over the limit is outside НПД on the
// receipt, its page and PDF, and in the income, taxed per the data.
func TestNPDLimitCrossingReceiptIsIssued(t *testing.T) {
	ctx := context.Background()
	e := portaltest.StartAPI(t, nil)
	ivan := portaltest.SelfEmployedIvan(t, e, "2026-08-10 12:00")
	ivan.MustOK("POST", "/npd/receipts", receipt(shared.Rubles(2_000_000), npd.BuyerPerson, "", ""), nil)
	ivan.MustOK("POST", "/npd/receipts", receipt(shared.Rubles(350_000), npd.BuyerPerson, "", ""), nil)
	var r npd.Receipt
	ivan.MustOK("POST", "/npd/receipts", receipt(shared.Rubles(80_000), npd.BuyerPerson, "", ""), &r)
	// 50 000 ₽ within the limit at 4 % (the deduction is spent); 30 000 ₽
	// over it, outside НПД: НДФЛ 13 % by the data, 3 900 ₽.
	if r.Number == "" || r.Total != shared.Rubles(80_000) || r.OverLimit != shared.Rubles(30_000) || r.Tax != shared.Rubles(2_000) ||
		r.OverLimitRegime != "ndfl" || r.OverLimitTax != shared.Rubles(3_900) {
		t.Fatalf("the crossing receipt %+v", r)
	}
	var payer npd.Payer
	ivan.MustOK("GET", "/npd", nil, &payer)
	if payer.Status != npd.StatusInactive || payer.StatusReason != npd.ReasonLimit {
		t.Fatalf("the payer after the crossing receipt %+v", payer)
	}
	var ended time.Time
	if err := e.DB.NewRaw("SELECT deregistered_at FROM npd_payers").Scan(ctx, &ended); err != nil || !ended.Equal(r.SettledAt) {
		t.Fatalf("deregistered at %v (%v), want the receipt's settlement %v", ended, err, r.SettledAt)
	}
	var journal int
	if err := e.DB.NewRaw(`SELECT count(*) FROM journal WHERE kind = 'npd.deregistered' AND details->>'number' = ?
		AND details->>'reason' = ?`, r.Number, npd.ReasonLimit).Scan(ctx, &journal); err != nil || journal != 1 {
		t.Fatalf("journal entries of the deregistration: %d (%v)", journal, err)
	}
	chooseBy := r.SettledAt.In(shared.Moscow).AddDate(0, 0, 20).Format("02.01.2006")
	in := inboxOf(t, ivan)
	if len(in.Items) == 0 || in.Items[0].Message != "msg.npd.limitCrossed" || !slices.Contains(in.Items[0].Args, r.Number) ||
		!slices.Contains(in.Items[0].Args, chooseBy) || !slices.Contains(in.Items[0].Args, shared.Rubles(30_000).String()) {
		t.Fatalf("the inbox %+v", in)
	}
	if m := e.MessagesTo("ivan@example.ru"); len(m) == 0 || !strings.Contains(m[0].Subject, "лимит") || strings.Contains(m[0].Subject, "%!") ||
		!strings.Contains(m[0].Body, "20 дней, до "+chooseBy) || !strings.Contains(m[0].Body, r.Number) {
		t.Fatalf("the e-mail (newest first) %+v", m)
	}
	// No more receipts: the status has ended.
	if _, err := ivan.Do("POST", "/npd/receipts", receipt(shared.Rubles(1), npd.BuyerPerson, "", ""), nil); err == nil || err.Code != npd.CodeNPDNotRegistered {
		t.Fatalf("a receipt after the crossing: %+v", err)
	}
	var public npd.Receipt
	e.Client().MustOK("GET", "/r/"+r.Number, nil, &public)
	if public.OverLimit != shared.Rubles(30_000) || public.OverLimitTax != 0 {
		t.Fatalf("the check page %+v", public)
	}
	if text := pdfText(t, get(t, e.Client(), "/r/"+r.Number+"/pdf")); !strings.Contains(text, "сверх годового лимита") || !strings.Contains(text, "30 000,00") {
		t.Fatalf("the receipt's PDF:\n%s", text)
	}
	var income npd.Income
	ivan.MustOK("GET", fmt.Sprintf("/npd/income?year=%d", time.Now().In(shared.Moscow).Year()), nil, &income)
	if income.Total != shared.Rubles(2_430_000) || income.OverLimit != shared.Rubles(30_000) {
		t.Fatalf("the income %+v", income)
	}
	// A mistyped year is named, not answered with the current one.
	for _, q := range []string{"year=abc", "year=2018", "year=", "amount=-5", "amount=x"} {
		path := "/npd/income?" + q
		if strings.HasPrefix(q, "amount") {
			path = "/npd/pay?" + q
		}
		status, apiErr := ivan.Do("GET", path, nil, nil)
		field := strings.SplitN(q, "=", 2)[0]
		if q == "year=" {
			if status != 200 {
				t.Fatalf("%s: status %d, want the current year", path, status)
			}
			continue
		}
		if status != 422 || apiErr == nil || apiErr.Fields[field].Code != shared.CodeBadFormat {
			t.Fatalf("%s: status %d, %+v; want 422 with %s bad_format", path, status, apiErr, field)
		}
	}
}
