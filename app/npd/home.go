package npd

import (
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// npdPage (/npd) is the self-employed cabinet: registration when the
// person is not a payer yet; then the status, a new receipt, and the
// receipts with their annulment.
type npdPage struct {
	app.Compo
	live
	authed

	payer      *sharednpd.Payer
	notPayer   bool
	needFactor bool // the account must set up a second factor first
	loadErr    string
	receipts   receiptsView
	summary    sharednpd.Summary
	income     sharednpd.Income

	reg        page.Form
	region     string
	activities []string

	rf        page.Form
	kept      page.Keeper // the new receipt's draft
	items     []itemDraft // at least one
	buyerType string
	buyerINN  string
	buyer     *shared.RegistryEntry // the registry's entry of buyerINN
	buyerErr  string                // why buyerINN found none
	buyerName string                // a foreign organisation's
	payment   string
	settledOn string // YYYY-MM-DD; empty: now

	df       page.Form
	dereg    bool // the deregistration form is open
	deReason string
}

// Home is the self-employed cabinet's start (/npd).
func Home() app.Composer { return &npdPage{} }

func (p *npdPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "npd.title")
	p.payer, p.notPayer, p.needFactor, p.loadErr, p.receipts = nil, false, false, "", receiptsView{}
	p.buyerType, p.payment = sharednpd.BuyerPerson, sharednpd.PaymentAccount
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) {
		p.keepReceipt(p.On(ctx), s)
		p.reload(p.On(ctx))
	})
}

func (p *npdPage) reload(ctx app.Context) {
	ctx.Async(func() {
		payer, err := page.API().NPDPayer(ctx)
		var l sharednpd.ReceiptList
		var sum sharednpd.Summary
		var in sharednpd.Income
		if err == nil {
			l, err = page.API().Receipts(ctx, nil)
		}
		if err == nil {
			sum, err = page.API().NPDSummary(ctx)
		}
		if err == nil {
			in, err = page.API().NPDIncome(ctx, page.API().ServerNow().In(shared.Moscow).Year())
		}
		ctx.Dispatch(func(ctx app.Context) {
			switch {
			case shared.ErrorCode(err) == sharednpd.CodeFactorRequired:
				p.needFactor = true
			case shared.ErrorCode(err) == sharednpd.CodeNPDNotRegistered:
				p.notPayer, p.payer = true, nil
			case err != nil:
				if !page.APIFailed(ctx, err) {
					p.loadErr = page.ErrText(err)
				}
			default:
				p.payer, p.notPayer, p.summary, p.income = &payer, false, sum, in
				p.receipts.items = l.Items[:min(len(l.Items), homeReceipts)]
			}
		})
	})
}

func (p *npdPage) register(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	if !p.reg.Start() {
		return
	}
	req := sharednpd.RegisterRequest{Region: strings.TrimSpace(p.region), Activities: p.activities}
	// The API's own check, first in the browser: no round trip to learn
	// that a box is unticked.
	if err := req.Validate(); err != nil {
		p.regFail(ctx, err)
		return
	}
	ctx.Async(func() {
		_, err := page.API().NPDRegister(ctx, req)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if !page.APIFailed(ctx, err) {
					p.regFail(ctx, err)
				}
				return
			}
			p.reg.Done()
			p.receipts.notice = t("npd.registeredNotice")
			ds.Focus(ctx, "npd-notice")
			p.reload(ctx)
		})
	})
}

// regFail shows the registration's errors in this form's own words: the
// generic «заполните это поле» does not tell what to do with a region code
// or a group of boxes.
func (p *npdPage) regFail(ctx app.Context, err error) {
	p.reg.Fail(ctx, err)
	e, ok := shared.AsError(err)
	if !ok {
		return
	}
	switch e.Fields["region"].Code {
	case shared.CodeRequired:
		p.reg.Say("region", t("npd.regionRequired"))
	case shared.CodeBadFormat:
		p.reg.Say("region", t("npd.regionFormat"))
	}
	switch f := e.Fields["activities"]; f.Code {
	case shared.CodeRequired:
		p.reg.Say("activities", t("npd.activitiesRequired"))
	case sharednpd.CodeNPDForbidden:
		p.reg.Say("activities", t("npd.forbiddenNamed", t("npd.activity."+f.Message)))
	}
}

