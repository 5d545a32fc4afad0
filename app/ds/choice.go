package ds

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Option is one choice of a radio group.
type Option struct {
	ID    string // input id ("f-channel-sms")
	Value string
	Label string
	Hint  string
}

// Radios is a fieldset of radio buttons with a legend, a hint and an error.
type Radios struct {
	app.Compo

	Iname     string
	Ilegend   string
	Ihint     string
	Ierror    string
	Ivalue    string
	Iinline   bool
	Ioptions  []Option
	IonChange func(string)
}

// NewRadios returns a radio group; name is the form field name ("channel").
func NewRadios(name, legend string) *Radios { return &Radios{Iname: name, Ilegend: legend} }

// Hint sets the hint under the legend.
func (r *Radios) Hint(v string) *Radios { r.Ihint = v; return r }

// Error sets the group's error.
func (r *Radios) Error(v string) *Radios { r.Ierror = v; return r }

// Value sets the selected value.
func (r *Radios) Value(v string) *Radios { r.Ivalue = v; return r }

// Inline lays short options side by side.
func (r *Radios) Inline() *Radios { r.Iinline = true; return r }

// Options sets the choices.
func (r *Radios) Options(o ...Option) *Radios { r.Ioptions = o; return r }

// OnChange receives the chosen value.
func (r *Radios) OnChange(h func(string)) *Radios { r.IonChange = h; return r }

// Render draws the group.
func (r *Radios) Render() app.UI {
	id := "f-" + r.Iname
	class := "field radios"
	if r.Ierror != "" {
		class += " field--error"
	}
	if r.Iinline {
		class += " radios--inline"
	}
	fs := app.FieldSet().Class(class)
	if d := describedBy(hintID(id, r.Ihint), errorID(id, r.Ierror)); d != "" {
		fs = fs.Aria("describedby", d)
	}
	return fs.Body(
		app.Legend().Class("field__label").Text(r.Ilegend),
		app.If(r.Ihint != "", func() app.UI {
			return app.P().ID(id + "-hint").Class("field__hint").Text(r.Ihint)
		}),
		app.If(r.Ierror != "", func() app.UI {
			return app.P().ID(id+"-error").Class("field__error").Body(icon("danger"), app.Span().Text(r.Ierror))
		}),
		app.Div().Class("radios__items").Body(
			app.Range(r.Ioptions).Slice(func(i int) app.UI {
				o := r.Ioptions[i]
				in := app.Input().
					ID(o.ID).
					Class("radio__input").
					Type("radio").
					Name(r.Iname).
					Value(o.Value).
					OnChange(r.onChange)
				if o.Value == r.Ivalue {
					in = in.Checked(true) // never checked="false": HTML reads it as checked
				}
				return app.Div().Class("radio").Body(
					in,
					app.Label().Class("radio__label").For(o.ID).Body(
						app.Text(o.Label),
						app.If(o.Hint != "", func() app.UI {
							return app.Span().Class("radio__hint").Text(o.Hint)
						}),
					),
				)
			}),
		),
	)
}

func (r *Radios) onChange(ctx app.Context, e app.Event) {
	v := ctx.JSSrc().Get("value").String()
	r.Ivalue = v
	if r.IonChange != nil {
		r.IonChange(v)
	}
}

// Checkboxes is a fieldset of checkboxes with a legend, a hint and an
// error; OnChange gets the checked values in the options' order.
type Checkboxes struct {
	app.Compo

	Iname     string
	Ilegend   string
	Ihint     string
	Ierror    string
	Ivalues   []string
	Ioptions  []Option
	IonChange func([]string)
}

// NewCheckboxes returns a checkbox group; name is the form field name.
func NewCheckboxes(name, legend string) *Checkboxes { return &Checkboxes{Iname: name, Ilegend: legend} }

// Hint sets the hint under the legend.
func (c *Checkboxes) Hint(v string) *Checkboxes { c.Ihint = v; return c }

// Error sets the error shown under the legend.
func (c *Checkboxes) Error(v string) *Checkboxes { c.Ierror = v; return c }

// Values sets the checked values.
func (c *Checkboxes) Values(v []string) *Checkboxes { c.Ivalues = v; return c }

// Options sets the choices.
func (c *Checkboxes) Options(o ...Option) *Checkboxes { c.Ioptions = o; return c }

// OnChange sets the handler of a change.
func (c *Checkboxes) OnChange(h func([]string)) *Checkboxes { c.IonChange = h; return c }

