package ds

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// TextField is a labelled text input with a hint and an inline error. The
// input's id is the one given ("f-inn"); its error has id + "-error". A mask
// reformats the value when the person leaves the field (not while typing, so
// the caret never jumps).
type TextField struct {
	app.Compo

	Iid       string
	Ilabel    string
	Isuffix   string
	Ihint     string
	Ierror    string
	Ivalue    string
	Itype     string
	Imode     string
	Iauto     string
	Iwidth    string
	Imax      int
	Ispell    bool
	Idisabled bool
	Imask     func(string) string
	IonChange func(string)

	owner inputOwner
}

// OnMount and OnUpdate keep another form's text out (see inputOwner).
func (f *TextField) OnMount(ctx app.Context) { f.owner.mounted(f.Iid) }

// OnUpdate: see OnMount.
func (f *TextField) OnUpdate(ctx app.Context) { f.owner.updated(ctx, f.Iid, f.Ivalue, f.Ivalue) }

// NewTextField returns a text input with the id and the label.
func NewTextField(id, label string) *TextField {
	return &TextField{Iid: id, Ilabel: label, Itype: "text"}
}

// Optional adds a suffix to the label («если есть»).
func (f *TextField) Optional(suffix string) *TextField { f.Isuffix = suffix; return f }

// Hint sets the hint under the label.
func (f *TextField) Hint(v string) *TextField { f.Ihint = v; return f }

// Error sets the inline error; empty means none.
func (f *TextField) Error(v string) *TextField { f.Ierror = v; return f }

// Value sets the current value.
func (f *TextField) Value(v string) *TextField { f.Ivalue = v; return f }

// Type sets the input type (text, email, tel, search).
func (f *TextField) Type(v string) *TextField { f.Itype = v; return f }

// InputMode sets the on-screen keyboard (numeric, tel, email).
func (f *TextField) InputMode(v string) *TextField { f.Imode = v; return f }

// AutoComplete sets the autocomplete token (family-name, tel, one-time-code…).
func (f *TextField) AutoComplete(v string) *TextField { f.Iauto = v; return f }

// Width sets a width class: "2", "4", "10", "20" characters, or "" for full.
func (f *TextField) Width(v string) *TextField { f.Iwidth = v; return f }

// MaxLength limits the number of characters.
func (f *TextField) MaxLength(v int) *TextField { f.Imax = v; return f }

// Spellcheck enables the browser's spelling check (off by default: names
// and numbers are not words).
func (f *TextField) Spellcheck(v bool) *TextField { f.Ispell = v; return f }

// Disabled disables the input.
func (f *TextField) Disabled(v bool) *TextField { f.Idisabled = v; return f }

// Mask reformats the value on leaving the field ("9123456789" → "+7 912 345-67-89").
func (f *TextField) Mask(m func(string) string) *TextField { f.Imask = m; return f }

// OnChange receives the value at every keystroke.
func (f *TextField) OnChange(h func(string)) *TextField { f.IonChange = h; return f }

// Render draws the field.
func (f *TextField) Render() app.UI {
	class := "input"
	if f.Iwidth != "" {
		class += " input--w" + f.Iwidth
	}
	in := app.Input().
		ID(f.Iid).
		Name(strings.TrimPrefix(f.Iid, "f-")).
		Class(class).
		Type(f.Itype).
		Value(f.owner.value(f.Ivalue, f.Ivalue)).
		Spellcheck(f.Ispell).
		OnInput(f.onInput).
		OnChange(f.onBlur)
	if f.Idisabled {
		in = in.Disabled(true)
	}
	if f.Imode != "" {
		in = in.Attr("inputmode", f.Imode)
	}
	if f.Iauto != "" {
		in = in.Attr("autocomplete", f.Iauto)
	}
	if f.Imax > 0 {
		in = in.MaxLength(f.Imax)
	}
	if d := describedBy(hintID(f.Iid, f.Ihint), errorID(f.Iid, f.Ierror)); d != "" {
		in = in.Aria("describedby", d)
	}
	if f.Ierror != "" {
		in = in.Aria("invalid", "true")
	}
	return fieldShell(f.Iid, f.Ilabel, f.Isuffix, f.Ihint, f.Ierror, in)
}

func (f *TextField) onInput(ctx app.Context, e app.Event) {
	if f.IonChange != nil {
		f.IonChange(f.owner.report(ctx.JSSrc().Get("value").String()))
	}
}