func (p *npdPage) createReceipt(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	if !p.rf.Start() {
		return
	}
	items, ok := p.itemsOf()
	if !ok {
		p.rf.Check(ctx)
		return
	}
	req := sharednpd.ReceiptRequest{Items: items,
		BuyerType: p.buyerType, Payment: p.payment}
	switch p.buyerType {
	case sharednpd.BuyerBusiness:
		req.BuyerINN = shared.Digits(p.buyerINN)
	case sharednpd.BuyerForeign:
		req.BuyerName = strings.TrimSpace(p.buyerName)
	}
	if p.settledOn != "" {
		day, err := shared.ParseDate(p.settledOn)
		if err != nil {
			p.rf.SetField("settledAt", shared.ErrorCode(err))
			p.rf.Check(ctx)
			return
		}
		// A day before today: the settlement is put at noon of it.
		if now := page.API().ServerNow().In(shared.Moscow); day.Format(time.DateOnly) != now.Format(time.DateOnly) {
			req.SettledAt = time.Date(day.Year(), day.Month(), day.Day(), 12, 0, 0, 0, shared.Moscow)
		}
	}
	if err := req.Validate(); err != nil { // the same checks as the server, before the request
		p.rf.Fail(ctx, err)
		return
	}
	ctx.Async(func() {
		r, err := page.API().CreateReceipt(ctx, req)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if !page.APIFailed(ctx, err) {
					p.rf.Fail(ctx, err)
				}
				return
			}
			p.rf.Done()
			p.resetReceipt(ctx)
			p.kept.Done(ctx)
			p.receipts.notice = receiptNotice(r)
			ds.Focus(ctx, "npd-notice")
			p.reload(ctx)
		})
	})
}

// receiptNotice is what the person reads when a receipt is issued; the
// one that crossed the yearly limit says the status ended with it and by
// when to choose another regime.
func receiptNotice(r sharednpd.Receipt) string {
	if r.OverLimit > 0 {
		return t("npd.receiptOverLimit", r.Number, page.FormatMoney(r.Total), page.FormatMoney(r.Tax), page.FormatMoney(r.OverLimit),
			sharednpd.ChooseBy(r.SettledAt).Format("02.01.2006"))
	}
	return t("npd.receiptNotice", r.Number, page.FormatMoney(r.Total), page.FormatMoney(r.Tax))
}

func (p *npdPage) Render() app.UI {
	head := []app.UI{ds.BackLink(page.PathCabinet, t("common.toCabinet")), ds.NewPageHead(t("npd.h1")).Lead(t("npd.lead"))}
	if p.payer != nil {
		head = append(head, npdNav(page.PathNPD))
	}
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavCabinet, append(head, g)...)
	}
	body := head
	if p.receipts.notice != "" {
		body = append(body, ds.NewNotice(ds.Success, p.receipts.notice).ID("npd-notice"))
	}
	switch {
	case p.needFactor:
		body = append(body, ds.NewNotice(ds.Warning, t("security.needTitle")).ID("npd-need-factor").Body(
			app.P().Text(t("err.factor_required")),
			ds.Actions(ds.NewButton(t("security.title")).ID("link-npd-security").Href(page.PathSecurity)),
		))
	case p.loadErr != "":
		body = append(body, unavailable(p.loadErr))
	case p.notPayer:
		body = append(body, p.registration())
	case p.payer == nil:
		body = append(body, ds.NewSkeleton(4, t("common.loading")))
	case p.payer.Status != sharednpd.StatusActive:
		body = append(body, p.status(), p.todo(), p.figures(), p.receipts.render(p.On, p.reload))
	default:
		body = append(body, p.status(), p.todo(), p.figures(), p.newReceipt(),
			p.receipts.render(p.On, p.reload),
			app.P().Body(app.A().ID("link-all-receipts").Href(page.PathNPDReceipts).Text(t("npd.allReceipts"))))
	}
	return page.Private(p.Sess, page.NavCabinet, body...)
}