func (c *Checkboxes) checked(v string) bool {
	for _, x := range c.Ivalues {
		if x == v {
			return true
		}
	}
	return false
}

// Render draws the group (the radios' look, square boxes).
func (c *Checkboxes) Render() app.UI {
	id := "f-" + c.Iname
	class := "field radios checkboxes"
	if c.Ierror != "" {
		class += " field--error"
	}
	fs := app.FieldSet().ID(id).Class(class)
	if d := describedBy(hintID(id, c.Ihint), errorID(id, c.Ierror)); d != "" {
		fs = fs.Aria("describedby", d)
	}
	return fs.Body(
		app.Legend().Class("field__label").Text(c.Ilegend),
		app.If(c.Ihint != "", func() app.UI {
			return app.P().ID(id + "-hint").Class("field__hint").Text(c.Ihint)
		}),
		app.If(c.Ierror != "", func() app.UI {
			return app.P().ID(id+"-error").Class("field__error").Body(icon("danger"), app.Span().Text(c.Ierror))
		}),
		app.Div().Class("radios__items").Body(
			app.Range(c.Ioptions).Slice(func(i int) app.UI {
				o := c.Ioptions[i]
				in := app.Input().ID(o.ID).Class("radio__input checkbox__input").Type("checkbox").Name(c.Iname).Value(o.Value).
					OnChange(c.onChange)
				if c.checked(o.Value) {
					in = in.Checked(true)
				}
				return app.Div().Class("radio").Body(
					in,
					app.Label().Class("radio__label").For(o.ID).Body(
						app.Text(o.Label),
						app.If(o.Hint != "", func() app.UI { return app.Span().Class("radio__hint").Text(o.Hint) }),
					),
				)
			}),
		),
	)
}

func (c *Checkboxes) onChange(ctx app.Context, e app.Event) {
	v, on := ctx.JSSrc().Get("value").String(), ctx.JSSrc().Get("checked").Bool()
	var out []string
	for _, o := range c.Ioptions {
		if (o.Value == v && on) || (o.Value != v && c.checked(o.Value)) {
			out = append(out, o.Value)
		}
	}
	c.Ivalues = out
	if c.IonChange != nil {
		c.IonChange(out)
	}
}

// Checkbox is one checkbox whose label may hold links (a consent with a
// link to the policy), with an inline error. The input's id is the one
// given ("f-consent"); its error has id + "-error".
type Checkbox struct {
	app.Compo

	Iid       string
	Ilabel    []app.UI
	Ierror    string
	Ichecked  bool
	IonChange func(bool)
}

// NewCheckbox returns a checkbox with the id and the label's content.
func NewCheckbox(id string, label ...app.UI) *Checkbox { return &Checkbox{Iid: id, Ilabel: label} }

// Error sets the inline error; empty means none.
func (c *Checkbox) Error(v string) *Checkbox { c.Ierror = v; return c }

// Checked sets whether the box is ticked.
func (c *Checkbox) Checked(v bool) *Checkbox { c.Ichecked = v; return c }

// OnChange receives the new state at every click.
func (c *Checkbox) OnChange(h func(bool)) *Checkbox { c.IonChange = h; return c }

// Render draws the box. In the browser Checked is always set, true or
// false: a removed attribute would leave a ticked box ticked. The server
// writes the attribute only when ticked: HTML reads checked="false" as
// ticked, and the prerendered consent box showed ticked.
func (c *Checkbox) Render() app.UI {
	class := "field"
	if c.Ierror != "" {
		class += " field--error"
	}
	in := app.Input().ID(c.Iid).Class("radio__input checkbox__input").Type("checkbox").
		Name(strings.TrimPrefix(c.Iid, "f-")).OnChange(c.onChange)
	if c.Ichecked || !app.IsServer {
		in = in.Checked(c.Ichecked)
	}
	if c.Ierror != "" {
		in = in.Aria("invalid", "true").Aria("describedby", c.Iid+"-error")
	}
	return app.Div().Class(class).Body(
		app.Div().Class("field__slot").Body(app.If(c.Ierror != "", func() app.UI {
			return app.P().ID(c.Iid+"-error").Class("field__error").Body(icon("danger"), app.Span().Text(c.Ierror))
		})),
		app.Div().Class("radio").Body(in, app.Label().Class("radio__label").For(c.Iid).Body(c.Ilabel...)),
	)
}

func (c *Checkbox) onChange(ctx app.Context, e app.Event) {
	c.Ichecked = ctx.JSSrc().Get("checked").Bool()
	if c.IonChange != nil {
		c.IonChange(c.Ichecked)
	}
}