func (f *TextField) onBlur(ctx app.Context, e app.Event) {
	if f.Imask == nil {
		return
	}
	v := ctx.JSSrc().Get("value").String()
	m := f.Imask(v)
	if m == v {
		return
	}
	ctx.JSSrc().Set("value", m)
	if f.IonChange != nil {
		f.IonChange(f.owner.report(m))
	}
}

// DateField is a date typed as ДД.ММ.ГГГГ (hint shows an example). The
// value it reports is YYYY-MM-DD once the date is complete, and the raw text
// otherwise, so that validation can say what is wrong.
type DateField struct {
	app.Compo

	Iid       string
	Ilabel    string
	Isuffix   string
	Ihint     string
	Ierror    string
	Ivalue    string
	Iauto     string
	IonChange func(string)

	owner inputOwner
}

// OnMount and OnUpdate keep another form's text out (see inputOwner).
func (f *DateField) OnMount(ctx app.Context) { f.owner.mounted(f.Iid) }

// OnUpdate: see OnMount.
func (f *DateField) OnUpdate(ctx app.Context) {
	f.owner.updated(ctx, f.Iid, f.Ivalue, DateToRU(f.Ivalue))
}

// NewDateField returns a date field with the id and the label.
func NewDateField(id, label string) *DateField { return &DateField{Iid: id, Ilabel: label} }

// Optional adds a suffix to the label.
func (f *DateField) Optional(suffix string) *DateField { f.Isuffix = suffix; return f }

// Hint sets the hint («Например, 23.11.1990»).
func (f *DateField) Hint(v string) *DateField { f.Ihint = v; return f }

// Error sets the inline error.
func (f *DateField) Error(v string) *DateField { f.Ierror = v; return f }

// Value sets the value (YYYY-MM-DD or the raw text typed so far).
func (f *DateField) Value(v string) *DateField { f.Ivalue = v; return f }

// AutoComplete sets the autocomplete token (bday).
func (f *DateField) AutoComplete(v string) *DateField { f.Iauto = v; return f }

// OnChange receives the ISO date or the raw text.
func (f *DateField) OnChange(h func(string)) *DateField { f.IonChange = h; return f }

// Render draws the field.
func (f *DateField) Render() app.UI {
	in := app.Input().
		ID(f.Iid).
		Name(strings.TrimPrefix(f.Iid, "f-")).
		Class("input input--w10").
		Type("text").
		Attr("inputmode", "numeric").
		Placeholder("ДД.ММ.ГГГГ").
		MaxLength(10).
		Value(f.owner.value(f.Ivalue, DateToRU(f.Ivalue))).
		OnInput(f.onInput)
	if f.Iauto != "" {
		in = in.Attr("autocomplete", f.Iauto)
	}
	if d := describedBy(hintID(f.Iid, f.Ihint), errorID(f.Iid, f.Ierror)); d != "" {
		in = in.Aria("describedby", d)
	}
	if f.Ierror != "" {
		in = in.Aria("invalid", "true")
	}
	return fieldShell(f.Iid, f.Ilabel, f.Isuffix, f.Ihint, f.Ierror, in)
}

func (f *DateField) onInput(ctx app.Context, e app.Event) {
	if f.IonChange != nil {
		f.IonChange(f.owner.report(DateFromRU(ctx.JSSrc().Get("value").String())))
	}
}

// DateFromRU turns "23.11.1990" into "1990-11-23"; anything else is
// returned trimmed, unchanged.
func DateFromRU(s string) string {
	s = strings.TrimSpace(s)
	p := strings.Split(s, ".")
	if len(p) != 3 || len(p[2]) != 4 || len(p[0]) == 0 || len(p[0]) > 2 || len(p[1]) == 0 || len(p[1]) > 2 {
		return s
	}
	for _, part := range p {
		if !allDigits(part) {
			return s
		}
	}
	return p[2] + "-" + pad2(p[1]) + "-" + pad2(p[0])
}

// DateToRU turns "1990-11-23" into "23.11.1990"; anything else is returned
// unchanged.
func DateToRU(s string) string {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || !allDigits(s[:4]+s[5:7]+s[8:]) {
		return s
	}
	return s[8:] + "." + s[5:7] + "." + s[:4]
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Digits keeps only the digits of s (a mask for ИНН and codes).
func Digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