func (p *npdPage) registration() app.UI {
	a := p.Account()
	if a.Level != shared.LevelConfirmed || len(a.INN) != 12 {
		return ds.NewNotice(ds.Warning, t("npd.needConfirmedTitle")).ID("npd-need-confirmed").Body(
			app.P().Text(t("err.npd_not_confirmed")),
			app.P().Body(app.A().Href(page.PathProfile).Text(t("cabinet.toProfile"))),
		)
	}
	opts := make([]ds.Option, 0, len(sharednpd.Activities))
	for _, a := range sharednpd.Activities {
		o := ds.Option{ID: "f-activity-" + a.Code, Value: a.Code, Label: t("npd.activity." + a.Code)}
		if a.Forbidden {
			o.Hint = t("npd.forbiddenHint")
		}
		opts = append(opts, o)
	}
	return ds.NewCard(t("npd.registerTitle")).ID("npd-register").Body(
		app.P().Text(t("npd.registerText", a.INN)),
		p.reg.Head([]string{"region", "activities"}),
		app.Form().ID("form-npd-register").Class("form").NoValidate(true).OnSubmit(p.register).Body(
			ds.NewTextField("f-region", t("npd.region")).Hint(t("npd.regionHint")).InputMode("numeric").Width("4").MaxLength(2).
				Value(p.region).Error(p.reg.Err("region")).OnChange(func(v string) { p.region = v }),
			ds.NewCheckboxes("activities", t("npd.activities")).Hint(t("npd.activitiesHint")).Values(p.activities).
				Error(p.reg.Err("activities")).Options(opts...).OnChange(func(v []string) { p.activities = v }),
			ds.Actions(
				ds.NewButton(t("npd.register")).ID("btn-npd-register").Submit().Busy(p.reg.Busy, t("common.wait"))),
		),
	)
}

func (p *npdPage) status() app.UI {
	pr := *p.payer
	kind := ds.Success
	if pr.Status != sharednpd.StatusActive {
		kind = ds.Warning
	}
	return ds.NewCard(t("npd.statusTitle")).ID("npd-status").Body(
		ds.NewSummaryList(
			ds.Row{Key: t("profile.status"), Value: app.Span().ID("npd-status-tag").Body(ds.NewTag(kind, t("npd.status."+pr.Status)))},
			ds.Row{Key: t("field.inn"), Value: app.Text(pr.INN)},
			ds.Row{Key: t("npd.since"), Value: app.Text(page.FormatDate(pr.RegisteredAt))},
			ds.Row{Key: t("npd.deductionLeft"), Value: app.Span().ID("npd-deduction").Text(page.FormatMoney(pr.DeductionLeft))},
		),
		app.If(pr.Status != sharednpd.StatusActive, func() app.UI {
			return ds.NewNotice(ds.Warning, t("npd.statusWhy."+pr.Status)).ID("npd-status-why").Body(
				app.If(pr.StatusReason != "", func() app.UI { return app.P().Text(t("npd.reasonIs", pr.StatusReason)) }),
				app.P().Text(t("npd.remedy."+pr.Status)))
		}),
		app.If(p.dereg, func() app.UI {
			return app.Div().ID("npd-dereg").Body(
				app.H3().ID("dereg-title").TabIndex(-1).Text(t("npd.deregTitle")),
				app.P().Text(t("npd.deregText")),
				p.df.Head([]string{"reason"}),
				app.Form().ID("form-dereg").Class("form").NoValidate(true).OnSubmit(p.deregister).Body(
					ds.NewTextField("f-dereg-reason", t("npd.deregReason")).Hint(t("npd.deregReasonHint")).Value(p.deReason).
						Error(p.df.Err("reason")).OnChange(func(v string) { p.deReason = v }),
					ds.Actions(
						ds.NewButton(t("npd.deregConfirm")).ID("btn-dereg-confirm").Kind(ds.DangerBtn).Submit().Busy(p.df.Busy, t("common.wait")),
						ds.NewButton(t("common.cancel")).ID("btn-dereg-cancel").Kind(ds.Secondary).OnClick(func(ctx app.Context, e app.Event) { p.dereg = false }),
					),
				),
			)
		}),
	).Footer(ds.Actions(
		// On a phone the form is below the fold: the way to it comes first.
		app.If(pr.Status == sharednpd.StatusActive, func() app.UI {
			return app.A().ID("link-new-receipt").Class("button button--primary").Href("#npd-new").Text(t("npd.toNewReceipt"))
		}),
		app.If(pr.Status == sharednpd.StatusActive && !p.dereg, func() app.UI {
			return ds.NewButton(t("npd.deregister")).ID("btn-dereg").Kind(ds.Secondary).OnClick(func(ctx app.Context, e app.Event) {
				p.dereg, p.df, p.deReason = true, page.Form{}, ""
				ds.Focus(p.On(ctx), "dereg-title")
			})
		}),
		app.If(pr.Status == sharednpd.StatusInactive, func() app.UI {
			return ds.NewButton(t("npd.registerAgain")).ID("btn-register-again").OnClick(func(ctx app.Context, e app.Event) {
				p.notPayer = true
			})
		}),
	))
}

