package npd

import (
	"net/url"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// receiptsView is the table of receipts with their actions (annul with
// one of the two reasons, send by e-mail), shared by the cabinet's home
// and the receipts page, which load the receipts. reload is called after
// a change.
type receiptsView struct {
	annulID     string
	annulReason string
	af          page.Form

	mailID string
	mailTo string
	mf     page.Form

	notice string
	open   string // the receipt opened in the phone's list
	shown  int    // how many receipts are drawn; 0 is one page
}

// receiptsPage is how many receipts are drawn at a time: a year of them
// would make a page thousands of pixels tall.
const receiptsPage = 20

// render draws the table of items and, under it, the annulment or e-mail
// form of the receipt chosen.
func (v *receiptsView) render(items []sharednpd.Receipt, on func(app.Context) app.Context, reload func(app.Context)) app.UI {
	if len(items) == 0 {
		return ds.NewEmptyState(t("npd.noneTitle"), t("npd.noneText"))
	}
	shown := items[:min(len(items), max(v.shown, receiptsPage))]
	out := []app.UI{
		// The table on a wide screen, the compact list on a phone (CSS).
		app.Div().Class("only-wide").Body(receiptsTable(shown, func(r sharednpd.Receipt) []app.UI {
			return v.actions(r, "", on)
		})),
		app.Div().Class("only-phone").Body(v.list(shown, on)),
	}
	if len(shown) < len(items) {
		out = append(out, ds.Actions(
			ds.NewButton(t("journal.more")).ID("btn-receipts-more").Kind(ds.Secondary).
				OnClick(func(ctx app.Context, e app.Event) { v.shown = len(shown) + receiptsPage })))
	}
	if v.annulID != "" {
		out = append(out, v.annulForm(on, reload))
	}
	if v.mailID != "" {
		out = append(out, v.mailForm(on))
	}
	return app.Div().Body(out...)
}

// actions are a receipt's PDF, e-mail and annulment; prefix keeps the ids
// of the phone's copy apart from the table's.
func (v *receiptsView) actions(r sharednpd.Receipt, prefix string, on func(app.Context) app.Context) []app.UI {
	id := r.ID
	out := []app.UI{
		app.A().ID(prefix+"link-receipt-pdf-"+r.Number).Class("link").Href(shared.APIPrefix+"/r/"+r.Number+"/pdf").Attr("download", "").
			Aria("label", t("npd.pdfNamed", r.Number)).Text("PDF"),
		ds.NewButton(t("npd.mail")).ID(prefix + "btn-mail-" + r.Number).Kind(ds.Secondary).Label(t("npd.mailNamed", r.Number)).
			OnClick(func(ctx app.Context, e app.Event) {
				v.mailID, v.mailTo, v.mf, v.annulID = id, "", page.Form{}, ""
				ds.Focus(on(ctx), "mail-title")
			}),
	}
	if r.AnnulledAt.IsZero() {
		out = append(out, ds.NewButton(t("npd.annul")).ID(prefix+"btn-annul-"+r.Number).Kind(ds.Secondary).Label(t("npd.annulNamed", r.Number)).
			OnClick(func(ctx app.Context, e app.Event) {
				v.annulID, v.annulReason, v.af, v.mailID = id, "", page.Form{}, ""
				ds.Focus(on(ctx), "annul-title")
			}))
	}
	return out
}

// list is the phone's view of the receipts: number, date, sum and status
// per row; a row opens to the rest and the receipt's actions.
func (v *receiptsView) list(items []sharednpd.Receipt, on func(app.Context) app.Context) app.UI {
	rows := make([]ds.ListItem, len(items))
	var detail app.UI
	for i, r := range items {
		rows[i] = ds.ListItem{ID: "receipt-" + r.Number, Title: t("npd.receiptNo", r.Number), Meta: page.FormatDateTime(r.SettledAt),
			Value: page.FormatMoney(r.Total), Tag: receiptTag(r)}
		if v.open == r.ID {
			detail = app.Div().Body(
				ds.NewSummaryList(
					ds.Row{Key: t("npd.tax"), Value: app.Text(page.FormatMoney(r.Tax))},
					ds.Row{Key: t("npd.buyer"), Value: app.Text(buyerName(r))},
					ds.Row{Key: t("npd.total"), Value: totalCell(r)},
				),
				app.P().Body(app.A().ID("m-link-receipt-"+r.Number).Href("/r/"+r.Number).Text(t("npd.checkPage"))),
				app.Div().Class("actions actions--inline").Body(v.actions(r, "m-", on)...),
			)
		}
	}
	openID := ""
	if v.open != "" {
		openID = "receipt-" + numberOf(items, v.open)
	}
	return ds.NewItemList("receipts-list", t("npd.receipts")).Items(rows...).Open(openID, detail).
		OnOpen(func(ctx app.Context, id string) { v.open = idOf(items, id) })
}

// numberOf and idOf map a receipt's id to its number and a list row back.
func numberOf(items []sharednpd.Receipt, id string) string {
	for _, r := range items {
		if r.ID == id {
			return r.Number
		}
	}
	return ""
}

func idOf(items []sharednpd.Receipt, row string) string {
	for _, r := range items {
		if "receipt-"+r.Number == row {
			return r.ID
		}
	}
	return ""
}

func receiptTag(r sharednpd.Receipt) app.UI {
	if !r.AnnulledAt.IsZero() {
		return ds.NewTag(ds.Danger, t("npd.annulled"))
	}
	return ds.NewTag(ds.Success, t("npd.valid"))
}

func buyerName(r sharednpd.Receipt) string {
	if r.BuyerName != "" {
		return r.BuyerName
	}
	return t("npd.buyer." + r.BuyerType)
}

// receiptsTable is the table of receipts, for the payer and for the tax
// officer; actions, when not nil, gives a receipt's links and buttons.
// totalCell is a receipt's total, with the part over the yearly limit
// (outside НПД) under it.
func totalCell(r sharednpd.Receipt) app.UI {
	if r.OverLimit == 0 {
		return app.Text(page.FormatMoney(r.Total))
	}
	return app.Span().Body(app.Text(page.FormatMoney(r.Total)), app.Br(),
		app.Small().Class("over-limit").Text(t("npd.overLimit")+": "+page.FormatMoney(r.OverLimit)))
}

func receiptsTable(items []sharednpd.Receipt, actions func(sharednpd.Receipt) []app.UI) app.UI {
	rows := make([][]app.UI, len(items))
	for i, r := range items {
		rows[i] = []app.UI{
			app.A().ID("link-receipt-" + r.Number).Href("/r/" + r.Number).Text(r.Number),
			app.Text(page.FormatDateTime(r.SettledAt)),
			totalCell(r),
			app.Text(page.FormatMoney(r.Tax)),
			app.Text(buyerName(r)),
			receiptTag(r),
		}
		if actions != nil {
			rows[i] = append(rows[i], app.Div().Class("actions actions--inline").Body(actions(r)...))
		}
	}
	head := []string{t("npd.number"), t("npd.when"), t("npd.total"), t("npd.tax"), t("npd.buyer"), t("profile.status")}
	if actions != nil {
		head = append(head, t("sessions.action"))
	}
	return ds.NewTable(t("npd.receipts"), head...).ID("receipts").Rows(rows)
}

// receiptQuery is a filter of receipts as the API's query.
func receiptQuery(from, to, buyer, status, q string) url.Values {
	v := url.Values{}
	for k, val := range map[string]string{"from": from, "to": to, "buyer": buyer, "status": status, "q": q} {
		if val != "" {
			v.Set(k, val)
		}
	}
	return v
}
