package npd

import (
	"net/url"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// npdNav is the cabinet's own navigation: home, receipts, taxes, documents.
func npdNav(active string) app.UI {
	link := func(href, key string) app.UI {
		a := app.A().ID("subnav-" + key).Href(href).Text(t("npd.nav." + key))
		if href == active {
			a = a.Aria("current", "page")
		}
		return app.Li().Body(a)
	}
	return app.Nav().Aria("label", t("npd.nav")).Body(app.Ul().Class("subnav").Body(
		link(page.PathNPD, "home"), link(page.PathNPDReceipts, "receipts"), link(page.PathNPDIncome, "income"), link(page.PathNPDTax, "tax"), link(page.PathNPDDocs, "docs"),
		link(page.PathInbox, "inbox"),
	))
}

// npdHead is the head of every page of the cabinet.
func npdHead(active, h1, lead string) []app.UI {
	return []app.UI{ds.BackLink(page.PathCabinet, t("common.toCabinet")), ds.NewPageHead(h1).Lead(lead), npdNav(active)}
}

// npdClosed is what a page of the cabinet shows instead of itself when
// the account needs a second factor or is not a payer; nil otherwise.
func npdClosed(err error) app.UI {
	switch shared.ErrorCode(err) {
	case sharednpd.CodeFactorRequired:
		return ds.NewNotice(ds.Warning, t("security.needTitle")).ID("npd-need-factor").Body(
			app.P().Text(t("err.factor_required")),
			ds.Actions(ds.NewButton(t("security.title")).ID("link-npd-security").Href(page.PathSecurity)))
	case sharednpd.CodeNPDNotRegistered:
		return ds.NewNotice(ds.Info, t("npd.notPayerTitle")).ID("npd-not-payer").Body(
			app.P().Text(t("npd.notPayerText")),
			ds.Actions(ds.NewButton(t("npd.toRegister")).ID("link-npd-register").Href(page.PathNPD)))
	}
	return nil
}

// npdWaiting is what a page of the cabinet shows instead of its content
// until it can: the sign-in gate, the cabinet closed to the account, the
// load's error, or the skeleton while it loads; nil once loaded.
func npdWaiting(gate app.UI, closed error, loadErr string, loaded bool) app.UI {
	if gate != nil {
		return gate
	}
	if c := npdClosed(closed); c != nil {
		return c
	}
	switch {
	case loadErr != "":
		return unavailable(loadErr)
	case !loaded:
		return ds.NewSkeleton(5, t("common.loading"))
	}
	return nil
}

// unavailable is a page's load that failed, with why.
func unavailable(why string) app.UI {
	return ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("form-error").Text(why)
}

// npdFailed sorts the error of a page's load: the cabinet closed to the
// account (closed), or a failure to show (loadErr); false when there was
// none and the page goes on.
func npdFailed(ctx app.Context, err error, closed *error, loadErr *string) bool {
	switch {
	case err == nil:
		return false
	case npdClosed(err) != nil:
		*closed = err
	case !page.APIFailed(ctx, err):
		*loadErr = page.ErrText(err)
	}
	return true
}

// receiptsView is the table of receipts with their actions (annul with
// one of the two reasons, send by e-mail), shared by the cabinet's home
// and the receipts page. reload is called after a change.
type receiptsView struct {
	items []sharednpd.Receipt

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

func (v *receiptsView) annul(ctx app.Context, reload func(app.Context)) {
	if v.annulID == "" || !v.af.Start() {
		return
	}
	if v.annulReason == "" {
		v.af.SetField("reason", shared.CodeRequired)
		v.af.Check(ctx)
		return
	}
	id, reason := v.annulID, v.annulReason
	ctx.Async(func() {
		r, err := page.API().AnnulReceipt(ctx, id, reason)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if !page.APIFailed(ctx, err) {
					v.af.Fail(ctx, err)
				}
				return
			}
			v.af.Done()
			v.annulID, v.annulReason = "", ""
			v.notice = t("npd.annulledNotice", r.Number)
			ds.Focus(ctx, "npd-notice")
			reload(ctx)
		})
	})
}