func (p *npdPage) deregister(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	if !p.df.Start() {
		return
	}
	if len([]rune(p.deReason)) == 0 {
		p.df.SetField("reason", shared.CodeRequired)
		p.df.Check(ctx)
		return
	}
	reason := p.deReason
	ctx.Async(func() {
		err := page.API().NPDDeregister(ctx, reason)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if !page.APIFailed(ctx, err) {
					p.df.Fail(ctx, err)
				}
				return
			}
			p.df.Done()
			p.dereg = false
			p.receipts.notice = t("npd.deregisteredNotice")
			ds.Focus(ctx, "npd-notice")
			p.reload(ctx)
		})
	})
}

func (p *npdPage) newReceipt() app.UI {
	return ds.NewCard(t("npd.newReceipt")).ID("npd-new").Body(
		p.kept.Notice(),
		p.rf.Head(append(p.itemFields(), "buyerType", "buyerInn", "buyerName", "payment", "settledAt")),
		app.Form().ID("form-receipt").Class("form").NoValidate(true).OnSubmit(p.createReceipt).Body(
			p.itemsForm(),
			ds.NewRadios("buyerType", t("npd.buyer")).Value(p.buyerType).Error(p.rf.Err("buyerType")).Options(
				ds.Option{ID: "f-buyer-person", Value: sharednpd.BuyerPerson, Label: t("npd.buyer.person"), Hint: t("npd.rate4")},
				ds.Option{ID: "f-buyer-business", Value: sharednpd.BuyerBusiness, Label: t("npd.buyer.business"), Hint: t("npd.rate6")},
				ds.Option{ID: "f-buyer-foreign", Value: sharednpd.BuyerForeign, Label: t("npd.buyer.foreign"), Hint: t("npd.rate6")},
			).OnChange(func(v string) { p.buyerType = v }),
			app.If(p.buyerType == sharednpd.BuyerForeign, func() app.UI {
				return ds.NewTextField("f-buyer-name", t("npd.foreignName")).Hint(t("npd.foreignNameHint")).Value(p.buyerName).
					Error(p.rf.Err("buyerName")).OnChange(func(v string) { p.buyerName = v })
			}),
			app.If(p.buyerType == sharednpd.BuyerBusiness, func() app.UI {
				return app.Div().Body(
					ds.NewTextField("f-buyer-inn", t("npd.buyerINN")).Hint(t("npd.buyerINNHint")).InputMode("numeric").Width("12").MaxLength(12).
						Value(p.buyerINN).Error(orString(p.rf.Err("buyerInn"), p.buyerErr)).OnChange(p.lookupBuyer),
					app.If(p.buyer != nil, func() app.UI { return buyerCard(*p.buyer) }),
				)
			}),
			ds.NewRadios("payment", t("npd.payment")).Value(p.payment).Inline().Error(p.rf.Err("payment")).Options(
				ds.Option{ID: "f-payment-account", Value: sharednpd.PaymentAccount, Label: t("npd.payment.account")},
				ds.Option{ID: "f-payment-cash", Value: sharednpd.PaymentCash, Label: t("npd.payment.cash")},
			).OnChange(func(v string) { p.payment = v }),
			ds.NewDateField("f-settled", t("npd.settledOn")).Optional(t("npd.settledOptional")).Hint(t("npd.settledHint")).
				Value(p.settledOn).Error(p.rf.Err("settledAt")).OnChange(func(v string) { p.settledOn = v }),
			ds.Actions(
				ds.NewButton(t("npd.issue")).ID("btn-receipt").Submit().Busy(p.rf.Busy, t("common.wait"))),
		),
	)
}

