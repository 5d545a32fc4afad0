package npd

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// The cabinet's reads and its desk's: each is a go-app action whose
// handler sets a page.Remote state that the pages observe (page.Query).
var (
	// homeQuery is the cabinet's start: the payer, the latest receipts,
	// the figures and this year's income by month.
	homeQuery = page.NewQuery("npd/home", func(ctx app.Context, _ app.Tags) (homeData, error) {
		var d homeData
		var err error
		d.Payer, err = page.API().NPDPayer(ctx)
		var l sharednpd.ReceiptList
		if err == nil {
			l, err = page.API().Receipts(ctx, nil)
			d.Receipts = l.Items[:min(len(l.Items), homeReceipts)]
		}
		if err == nil {
			d.Summary, err = page.API().NPDSummary(ctx)
		}
		if err == nil {
			d.Income, err = page.API().NPDIncome(ctx, page.API().ServerNow().In(shared.Moscow).Year())
		}
		return d, err
	})

	// receiptsQuery is the receipts the filter finds (tags from, to,
	// buyer, status, q; the empty ones left out).
	receiptsQuery = page.NewQuery("npd/receipts", func(ctx app.Context, tags app.Tags) ([]sharednpd.Receipt, error) {
		l, err := page.API().Receipts(ctx, receiptQuery(tags.Get("from"), tags.Get("to"), tags.Get("buyer"), tags.Get("status"), tags.Get("q")))
		return l.Items, err
	})

	// incomeQuery is the income of a year by month (tag year) or of a
	// month by day (tag month, YYYY-MM).
	incomeQuery = page.NewQuery("npd/income", func(ctx app.Context, tags app.Tags) (sharednpd.Income, error) {
		if month := tags.Get("month"); month != "" {
			return page.API().NPDIncomeByDay(ctx, month)
		}
		year, _ := strconv.Atoi(tags.Get("year"))
		return page.API().NPDIncome(ctx, year)
	})

	// taxQuery is the ledger of the tax periods and the payments.
	taxQuery = page.NewQuery("npd/tax", func(ctx app.Context, _ app.Tags) (taxData, error) {
		var d taxData
		var err error
		d.Ledger, err = page.API().NPDLedger(ctx)
		if err == nil {
			var ps sharednpd.Payments
			ps, err = page.API().NPDPayments(ctx)
			d.Payments = ps.Items
		}
		return d, err
	})

	// penaltyQuery is a notice's penalty explained day by day (tag notice).
	penaltyQuery = page.NewQuery("npd/penalty", func(ctx app.Context, tags app.Tags) (sharednpd.PenaltyExplained, error) {
		return page.API().Penalty(ctx, tags.Get("notice"))
	})

	// payQuery is how to pay a notice (tag notice).
	payQuery = page.NewQuery("npd/pay", func(ctx app.Context, tags app.Tags) (sharednpd.PayInfo, error) {
		return page.API().PayNotice(ctx, tags.Get("notice"))
	})

	// certsQuery is the documents issued to the payer.
	certsQuery = page.NewQuery("npd/certificates", func(ctx app.Context, _ app.Tags) (sharednpd.IssuedDocuments, error) {
		return page.API().Certificates(ctx)
	})

	// registryQuery is what the registry says of a buyer (tag inn).
	registryQuery = page.NewQuery("npd/registry", func(ctx app.Context, tags app.Tags) (shared.RegistryEntry, error) {
		return page.API().Registry(ctx, tags.Get("inn"))
	})

	// publicReceiptQuery is a receipt's public check (tag number).
	publicReceiptQuery = page.NewQuery("npd/public-receipt", func(ctx app.Context, tags app.Tags) (sharednpd.Receipt, error) {
		return page.API().PublicReceipt(ctx, tags.Get("number"))
	})

	// verificationQuery is what the portal issued under a code (tag code).
	verificationQuery = page.NewQuery("npd/verification", func(ctx app.Context, tags app.Tags) (sharednpd.Verification, error) {
		return page.API().Verification(ctx, tags.Get("code"))
	})

	// officePayerQuery is a payer as the tax officer sees it (tag inn).
	officePayerQuery = page.NewQuery("npd/office/payer", func(ctx app.Context, tags app.Tags) (sharednpd.OfficePayer, error) {
		return page.API().OfficeNPDPayer(ctx, tags.Get("inn"))
	})

	// unidentifiedQuery is the payments no notice matched.
	unidentifiedQuery = page.NewQuery("npd/office/unidentified", func(ctx app.Context, _ app.Tags) (sharednpd.UnidentifiedPayments, error) {
		return page.API().Unidentified(ctx)
	})
)

// homeData is what homeQuery answers.
type homeData struct {
	Payer    sharednpd.Payer
	Receipts []sharednpd.Receipt // the latest homeReceipts
	Summary  sharednpd.Summary
	Income   sharednpd.Income
}

// taxData is what taxQuery answers.
type taxData struct {
	Ledger   sharednpd.Ledger
	Payments []sharednpd.Payment
}
