package ds

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Strength is what a password meter shows: a score from 0 (empty or
// unusable) to 4 (strong) and a hint in words.
type Strength struct {
	Score int
	Text  string
}

// PasswordField is a password input with a show/hide toggle and, for new
// passwords, a live strength meter computed by the caller's function.
type PasswordField struct {
	app.Compo

	Iid        string
	Ilabel     string
	Ihint      string
	Ierror     string
	Ivalue     string
	Iauto      string
	IshowText  string
	IhideText  string
	IlevelText string
	Istrength  func(string) Strength
	IonChange  func(string)

	shown bool
	owner inputOwner
}

// OnMount and OnUpdate keep another form's text out (see inputOwner).
func (f *PasswordField) OnMount(ctx app.Context) { f.owner.mounted(f.Iid) }

// OnUpdate: see OnMount.
func (f *PasswordField) OnUpdate(ctx app.Context) { f.owner.updated(ctx, f.Iid, f.Ivalue, f.Ivalue) }

// NewPasswordField returns a password field; showText and hideText label the
// toggle («Показать», «Скрыть»).
func NewPasswordField(id, label, showText, hideText string) *PasswordField {
	return &PasswordField{Iid: id, Ilabel: label, Iauto: "current-password", IshowText: showText, IhideText: hideText}
}

// Hint sets the hint (the password policy, for new passwords).
func (f *PasswordField) Hint(v string) *PasswordField { f.Ihint = v; return f }

// Error sets the inline error.
func (f *PasswordField) Error(v string) *PasswordField { f.Ierror = v; return f }

// Value sets the value.
func (f *PasswordField) Value(v string) *PasswordField { f.Ivalue = v; return f }

// New marks it as a new password: autocomplete new-password and, with a
// function, a live strength meter; label is read before the meter's words
// («Надёжность пароля:»).
func (f *PasswordField) New(label string, strength func(string) Strength) *PasswordField {
	f.Iauto = "new-password"
	f.IlevelText = label
	f.Istrength = strength
	return f
}

// OnChange receives the value at every keystroke.
func (f *PasswordField) OnChange(h func(string)) *PasswordField { f.IonChange = h; return f }

// Render draws the field.
func (f *PasswordField) Render() app.UI {
	typ := "password"
	toggle := f.IshowText
	if f.shown {
		typ = "text"
		toggle = f.IhideText
	}
	meterID := ""
	if f.Istrength != nil {
		meterID = f.Iid + "-strength"
	}
	in := app.Input().
		ID(f.Iid).
		Name(strings.TrimPrefix(f.Iid, "f-")).
		Class("input input--password").
		Type(typ).
		Value(f.owner.value(f.Ivalue, f.Ivalue)).
		Spellcheck(false).
		Attr("autocapitalize", "none").
		Attr("autocomplete", f.Iauto).
		OnInput(f.onInput)
	if d := describedBy(hintID(f.Iid, f.Ihint), errorID(f.Iid, f.Ierror), meterID); d != "" {
		in = in.Aria("describedby", d)
	}
	if f.Ierror != "" {
		in = in.Aria("invalid", "true")
	}
	control := app.Div().Body(
		app.Div().Class("password").Body(
			in,
			app.Button().
				ID(f.Iid+"-toggle").
				Class("button button--secondary password__toggle").
				Type("button").
				Aria("controls", f.Iid).
				Aria("pressed", strconv.FormatBool(f.shown)).
				OnClick(f.toggle).
				Body(icon("eye"), app.Span().Text(toggle)),
		),
		app.If(f.Istrength != nil, f.meter),
	)
	return fieldShell(f.Iid, f.Ilabel, "", f.Ihint, f.Ierror, control)
}

func (f *PasswordField) meter() app.UI {
	s := Strength{}
	if f.Ivalue != "" {
		s = f.Istrength(f.Ivalue)
	}
	if s.Score < 0 {
		s.Score = 0
	}
	if s.Score > 4 {
		s.Score = 4
	}
	return app.Div().
		ID(f.Iid+"-strength").
		Class("meter meter--"+strconv.Itoa(s.Score)).
		Aria("live", "polite").
		Body(
			app.Div().Class("meter__bar").Aria("hidden", "true").Body(
				app.Span(), app.Span(), app.Span(), app.Span(),
			),
			app.If(f.Ivalue != "" && s.Text != "", func() app.UI {
				return app.P().Class("meter__text").Body(
					app.Span().Class("sr-only").Text(f.IlevelText+" "),
					app.Text(s.Text),
				)
			}),
		)
}

func (f *PasswordField) onInput(ctx app.Context, e app.Event) {
	v := f.owner.report(ctx.JSSrc().Get("value").String())
	f.Ivalue = v
	if f.IonChange != nil {
		f.IonChange(v)
	}
}

func (f *PasswordField) toggle(ctx app.Context, e app.Event) {
	f.shown = !f.shown
}
