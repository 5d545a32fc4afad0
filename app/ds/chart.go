package ds

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Progress is a progress bar with its value in words beside it (the
// colour alone never tells): e.g. the way to the yearly income limit.
type Progress struct {
	app.Compo

	Iid      string
	Ilabel   string
	Ivalue   int64
	Imax     int64
	Itext    string
	Ikind    Kind
	Idetails string
}

// NewProgress returns a bar of value out of max, labelled, with text
// (e.g. «1 920 000 ₽ из 2 400 000 ₽ — 80 %»).
func NewProgress(label string, value, max int64, text string) *Progress {
	return &Progress{Ilabel: label, Ivalue: value, Imax: max, Itext: text, Ikind: Info}
}

// ID sets the id of the value text.
func (p *Progress) ID(v string) *Progress { p.Iid = v; return p }

// Kind colours the bar (Info, Warning, Danger, Success).
func (p *Progress) Kind(k Kind) *Progress { p.Ikind = k; return p }

// Details is a line under the bar (what the level means).
func (p *Progress) Details(v string) *Progress { p.Idetails = v; return p }

// Render draws the bar.
func (p *Progress) Render() app.UI {
	pct := int64(0)
	if p.Imax > 0 {
		pct = min(p.Ivalue*100/p.Imax, 100)
	}
	return app.Div().Class("progress progress--"+string(p.Ikind)).Body(
		app.Div().Class("progress__label").Text(p.Ilabel),
		app.Div().Class("progress__track").Role("progressbar").Aria("valuemin", "0").Aria("valuemax", "100").
			Aria("valuenow", strconv.FormatInt(pct, 10)).Aria("valuetext", p.Itext).Aria("label", p.Ilabel).Body(
			app.Div().Class("progress__bar").Style("width", strconv.FormatInt(pct, 10)+"%"),
		),
		app.Div().ID(p.Iid).Class("progress__text").Text(p.Itext),
		app.If(p.Idetails != "", func() app.UI { return app.P().Class("progress__details").Text(p.Idetails) }),
	)
}

// Bar is one bar of a chart.
type Bar struct {
	Label string // under the bar (short: «янв»)
	Title string // the full label for the table and the tooltip («январь 2026»)
	Value int64
	Text  string // the value as written («12 000 ₽»)
	Short string // the scale when it is the largest («12 тыс.»); the exact Text is in the table
}

// BarChart is a column chart drawn as SVG by the app itself, with the
// same data as a table for screen readers and for reading exact values
// on a phone («Показать таблицей»).
type BarChart struct {
	app.Compo

	Iid      string
	Icaption string
	Ibars    []Bar
	IcolHead [2]string
	Itable   bool
	Idense   bool
}

// Dense labels only every fifth bar (and the first): the days of a month
// on a phone.
func (c *BarChart) Dense() *BarChart { c.Idense = true; return c }

// NewBarChart returns a chart with the caption; heads name the table's
// two columns (the period and the value).
func NewBarChart(id, caption string, heads [2]string, bars []Bar) *BarChart {
	return &BarChart{Iid: id, Icaption: caption, Ibars: bars, IcolHead: heads}
}

// Render draws the chart: bars scaled to the largest value in an SVG
// that stretches to the width, and the period labels under it as text
// (so they never stretch with it).
func (c *BarChart) Render() app.UI {
	const w, h = 600, 200
	var most int64
	for _, b := range c.Ibars {
		most = max(most, b.Value)
	}
	n := max(len(c.Ibars), 1)
	slot := float64(w) / float64(n)
	bw := slot * 0.64
	shapes := []app.UI{svg("line").Attr("x1", 0).Attr("x2", w).Attr("y1", h-1).Attr("y2", h-1).Class("chart__axis")}
	labels := make([]app.UI, len(c.Ibars))
	for i, b := range c.Ibars {
		x := slot*float64(i) + (slot-bw)/2
		bh := 0.0
		if most > 0 {
			bh = float64(h-8) * float64(b.Value) / float64(most)
		}
		shapes = append(shapes, svg("rect").Class("chart__bar").Attr("x", f1(x)).Attr("y", f1(float64(h-1)-bh)).
			Attr("width", f1(bw)).Attr("height", f1(bh)).Body(svg("title").Text(b.Title+": "+b.Text)))
		text := b.Label
		if c.Idense && i != 0 && (i+1)%5 != 0 {
			text = ""
		}
		labels[i] = app.Span().Class("chart__label").Title(b.Title + ": " + b.Text).Text(text)
	}
	rows := make([][]app.UI, len(c.Ibars))
	for i, b := range c.Ibars {
		rows[i] = []app.UI{app.Text(b.Title), app.Text(b.Text)}
	}
	return app.Figure().ID(c.Iid).Class("chart").Body(
		app.FigCaption().Class("chart__caption").Text(c.Icaption),
		app.Div().Class("chart__plot").Body(
			app.If(most > 0, func() app.UI {
				return app.Span().Class("chart__max").Text(c.maxText())
			}),
			svg("svg").Attr("viewBox", "0 0 "+strconv.Itoa(w)+" "+strconv.Itoa(h)).Attr("role", "img").
				Attr("aria-label", c.Icaption).Attr("preserveAspectRatio", "none").Class("chart__svg").Body(shapes...),
		),
		app.Div().Class("chart__labels").Style("grid-template-columns", "repeat("+strconv.Itoa(n)+", 1fr)").Body(labels...),
		app.Details().Class("chart__table").Body(
			app.Summary().Text(c.IcolHead[0]+" / "+c.IcolHead[1]),
			NewTable("", c.IcolHead[0], c.IcolHead[1]).ID(c.Iid+"-table").Rows(rows),
		),
	)
}

// maxText is the largest bar's short value: the scale of the chart.
func (c *BarChart) maxText() string {
	best := Bar{}
	for _, b := range c.Ibars {
		if b.Value > best.Value {
			best = b
		}
	}
	return best.Short
}

// svg is an element of the SVG namespace (created with createElementNS).
func svg(tag string) app.HTMLElem { return app.Elem(tag).XMLNS("http://www.w3.org/2000/svg") }

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
