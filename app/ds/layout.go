package ds

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// PageHead is a page's title (the one h1, id "h1") with an optional lead
// paragraph and a caption above it.
type PageHead struct {
	app.Compo

	Icaption string
	Ititle   string
	Ilead    string
}

// NewPageHead returns a page title.
func NewPageHead(title string) *PageHead { return &PageHead{Ititle: title} }

// Caption sets the small text above the title (a section name).
func (h *PageHead) Caption(v string) *PageHead { h.Icaption = v; return h }

// Lead sets the one-line lead under the title.
func (h *PageHead) Lead(v string) *PageHead { h.Ilead = v; return h }

// Render draws the title.
func (h *PageHead) Render() app.UI {
	return app.Div().Class("page-head").Body(
		app.If(h.Icaption != "", func() app.UI { return app.P().Class("page-head__caption").Text(h.Icaption) }),
		app.H1().ID("h1").Class("page-head__title").TabIndex(-1).Text(h.Ititle),
		app.If(h.Ilead != "", func() app.UI { return app.P().Class("lead").Text(h.Ilead) }),
	)
}

// BackLink is the "way back" at the top of a page.
func BackLink(href, text string) app.UI {
	return app.A().Class("back-link").Href(href).Body(icon("back"), app.Span().Text(text))
}

// Row is one key–value row of a summary list, with an optional change link.
type Row struct {
	Key        string
	Value      app.UI
	ActionText string // «Изменить»
	ActionHref string
	ActionHint string // read after the action by screen readers: «ФИО»
}

// SummaryList shows key–value rows (GOV.UK summary list).
type SummaryList struct {
	app.Compo

	Iid   string
	Irows []Row
}

// NewSummaryList returns a summary list of the rows.
func NewSummaryList(rows ...Row) *SummaryList { return &SummaryList{Irows: rows} }

// ID sets the list's id.
func (l *SummaryList) ID(v string) *SummaryList { l.Iid = v; return l }

// Render draws the list.
func (l *SummaryList) Render() app.UI {
	return app.Dl().ID(l.Iid).Class("summary").Body(
		app.Range(l.Irows).Slice(func(i int) app.UI {
			r := l.Irows[i]
			return app.Div().Class("summary__row").Body(
				app.Dt().Class("summary__key").Text(r.Key),
				app.Dd().Class("summary__value").Body(r.Value),
				app.If(r.ActionHref != "", func() app.UI {
					return app.Dd().Class("summary__action").Body(
						app.A().Href(r.ActionHref).Body(
							app.Text(r.ActionText),
							app.Span().Class("sr-only").Text(" "+r.ActionHint),
						),
					)
				}),
			)
		}),
	)
}

// Card is a white panel with a title, a body and a footer.
type Card struct {
	app.Compo

	Iid      string
	Iclass   string
	Ititle   string
	ItitleID string
	Itag     app.UI
	Ibody    []app.UI
	Ifooter  []app.UI
}

// NewCard returns a card with the title (h2).
func NewCard(title string) *Card { return &Card{Ititle: title} }

// ID sets the card's id.
func (c *Card) ID(v string) *Card { c.Iid = v; return c }

// TitleID gives the title an id and lets it take the focus: a card that
// appears after an action (a result, the next step) is announced by moving
// the focus to its title (Focus(ctx, id)).
func (c *Card) TitleID(v string) *Card { c.ItitleID = v; return c }

// Class adds a class ("card--muted").
func (c *Card) Class(v string) *Card { c.Iclass = v; return c }

// Tag puts a status tag next to the title.
func (c *Card) Tag(v app.UI) *Card { c.Itag = v; return c }

// Body sets the card's content.
func (c *Card) Body(v ...app.UI) *Card { c.Ibody = v; return c }

// Footer sets the card's actions.
func (c *Card) Footer(v ...app.UI) *Card { c.Ifooter = v; return c }

// Render draws the card.
func (c *Card) Render() app.UI {
	return app.Section().ID(c.Iid).Class("card "+c.Iclass).Body(
		app.If(c.Ititle != "" || c.Itag != nil, func() app.UI {
			return app.Div().Class("card__head").Body(
				app.If(c.Ititle != "", c.title),
				c.Itag,
			)
		}),
		app.Div().Class("card__body").Body(c.Ibody...),
		app.If(len(c.Ifooter) > 0, func() app.UI {
			return app.Div().Class("card__footer").Body(c.Ifooter...)
		}),
	)
}

func (c *Card) title() app.UI {
	h := app.H2().Class("card__title").Text(c.Ititle)
	if c.ItitleID != "" {
		h = h.ID(c.ItitleID).TabIndex(-1)
	}
	return h
}

// Actions is the row of buttons and links under a form or a notice, the
// main action first.
func Actions(items ...app.UI) app.UI { return app.Div().Class("actions").Body(items...) }

// Shortcut is one tile of a list of shortcuts (ul.shortcuts): a link to
// another page with its title, a line on what is there, and an arrow.
func Shortcut(href, title, text string) app.UI {
	return app.Li().Body(
		app.A().Class("shortcut").Href(href).Body(
			app.Span().Class("shortcut__title").Text(title),
			app.Span().Class("shortcut__text").Text(text),
			icon("arrow"),
		),
	)
}

// Table is a data table that becomes stacked cards under 600 px: each cell
// carries its column's header in data-label.
type Table struct {
	app.Compo

	Iid      string
	Icaption string
	Iname    string // the scrolling region's name when there is no caption
	Iheads   []string
	Irows    [][]app.UI
}

// NewTable returns a table with the caption and column headers.
func NewTable(caption string, heads ...string) *Table {
	return &Table{Icaption: caption, Iheads: heads}
}

// ID sets the table's id.
func (t *Table) ID(v string) *Table { t.Iid = v; return t }

// Name names the table's scrolling region for a screen reader when the
// table has no caption of its own (a heading above says what it is).
func (t *Table) Name(v string) *Table { t.Iname = v; return t }

// Rows sets the rows, one cell per header.
func (t *Table) Rows(v [][]app.UI) *Table { t.Irows = v; return t }

// Render draws the table. A wide table scrolls sideways in its wrapper,
// which the keyboard must be able to reach and scroll: the wrapper is a
// named region in the tab order, with the focus ring of everything else.
func (t *Table) Render() app.UI {
	name := t.Icaption
	if name == "" {
		name = t.Iname
	}
	return app.Div().Class("table-wrap").TabIndex(0).Attr("role", "region").Aria("label", name).Body(
		app.Table().ID(t.Iid).Class("table").Body(
			app.If(t.Icaption != "", func() app.UI { return app.Caption().Class("table__caption").Text(t.Icaption) }),
			app.THead().Body(
				app.Tr().Body(
					app.Range(t.Iheads).Slice(func(i int) app.UI {
						return app.Th().Scope("col").Text(t.Iheads[i])
					}),
				),
			),
			app.TBody().Body(
				app.Range(t.Irows).Slice(func(i int) app.UI {
					row := t.Irows[i]
					cells := make([]app.UI, len(row))
					for j, cell := range row {
						label := ""
						if j < len(t.Iheads) {
							label = t.Iheads[j]
						}
						cells[j] = app.Td().DataSet("label", label).Body(cell)
					}
					return app.Tr().Body(cells...)
				}),
			),
		),
	)
}