func (v *receiptsView) mail(ctx app.Context) {
	if v.mailID == "" || !v.mf.Start() {
		return
	}
	if _, err := shared.NormalizeEmail(v.mailTo); err != nil {
		v.mf.SetField("to", shared.ErrorCode(err))
		v.mf.Check(ctx)
		return
	}
	id, to := v.mailID, v.mailTo
	ctx.Async(func() {
		err := page.API().EmailReceipt(ctx, id, to)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if !page.APIFailed(ctx, err) {
					v.mf.Fail(ctx, err)
				}
				return
			}
			v.mf.Done()
			v.mailID, v.mailTo = "", ""
			v.notice = t("npd.mailedNotice", to)
			ds.Focus(ctx, "npd-notice")
		})
	})
}

// render draws the table and, under it, the annulment or e-mail form of
// the receipt chosen.
func (v *receiptsView) render(on func(app.Context) app.Context, reload func(app.Context)) app.UI {
	if len(v.items) == 0 {
		return ds.NewEmptyState(t("npd.noneTitle"), t("npd.noneText"))
	}
	shown := v.items[:min(len(v.items), max(v.shown, receiptsPage))]
	out := []app.UI{
		// The table on a wide screen, the compact list on a phone (CSS).
		app.Div().Class("only-wide").Body(receiptsTable(shown, func(r sharednpd.Receipt) []app.UI {
			return v.actions(r, "", on)
		})),
		app.Div().Class("only-phone").Body(v.list(shown, on)),
	}
	if len(shown) < len(v.items) {
		out = append(out, ds.Actions(
			ds.NewButton(t("journal.more")).ID("btn-receipts-more").Kind(ds.Secondary).
				OnClick(func(ctx app.Context, e app.Event) { v.shown = len(shown) + receiptsPage })))
	}
	if v.annulID != "" {
		out = append(out, ds.NewCard(t("npd.annulTitle")).ID("npd-annul").Body(
			app.H3().ID("annul-title").TabIndex(-1).Text(t("npd.annulText")),
			v.af.Head([]string{"reason"}),
			app.Form().ID("form-annul").Class("form").NoValidate(true).OnSubmit(func(ctx app.Context, e app.Event) {
				e.PreventDefault()
				v.annul(on(ctx), reload)
			}).Body(
				ds.NewRadios("reason", t("npd.annulReason")).Value(v.annulReason).Error(v.af.Err("reason")).Options(
					ds.Option{ID: "f-reason-mistake", Value: sharednpd.AnnulMistake, Label: t("npd.reason.mistake")},
					ds.Option{ID: "f-reason-refund", Value: sharednpd.AnnulRefund, Label: t("npd.reason.refund")},
				).OnChange(func(val string) { v.annulReason = val }),
				ds.Actions(
					ds.NewButton(t("npd.annulConfirm")).ID("btn-annul-confirm").Kind(ds.DangerBtn).Submit().Busy(v.af.Busy, t("common.wait")),
					ds.NewButton(t("common.cancel")).ID("btn-annul-cancel").Kind(ds.Secondary).OnClick(func(ctx app.Context, e app.Event) { v.annulID = "" }),
				),
			),
		))
	}
	if v.mailID != "" {
		out = append(out, ds.NewCard(t("npd.mailTitle")).ID("npd-mail").Body(
			app.H3().ID("mail-title").TabIndex(-1).Text(t("npd.mailText")),
			v.mf.Head([]string{"to"}),
			app.Form().ID("form-mail").Class("form").NoValidate(true).OnSubmit(func(ctx app.Context, e app.Event) {
				e.PreventDefault()
				v.mail(on(ctx))
			}).Body(
				ds.NewTextField("f-mail-to", t("npd.mailTo")).InputMode("email").Value(v.mailTo).Error(v.mf.Err("to")).
					OnChange(func(val string) { v.mailTo = val }),
				ds.Actions(
					ds.NewButton(t("npd.mailSend")).ID("btn-mail-send").Submit().Busy(v.mf.Busy, t("common.wait")),
					ds.NewButton(t("common.cancel")).ID("btn-mail-cancel").Kind(ds.Secondary).OnClick(func(ctx app.Context, e app.Event) { v.mailID = "" }),
				),
			),
		))
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
