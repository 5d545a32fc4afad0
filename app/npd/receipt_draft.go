package npd

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// receiptDraft is the new receipt as typed, as its draft keeps it.
type receiptDraft struct {
	Items     []receiptLine `json:"items"`
	BuyerType string        `json:"buyerType"`
	BuyerINN  string        `json:"buyerInn,omitempty"`
	BuyerName string        `json:"buyerName,omitempty"`
	Payment   string        `json:"payment"`
	SettledOn string        `json:"settledOn,omitempty"`
}

type receiptLine struct {
	Name  string `json:"name"`
	Qty   string `json:"qty"`
	Price string `json:"price"`
}

// keepReceipt keeps the new receipt's draft for the signed-in person.
func (p *npdPage) keepReceipt(ctx app.Context, s shared.SessionInfo) {
	page.KeepDraft(ctx, &p.kept, s.Account.ID, "npd.receipt", p.receiptDraft, p.fromDraft, func(ctx app.Context) {
		p.resetReceipt(ctx)
		p.buyerType, p.payment = sharednpd.BuyerPerson, sharednpd.PaymentAccount
	})
}

func (p *npdPage) receiptDraft() receiptDraft {
	d := receiptDraft{BuyerType: p.buyerType, BuyerINN: p.buyerINN, BuyerName: p.buyerName, Payment: p.payment, SettledOn: p.settledOn}
	for _, it := range p.drafts() {
		d.Items = append(d.Items, receiptLine{Name: it.name, Qty: it.qty, Price: it.price})
	}
	return d
}

// fromDraft fills the form from a draft; a buyer's ИНН is looked up again.
func (p *npdPage) fromDraft(d receiptDraft) {
	p.items = nil
	for _, l := range d.Items[:min(len(d.Items), maxItems)] {
		p.items = append(p.items, itemDraft{name: l.Name, qty: l.Qty, price: l.Price})
	}
	p.buyerType, p.buyerName, p.payment, p.settledOn = d.BuyerType, d.BuyerName, d.Payment, d.SettledOn
	if d.BuyerINN != "" {
		p.lookupBuyer(d.BuyerINN)
	}
}

// resetReceipt empties the lines and the buyer (issued, or the draft
// thrown away); the kind of buyer and of payment stay for the next one.
func (p *npdPage) resetReceipt(ctx app.Context) {
	p.items, p.buyerINN, p.buyer, p.buyerName, p.settledOn = nil, "", page.Remote[shared.RegistryEntry]{}, "", ""
	page.ClearInputs("f-item-name", "f-item-qty", "f-item-sum", "f-buyer-inn", "f-buyer-name", "f-settled")
}