// lookupBuyer finds the organisation or ИП in the registry as soon as the
// ИНН is whole and valid, so the person sees whom the receipt names.
func (p *npdPage) lookupBuyer(v string) {
	p.buyerINN, p.buyer, p.buyerErr = v, nil, ""
	inn := shared.Digits(v)
	if (len(inn) != 10 && len(inn) != 12) || shared.ValidateINN(inn) != nil {
		return
	}
	ctx := p.Self
	ctx.Async(func() {
		e, err := page.API().Registry(ctx, inn)
		ctx.Dispatch(func(ctx app.Context) {
			if shared.Digits(p.buyerINN) != inn {
				return // typed on since
			}
			switch {
			case err == nil && !e.Active(page.API().ServerNow().In(shared.Moscow).Format(time.DateOnly)):
				p.buyerErr = page.CodeText(shared.CodeRegistryClosed, "")
			case err == nil:
				p.buyer = &e
				delete(p.rf.Fields, "buyerInn") // an earlier submission's error is answered
			case !page.IsAuthError(err):
				p.buyerErr = page.ErrText(err)
			}
		})
	})
}

// buyerCard is what the registry says of the buyer.
func buyerCard(e shared.RegistryEntry) app.UI {
	number := t("npd.ogrn", e.OGRN)
	if e.Kind == shared.RegistryIP {
		number = t("npd.ogrnip", e.OGRN)
	}
	return app.Div().ID("buyer-found").Class("registry-card").Aria("live", "polite").Body(
		app.Div().Class("registry-card__name").Text(e.Name),
		app.Div().Class("muted").Text(number+" · "+t("npd.registry."+e.Status)),
	)
}

// itemDraft is a line of the new receipt as typed.
type itemDraft struct{ name, qty, price string }

// maxItems is how many lines a receipt may have on the form.
const maxItems = 20

func (p *npdPage) drafts() []itemDraft {
	if len(p.items) == 0 {
		p.items = []itemDraft{{qty: "1"}}
	}
	return p.items
}

// itemID is the id of a line's field: "f-item-name" for the first line,
// "f-item-name-2" for the second.
func itemID(base string, i int) string {
	if i == 0 {
		return base
	}
	return base + "-" + strconv.Itoa(i+1)
}

// itemFields are the error keys of the lines, in the form's order.
func (p *npdPage) itemFields() []string {
	var out []string
	for i := range p.drafts() {
		k := "items." + strconv.Itoa(i) + "."
		out = append(out, k+"name", k+"quantity", k+"amount")
	}
	return append(out, "items")
}

