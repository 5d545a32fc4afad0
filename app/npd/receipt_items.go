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
