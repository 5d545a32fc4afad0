package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/shared"
)

// npdPage (/npd) is the self-employed cabinet: registration when the
// person is not a payer yet; then the status, a new receipt, and the
// receipts with their annulment.
type npdPage struct {
	app.Compo
	live
	authed

	payer      *shared.NPDPayer
	notPayer   bool
	needFactor bool // the account must set up a second factor first
	loadErr    string
	receipts   []shared.Receipt

	reg        form
	region     string
	activities []string

	rf        form
	itemName  string
	itemSum   string
	buyerType string
	buyerINN  string
	buyerName string
	payment   string
	notice    string

	annulID     string // the receipt being annulled
	annulReason string
	af          form
}

func (p *npdPage) OnNav(ctx app.Context) {
	setTitle(ctx, "npd.title")
	p.payer, p.notPayer, p.needFactor, p.loadErr, p.receipts, p.notice = nil, false, false, "", nil, ""
	p.buyerType, p.payment = shared.BuyerPerson, shared.PaymentAccount
	p.load(ctx, func(ctx app.Context, s shared.SessionInfo) { p.reload(p.on(ctx)) })
}

func (p *npdPage) reload(ctx app.Context) {
	ctx.Async(func() {
		payer, err := api.NPDPayer(ctx)
		var l shared.ReceiptList
		if err == nil {
			l, err = api.Receipts(ctx)
		}
		ctx.Dispatch(func(ctx app.Context) {
			switch {
			case shared.ErrorCode(err) == shared.CodeFactorRequired:
				p.needFactor = true
			case shared.ErrorCode(err) == shared.CodeNPDNotRegistered:
				p.notPayer, p.payer = true, nil
			case err != nil:
				if !apiFailed(ctx, err) {
					p.loadErr = errText(err)
				}
			default:
				p.payer, p.notPayer, p.receipts = &payer, false, l.Items
			}
		})
	})
}

func (p *npdPage) register(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.on(ctx)
	if !p.reg.start() {
		return
	}
	req := shared.NPDRegisterRequest{Region: shared.Digits(p.region), Activities: p.activities}
	ctx.Async(func() {
		_, err := api.NPDRegister(ctx, req)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if !apiFailed(ctx, err) {
					p.reg.fail(ctx, err)
					if e, ok := shared.AsError(err); ok && e.Fields["activities"].Code == shared.CodeNPDForbidden {
						p.reg.fields["activities"] = t("npd.forbiddenNamed", t("npd.activity."+e.Fields["activities"].Message))
					}
				}
				return
			}
			p.reg.done()
			p.notice = t("npd.registeredNotice")
			ds.Focus(ctx, "npd-notice")
			p.reload(ctx)
		})
	})
}

func (p *npdPage) createReceipt(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.on(ctx)
	if !p.rf.start() {
		return
	}
	amount, err := shared.ParseMoney(p.itemSum)
	if err != nil || amount <= 0 {
		p.rf.setField("items.0.amount", shared.CodeMoneyFormat)
		p.rf.check(ctx)
		return
	}
	req := shared.ReceiptRequest{Items: []shared.ReceiptItem{{Name: p.itemName, Quantity: 1, Amount: amount}},
		BuyerType: p.buyerType, BuyerINN: shared.Digits(p.buyerINN), BuyerName: p.buyerName, Payment: p.payment}
	if err := req.Validate(); err != nil { // the same checks as the server, before the request
		p.rf.fail(ctx, err)
		return
	}
	ctx.Async(func() {
		r, err := api.CreateReceipt(ctx, req)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if !apiFailed(ctx, err) {
					p.rf.fail(ctx, err)
				}
				return
			}
			p.rf.done()
			p.itemName, p.itemSum, p.buyerINN, p.buyerName = "", "", "", ""
			clearInputs("f-item-name", "f-item-sum", "f-buyer-inn", "f-buyer-name")
			p.notice = t("npd.receiptNotice", r.Number, formatMoney(r.Total), formatMoney(r.Tax))
			ds.Focus(ctx, "npd-notice")
			p.reload(ctx)
		})
	})
}

func (p *npdPage) annul(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.on(ctx)
	if p.annulID == "" || !p.af.start() {
		return
	}
	if p.annulReason == "" {
		p.af.setField("reason", shared.CodeRequired)
		p.af.check(ctx)
		return
	}
	id, reason := p.annulID, p.annulReason
	ctx.Async(func() {
		r, err := api.AnnulReceipt(ctx, id, reason)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if !apiFailed(ctx, err) {
					p.af.fail(ctx, err)
				}
				return
			}
			p.af.done()
			p.annulID, p.annulReason = "", ""
			p.notice = t("npd.annulledNotice", r.Number)
			ds.Focus(ctx, "npd-notice")
			p.reload(ctx)
		})
	})
}

