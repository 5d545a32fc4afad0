package npd

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// receiptPage is the public check page of a receipt: anyone with its
// number (or its QR) sees the seller, the items, the total and the buyer,
// and «Аннулирован» with the reason when it was annulled. The server
// prerenders it whole (PublicReceipt), so that a phone shows it before,
// or without, app.wasm.
type receiptPage struct {
	app.Compo
	live

	number string
	r      page.Remote[sharednpd.Receipt]
	shown  *receiptData // what the server wrote into the page the app started on
	data   app.UI       // the server's: that block, in the page it prerenders
}

// receiptData is what the server found for the page, written into it as
// a JSON block (receiptDataID; a block of data is not run, so the CSP
// allows it) for the app: when the app starts on the page, it shows the
// receipt at once rather than a skeleton and a fetch. A failure other
// than «not found» is not written: the app asks again.
type receiptData struct {
	Number  string             `json:"number"`
	Receipt *sharednpd.Receipt `json:"receipt,omitempty"`
	Code    shared.Code        `json:"code,omitempty"`
}

const receiptDataID = "receipt-data"

// Receipt is the public check page of a receipt (/r/{number}).
func Receipt() app.Composer { return &receiptPage{shown: shownReceipt()} }

func (p *receiptPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "receipt.title")
	p.number = strings.TrimPrefix(ctx.Page().URL().Path, "/r/")
	p.r = page.Remote[sharednpd.Receipt]{}
	if app.IsServer {
		p.r, p.data = prerender(ctx, p.number)
		return
	}
	tag := app.T("number", p.number)
	shown := p.shown
	p.shown = nil
	switch {
	case shown == nil || shown.Number != p.number: // nothing from the server for this page: ask
	case shown.Receipt != nil:
		// Shown at once; Load asks again quietly, since the page may come
		// from the service worker's cache, older than the receipt's
		// annulment.
		publicReceiptQuery.Put(ctx, *shown.Receipt, tag)
	case shown.Code == shared.CodeNotFound:
		p.r = page.Remote[sharednpd.Receipt]{Status: page.Failed, Code: shown.Code}
		return
	}
	publicReceiptQuery.Load(ctx, &p.r, tag)
}

func (p *receiptPage) Render() app.UI {
	body := []app.UI{ds.NewPageHead(t("receipt.h1", p.number)).Lead(t("receipt.lead"))}
	switch {
	case p.r.Status == page.Failed && !p.r.Has(): // a receipt shown stays when asking again fails
		why := p.r.Err
		switch p.r.Code {
		case shared.CodeNotFound:
			why = t("receipt.notFound")
		case shared.CodeRateLimited:
			why = t("receipt.rateLimited")
		}
		body = append(body, ds.NewNotice(ds.Danger, "").ID("receipt-error").Text(why))
	case !p.r.Has():
		body = append(body, ds.NewSkeleton(5, t("common.loading")).Screen())
	default:
		r := p.r.Data
		if !r.AnnulledAt.IsZero() {
			body = append(body, ds.NewNotice(ds.Danger, t("receipt.annulled")).ID("receipt-annulled").
				Text(t("receipt.annulledText", t("npd.reason."+r.AnnulReason), page.FormatDateTime(r.AnnulledAt))))
		} else {
			body = append(body, ds.NewNotice(ds.Success, t("receipt.valid")).ID("receipt-valid"))
		}
		items := make([]app.UI, len(r.Items))
		for i, it := range r.Items {
			items[i] = app.Li().Text(it.Name + " × " + strconv.Itoa(it.Quantity) + " — " + page.FormatMoney(it.Amount))
		}
		buyer := t("npd.buyer." + r.BuyerType)
		if r.BuyerINN != "" {
			buyer += ", ИНН " + r.BuyerINN
		}
		if r.BuyerName != "" {
			buyer += ", " + r.BuyerName
		}
		rows := []ds.Row{
			{Key: t("receipt.seller"), Value: app.Text(r.SellerName)},
			{Key: t("field.inn"), Value: app.Text(r.SellerINN)},
			{Key: t("receipt.regime"), Value: app.Text(t("receipt.npd"))},
			{Key: t("receipt.when"), Value: app.Text(page.FormatDateTime(r.SettledAt))},
			{Key: t("receipt.items"), Value: app.Ul().Class("list").Body(items...)},
			{Key: t("npd.total"), Value: app.Strong().ID("receipt-total").Text(page.FormatMoney(r.Total))},
			{Key: t("npd.payment"), Value: app.Text(t("npd.payment." + r.Payment))},
			{Key: t("npd.buyer"), Value: app.Text(buyer)},
		}
		if r.OverLimit > 0 { // the part over the yearly limit is outside НПД
			rows = append(rows, ds.Row{Key: t("npd.overLimit"),
				Value: app.Span().ID("receipt-over-limit").Text(t("npd.overLimitNote", page.FormatMoney(r.OverLimit)))})
		}
		body = append(body, ds.NewCard(t("receipt.card")).ID("receipt").Body(ds.NewSummaryList(rows...)), ds.NewCard(t("receipt.qrTitle")).ID("receipt-qr").Body(
			app.Div().Class("qr-block").Body(
				app.If(r.QR != "", func() app.UI { return app.Img().ID("receipt-qr-img").Src(r.QR).Alt(t("receipt.qrAlt", r.Number)) }),
				app.Div().Class("qr-block__how").Body(
					app.P().Text(t("receipt.qrText")),
					ds.Actions(
						app.A().ID("link-receipt-pdf").Class("button button--secondary").
							Href(shared.APIPrefix+"/r/"+r.Number+"/pdf").Attr("download", "").Text(t("receipt.pdf"))),
				),
			),
		))
	}
	if p.data != nil {
		body = append(body, p.data)
	}
	// Complete in the server's HTML: read without the app, which starts
	// when the person uses the page.
	return page.Public(app.Div().Class("narrow").Body(body...)).StartOnUse("/r/" + p.number)
}
