package ds

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// ListItem is one compact row of an ItemList: what names the item, a
// second line, a value on the right and a status tag.
type ListItem struct {
	ID    string // the row's button is "row-" + ID
	Title string
	Meta  string
	Value string
	Tag   app.UI
}

// ItemList is a list for narrow screens: one short row per item, which
// opens the item in place (a disclosure: aria-expanded), its details and
// actions under the row. A table with a row of buttons per item grows to
// thousands of pixels on a phone; this keeps one line per item.
type ItemList struct {
	app.Compo

	Iid     string
	Ilabel  string
	Iitems  []ListItem
	Iopen   string
	Idetail app.UI
	IonOpen func(ctx app.Context, id string)
}

// NewItemList returns a list named label for screen readers.
func NewItemList(id, label string) *ItemList { return &ItemList{Iid: id, Ilabel: label} }

// Items sets the rows.
func (l *ItemList) Items(v ...ListItem) *ItemList { l.Iitems = v; return l }

// Open shows detail under the row of the item id ("" closes every row).
func (l *ItemList) Open(id string, detail app.UI) *ItemList {
	l.Iopen, l.Idetail = id, detail
	return l
}

// OnOpen sets the handler of a tap on a row: the id of the item, or ""
// when the open row was tapped again to close it.
func (l *ItemList) OnOpen(h func(ctx app.Context, id string)) *ItemList { l.IonOpen = h; return l }

// Render draws the list.
func (l *ItemList) Render() app.UI {
	return app.Ul().ID(l.Iid).Class("item-list").Aria("label", l.Ilabel).Body(
		app.Range(l.Iitems).Slice(func(i int) app.UI {
			it := l.Iitems[i]
			open := it.ID == l.Iopen
			return app.Li().Class("item-list__item").Body(
				app.Button().ID("row-"+it.ID).Class("item-list__row").Type("button").
					Aria("expanded", open).Aria("controls", "detail-"+it.ID).
					OnClick(func(ctx app.Context, e app.Event) { l.toggle(ctx, it.ID) }).Body(
					app.Span().Class("item-list__title").Text(it.Title),
					app.Span().Class("item-list__value").Text(it.Value),
					app.Span().Class("item-list__meta").Text(it.Meta),
					app.Span().Class("item-list__tag").Body(it.Tag),
				),
				app.If(open, func() app.UI {
					return app.Div().ID("detail-" + it.ID).Class("item-list__detail").Body(l.Idetail)
				}),
			)
		}),
	)
}

func (l *ItemList) toggle(ctx app.Context, id string) {
	if id == l.Iopen {
		id = ""
	}
	if l.IonOpen != nil {
		l.IonOpen(ctx, id)
	}
}