func (p *npdPage) Render() app.UI {
	head := []app.UI{ds.BackLink(PathCabinet, t("common.toCabinet")), ds.NewPageHead(t("npd.h1")).Lead(t("npd.lead"))}
	if g := p.gate(); g != nil {
		return privatePage(p.sess, navCabinet, append(head, g)...)
	}
	body := head
	if p.notice != "" {
		body = append(body, ds.NewNotice(ds.Success, p.notice).ID("npd-notice"))
	}
	switch {
	case p.needFactor:
		body = append(body, ds.NewNotice(ds.Warning, t("security.needTitle")).ID("npd-need-factor").Body(
			app.P().Text(t("err.factor_required")),
			app.Div().Class("actions").Body(ds.NewButton(t("security.title")).ID("link-npd-security").Href(PathSecurity)),
		))
	case p.loadErr != "":
		body = append(body, ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("form-error").Text(p.loadErr))
	case p.notPayer:
		body = append(body, p.registration())
	case p.payer == nil:
		body = append(body, ds.NewSkeleton(4, t("common.loading")))
	default:
		body = append(body, p.status(), p.newReceipt(), p.receiptList())
	}
	return privatePage(p.sess, navCabinet, body...)
}

func (p *npdPage) registration() app.UI {
	a := p.account()
	if a.Level != shared.LevelConfirmed || len(a.INN) != 12 {
		return ds.NewNotice(ds.Warning, t("npd.needConfirmedTitle")).ID("npd-need-confirmed").Body(
			app.P().Text(t("err.npd_not_confirmed")),
			app.P().Body(app.A().Href(PathProfile).Text(t("cabinet.toProfile"))),
		)
	}
	opts := make([]ds.Option, 0, len(shared.Activities))
	for _, a := range shared.Activities {
		o := ds.Option{ID: "f-activity-" + a.Code, Value: a.Code, Label: t("npd.activity." + a.Code)}
		if a.Forbidden {
			o.Hint = t("npd.forbiddenHint")
		}
		opts = append(opts, o)
	}
	return ds.NewCard(t("npd.registerTitle")).ID("npd-register").Body(
		app.P().Text(t("npd.registerText", a.INN)),
		p.reg.head([]string{"region", "activities"}),
		app.Form().ID("form-npd-register").Class("form").NoValidate(true).OnSubmit(p.register).Body(
			ds.NewTextField("f-region", t("npd.region")).Hint(t("npd.regionHint")).InputMode("numeric").Width("4").MaxLength(2).
				Value(p.region).Error(p.reg.err("region")).OnChange(func(v string) { p.region = v }),
			ds.NewCheckboxes("activities", t("npd.activities")).Hint(t("npd.activitiesHint")).Values(p.activities).
				Error(p.reg.err("activities")).Options(opts...).OnChange(func(v []string) { p.activities = v }),
			app.Div().Class("actions").Body(
				ds.NewButton(t("npd.register")).ID("btn-npd-register").Submit().Busy(p.reg.busy, t("common.wait"))),
		),
	)
}

func (p *npdPage) status() app.UI {
	pr := *p.payer
	kind := ds.Success
	if pr.Status != shared.NPDActive {
		kind = ds.Warning
	}
	return ds.NewCard(t("npd.statusTitle")).ID("npd-status").Body(
		ds.NewSummaryList(
			ds.Row{Key: t("profile.status"), Value: app.Span().ID("npd-status-tag").Body(ds.NewTag(kind, t("npd.status."+pr.Status)))},
			ds.Row{Key: t("field.inn"), Value: app.Text(pr.INN)},
			ds.Row{Key: t("npd.since"), Value: app.Text(formatDate(pr.RegisteredAt))},
			ds.Row{Key: t("npd.deductionLeft"), Value: app.Span().ID("npd-deduction").Text(formatMoney(pr.DeductionLeft))},
		),
	).Footer(app.Div().Class("actions").Body(
		// On a phone the form is below the fold: the way to it comes first.
		app.A().ID("link-new-receipt").Class("button button--primary").Href("#npd-new").Text(t("npd.toNewReceipt")),
	))
}

