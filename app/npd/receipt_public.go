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
// and «Аннулирован» with the reason when it was annulled.
type receiptPage struct {
	app.Compo
	live

	number string
	r      page.Remote[sharednpd.Receipt]
}

// Receipt is the public check page of a receipt (/r/{number}).
func Receipt() app.Composer { return &receiptPage{} }

func (p *receiptPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "receipt.title")
	p.number = strings.TrimPrefix(ctx.Page().URL().Path, "/r/")
	p.r = page.Remote[sharednpd.Receipt]{}
	if app.IsServer {
		return
	}
	publicReceiptQuery.Load(ctx, &p.r, app.T("number", p.number))
}

func (p *receiptPage) Render() app.UI {
	body := []app.UI{ds.NewPageHead(t("receipt.h1", p.number)).Lead(t("receipt.lead"))}
	switch {
	case p.r.Status == page.Failed:
		why := p.r.Err
		if p.r.Code == shared.CodeNotFound {
			why = t("receipt.notFound")
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
	return page.Public(app.Div().Class("narrow").Body(body...))
}