// itemsOf reads the lines: the quantity a whole number, the price in
// rubles, the line's amount their product; false with the fields marked.
func (p *npdPage) itemsOf() ([]sharednpd.ReceiptItem, bool) {
	out := make([]sharednpd.ReceiptItem, 0, len(p.drafts()))
	ok := true
	for i, d := range p.drafts() {
		k := "items." + strconv.Itoa(i) + "."
		qty, err := strconv.Atoi(strings.TrimSpace(d.qty))
		if err != nil || qty < 1 || qty > 10_000 {
			p.rf.SetField(k+"quantity", sharednpd.CodeQuantity)
			ok = false
		}
		price, err := shared.ParseMoney(d.price)
		if err != nil || price <= 0 {
			p.rf.SetField(k+"amount", shared.CodeMoneyFormat)
			ok = false
		}
		out = append(out, sharednpd.ReceiptItem{Name: d.name, Quantity: qty, Amount: price * shared.Kopecks(qty)})
	}
	return out, ok
}

// itemsForm is the receipt's lines: a name, a quantity and a price each,
// the line's sum when there are several, a line added or taken away, and
// the total.
func (p *npdPage) itemsForm() app.UI {
	drafts := p.drafts()
	var total shared.Kopecks
	lines := make([]app.UI, len(drafts))
	for i, d := range drafts {
		i, k := i, "items."+strconv.Itoa(i)+"."
		qty, qerr := strconv.Atoi(strings.TrimSpace(d.qty))
		price, perr := shared.ParseMoney(d.price)
		var sum app.UI
		if qerr == nil && perr == nil && qty > 1 && price > 0 {
			sum = app.P().Class("muted").ID(itemID("item-sum", i)).Text(t("npd.itemLine", page.FormatMoney(price*shared.Kopecks(qty))))
		}
		if qerr == nil && perr == nil && qty > 0 {
			total += price * shared.Kopecks(qty)
		}
		var remove app.UI
		if len(drafts) > 1 {
			remove = ds.NewButton(t("npd.itemRemove")).ID(itemID("btn-item-remove", i)).Kind(ds.Secondary).
				Label(t("npd.itemRemoveNamed", i+1)).OnClick(func(ctx app.Context, e app.Event) {
				p.items = append(p.items[:i:i], p.items[i+1:]...)
			})
		}
		legend := t("npd.items")
		if len(drafts) > 1 {
			legend = t("npd.itemN", i+1)
		}
		lines[i] = app.FieldSet().Class("receipt-item").Body(
			app.Legend().Class("receipt-item__legend").Text(legend),
			ds.NewTextField(itemID("f-item-name", i), t("npd.itemName")).Hint(t("npd.itemNameHint")).Value(d.name).Error(p.rf.Err(k+"name")).
				OnChange(func(v string) { p.items[i].name = v; delete(p.rf.Fields, k+"name") }),
			app.Div().Class("receipt-item__numbers").Body(
				ds.NewTextField(itemID("f-item-qty", i), t("npd.itemQty")).Hint(t("npd.itemQtyHint")).InputMode("numeric").Width("4").MaxLength(5).
					Value(d.qty).Error(p.rf.Err(k+"quantity")).OnChange(func(v string) { p.items[i].qty = v; delete(p.rf.Fields, k+"quantity") }),
				ds.NewTextField(itemID("f-item-sum", i), t("npd.itemSum")).Hint(t("npd.itemSumHint")).InputMode("decimal").Width("10").
					Value(d.price).Error(p.rf.Err(k+"amount")).OnChange(func(v string) { p.items[i].price = v; delete(p.rf.Fields, k+"amount") }),
			),
			sum, remove,
		)
	}
	return app.Div().Body(
		app.Div().Body(lines...),
		app.If(len(drafts) < maxItems, func() app.UI {
			return ds.NewButton(t("npd.itemAdd")).ID("btn-item-add").Kind(ds.Secondary).OnClick(func(ctx app.Context, e app.Event) {
				p.items = append(p.drafts(), itemDraft{qty: "1"})
				ds.Focus(p.On(ctx), itemID("f-item-name", len(p.items)-1))
			})
		}),
		app.P().ID("receipt-total").Class("receipt-total").Body(app.Strong().Text(t("npd.itemsTotal", page.FormatMoney(total)))),
	)
}

// homeReceipts is how many of the latest receipts the home shows.
const homeReceipts = 5