func (p *npdPage) newReceipt() app.UI {
	return ds.NewCard(t("npd.newReceipt")).ID("npd-new").Body(
		p.rf.head([]string{"items.0.name", "items.0.amount", "buyerType", "buyerInn", "buyerName", "payment", "settledAt"}),
		app.Form().ID("form-receipt").Class("form").NoValidate(true).OnSubmit(p.createReceipt).Body(
			ds.NewTextField("f-item-name", t("npd.itemName")).Hint(t("npd.itemNameHint")).Value(p.itemName).Error(p.rf.err("items.0.name")).
				OnChange(func(v string) { p.itemName = v }),
			ds.NewTextField("f-item-sum", t("npd.itemSum")).Hint(t("npd.itemSumHint")).InputMode("decimal").Width("10").
				Value(p.itemSum).Error(p.rf.err("items.0.amount")).OnChange(func(v string) { p.itemSum = v }),
			ds.NewRadios("buyerType", t("npd.buyer")).Value(p.buyerType).Error(p.rf.err("buyerType")).Options(
				ds.Option{ID: "f-buyer-person", Value: shared.BuyerPerson, Label: t("npd.buyer.person"), Hint: t("npd.rate4")},
				ds.Option{ID: "f-buyer-business", Value: shared.BuyerBusiness, Label: t("npd.buyer.business"), Hint: t("npd.rate6")},
				ds.Option{ID: "f-buyer-foreign", Value: shared.BuyerForeign, Label: t("npd.buyer.foreign"), Hint: t("npd.rate6")},
			).OnChange(func(v string) { p.buyerType = v }),
			app.If(p.buyerType == shared.BuyerBusiness, func() app.UI {
				return app.Div().Body(
					ds.NewTextField("f-buyer-inn", t("npd.buyerINN")).InputMode("numeric").Width("12").MaxLength(12).
						Value(p.buyerINN).Error(p.rf.err("buyerInn")).OnChange(func(v string) { p.buyerINN = v }),
					ds.NewTextField("f-buyer-name", t("npd.buyerName")).Value(p.buyerName).Error(p.rf.err("buyerName")).
						OnChange(func(v string) { p.buyerName = v }),
				)
			}),
			ds.NewRadios("payment", t("npd.payment")).Value(p.payment).Inline().Error(p.rf.err("payment")).Options(
				ds.Option{ID: "f-payment-account", Value: shared.PaymentAccount, Label: t("npd.payment.account")},
				ds.Option{ID: "f-payment-cash", Value: shared.PaymentCash, Label: t("npd.payment.cash")},
			).OnChange(func(v string) { p.payment = v }),
			app.Div().Class("actions").Body(
				ds.NewButton(t("npd.issue")).ID("btn-receipt").Submit().Busy(p.rf.busy, t("common.wait"))),
		),
	)
}

func (p *npdPage) receiptList() app.UI {
	if len(p.receipts) == 0 {
		return ds.NewEmptyState(t("npd.noneTitle"), t("npd.noneText"))
	}
	rows := make([][]app.UI, len(p.receipts))
	for i, r := range p.receipts {
		status := ds.NewTag(ds.Success, t("npd.valid"))
		var action app.UI
		if !r.AnnulledAt.IsZero() {
			status = ds.NewTag(ds.Danger, t("npd.annulled"))
		} else {
			id := r.ID
			action = ds.NewButton(t("npd.annul")).ID("btn-annul-" + r.Number).Kind(ds.Secondary).Label(t("npd.annulNamed", r.Number)).
				OnClick(func(ctx app.Context, e app.Event) {
					p.annulID, p.annulReason, p.af = id, "", form{}
					ds.Focus(p.on(ctx), "annul-title")
				})
		}
		rows[i] = []app.UI{
			app.A().ID("link-receipt-" + r.Number).Href("/r/" + r.Number).Text(r.Number),
			app.Text(formatDateTime(r.SettledAt)),
			app.Text(formatMoney(r.Total)),
			app.Text(formatMoney(r.Tax)),
			app.Text(t("npd.buyer." + r.BuyerType)),
			status,
			action,
		}
	}
	out := []app.UI{ds.NewTable(t("npd.receipts"), t("npd.number"), t("npd.when"), t("npd.total"), t("npd.tax"), t("npd.buyer"),
		t("profile.status"), t("sessions.action")).ID("receipts").Rows(rows)}
	if p.annulID != "" {
		out = append(out, ds.NewCard(t("npd.annulTitle")).ID("npd-annul").Body(
			app.H3().ID("annul-title").TabIndex(-1).Text(t("npd.annulText")),
			p.af.head([]string{"reason"}),
			app.Form().ID("form-annul").Class("form").NoValidate(true).OnSubmit(p.annul).Body(
				ds.NewRadios("reason", t("npd.annulReason")).Value(p.annulReason).Error(p.af.err("reason")).Options(
					ds.Option{ID: "f-reason-mistake", Value: shared.AnnulMistake, Label: t("npd.reason.mistake")},
					ds.Option{ID: "f-reason-refund", Value: shared.AnnulRefund, Label: t("npd.reason.refund")},
				).OnChange(func(v string) { p.annulReason = v }),
				app.Div().Class("actions").Body(
					ds.NewButton(t("npd.annulConfirm")).ID("btn-annul-confirm").Kind(ds.DangerBtn).Submit().Busy(p.af.busy, t("common.wait")),
					ds.NewButton(t("common.cancel")).ID("btn-annul-cancel").Kind(ds.Secondary).OnClick(func(ctx app.Context, e app.Event) { p.annulID = "" }),
				),
			),
		))
	}
	return app.Div().Body(out...)
}
