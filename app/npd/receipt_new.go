package npd

import (
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// createReceipt issues the new receipt (POST /npd/receipts) after the
// same checks as the server's; its draft goes once it is issued.
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
	page.Do(ctx, func() (sharednpd.Receipt, error) { return page.API().CreateReceipt(ctx, req) },
		func(ctx app.Context, r sharednpd.Receipt) {
			p.rf.Done()
			p.resetReceipt(ctx)
			p.kept.Done(ctx)
			p.receipts.notice = receiptNotice(r)
			ds.Focus(ctx, "npd-notice")
			p.reload(ctx)
		}, p.rf.Fail)
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

// newReceipt is the form of a new receipt: its lines, the buyer, the
// payment and the day it was settled.
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
						Value(p.buyerINN).Error(orString(p.rf.Err("buyerInn"), p.buyerErr())).OnChange(p.lookupBuyer),
					app.If(p.buyerFound() != nil, func() app.UI { return buyerCard(*p.buyerFound()) }),
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
// ИНН is whole and valid, so the person sees whom the receipt names. An
// answer for an ИНН typed over since never lands (page.Query.Load).
func (p *npdPage) lookupBuyer(v string) {
	p.buyerINN, p.buyer = v, page.Remote[shared.RegistryEntry]{}
	inn := shared.Digits(v)
	if (len(inn) != 10 && len(inn) != 12) || shared.ValidateINN(inn) != nil {
		return
	}
	registryQuery.Load(p.Self, &p.buyer, app.T("inn", inn)).OnChange(func() {
		if p.buyerFound() != nil {
			delete(p.rf.Fields, "buyerInn") // an earlier submission's error is answered
		}
	})
}

// buyerFound is the buyer's entry in the registry, while in business.
func (p *npdPage) buyerFound() *shared.RegistryEntry {
	if !p.buyer.Has() || !p.buyer.Data.Active(page.API().ServerNow().In(shared.Moscow).Format(time.DateOnly)) {
		return nil
	}
	return &p.buyer.Data
}

// buyerErr is why the ИНН typed names no buyer: the registry's answer
// (closed) or its failure.
func (p *npdPage) buyerErr() string {
	switch {
	case p.buyer.Status == page.Failed:
		return p.buyer.Err
	case p.buyer.Has() && p.buyerFound() == nil:
		return page.CodeText(shared.CodeRegistryClosed, "")
	}
	return ""
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

// orString is a, or b when a is empty.
func orString(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