// todo is what needs doing: a debt with its due date.
func (p *npdPage) todo() app.UI {
	sum := p.summary
	if sum.Debt <= 0 {
		return nil
	}
	kind, title := ds.Warning, t("npd.debtTitle", page.FormatMoney(sum.Debt))
	if due, err := shared.ParseDate(sum.NextDue); err == nil && page.API().ServerNow().After(due.AddDate(0, 0, 1)) {
		kind = ds.Danger
	}
	return ds.NewNotice(kind, title).ID("npd-debt").Body(
		app.P().Text(t("npd.debtText", page.FormatISODate(sum.NextDue))),
		ds.Actions(ds.NewButton(t("npd.toPay")).ID("link-npd-pay").Href(page.PathNPDTax)))
}

// figures are the numbers: income, the running tax, the deduction, the
// way to the limit, and the chart of the year by month.
func (p *npdPage) figures() app.UI {
	sum := p.summary
	fig := func(id, key string, v shared.Kopecks) app.UI {
		return app.Div().Class("figure").Body(
			app.Div().Class("figure__label").Text(t(key)),
			app.Div().ID(id).Class("figure__value").Text(page.FormatMoney(v)))
	}
	kind, details := ds.Info, t("npd.limitOK")
	switch {
	case sum.Year > sum.Limit:
		kind, details = ds.Danger, t("npd.limitCrossed")
	case sum.LimitLevel >= 100:
		kind, details = ds.Danger, t("npd.limit100")
	case sum.LimitLevel >= 80:
		kind, details = ds.Warning, t("npd.limit"+strconv.Itoa(sum.LimitLevel))
	}
	pct := int64(0)
	if sum.Limit > 0 {
		pct = int64(sum.Year) * 100 / int64(sum.Limit)
	}
	bars := make([]ds.Bar, len(p.income.Points))
	for i, pt := range p.income.Points {
		m, _ := shared.ParseDate(pt.Label + "-01")
		bars[i] = ds.Bar{Label: t("month.short." + strconv.Itoa(int(m.Month()))), Title: t("month."+strconv.Itoa(int(m.Month()))) + " " + strconv.Itoa(m.Year()),
			Value: int64(pt.Income), Text: page.FormatMoney(pt.Income), Short: shortRubles(pt.Income)}
	}
	return ds.NewCard(t("npd.figuresTitle")).ID("npd-figures").Body(
		app.Div().Class("figures").Body(
			fig("npd-today", "npd.today", sum.Today), fig("npd-month", "npd.month", sum.Month),
			fig("npd-year", "npd.year", sum.Year), fig("npd-month-tax", "npd.monthTax", sum.MonthTax),
			fig("npd-deduction-left", "npd.deductionLeft", sum.DeductionLeft),
		),
		ds.NewProgress(t("npd.limitTitle"), int64(sum.Year), int64(sum.Limit),
			t("npd.limitText", formatWhole(sum.Year), formatWhole(sum.Limit), pct)).ID("npd-limit").Kind(kind).Details(details),
		ds.NewBarChart("npd-chart", t("npd.chartTitle", strconv.Itoa(page.API().ServerNow().In(shared.Moscow).Year())),
			[2]string{t("npd.chartMonth"), t("npd.chartIncome")}, bars),
	)
}

// shortRubles is a sum above a chart's bar: «12 тыс.», «1,2 млн».
func shortRubles(k shared.Kopecks) string {
	r := int64(k) / 100
	switch {
	case r >= 1_000_000:
		return t("npd.millions", formatTenths(r/100_000))
	case r >= 1_000:
		return t("npd.thousands", strconv.Itoa(int(r/1_000)))
	case r > 0:
		return strconv.Itoa(int(r))
	}
	return ""
}

// formatTenths writes n tenths as «1,2».
func formatTenths(n int64) string { return strconv.Itoa(int(n/10)) + "," + strconv.Itoa(int(n%10)) }

// formatWhole writes a sum without kopecks when it has none.
func formatWhole(k shared.Kopecks) string { return shared.FormatRubles(k, k%100 != 0) }

// orString is a, or b when a is empty.
func orString(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
