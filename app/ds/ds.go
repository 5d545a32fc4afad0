// Package ds is Kabinet's design system: the widgets every page is built of
// (buttons, fields, error summary, notices, status tags, summary lists,
// cards, tables, dialogs, the timeout warning, toasts, skeletons). Each
// widget is a go-app component with a constructor and chainable setters;
// its look lives in web/app.css under the same class names. Widgets take
// their words from the caller, so the package has no texts of its own
// beyond what callers pass in.
package ds

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Kind is the colour family of a notice, a tag or a button.
type Kind string

const (
	Info    Kind = "info"
	Success Kind = "success"
	Warning Kind = "warning"
	Danger  Kind = "danger"
	Neutral Kind = "neutral"
)

// Focus moves the keyboard focus to the element with the id, after the
// current render. It only calls focus(); it never changes the DOM.
func Focus(ctx app.Context, id string) {
	if app.IsServer {
		return
	}
	ctx.Defer(func(app.Context) { focusNow(id) })
}

func focusNow(id string) {
	el := app.Window().GetElementByID(id)
	if !el.Truthy() {
		return
	}
	el.Call("focus")
	if el.Get("scrollIntoView").Truthy() {
		el.Call("scrollIntoView", map[string]any{"block": "center"})
	}
}

// FieldID turns a JSON field path ("passport.series") into the id of its
// input ("f-passport-series").
func FieldID(field string) string {
	return "f-" + strings.ReplaceAll(field, ".", "-")
}

// icon returns an inline SVG icon, hidden from assistive technology (the
// word next to it carries the meaning).
func icon(name string) app.UI {
	return app.Raw(`<svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">` + iconPaths[name] + `</svg>`)
}

var iconPaths = map[string]string{
	"success": `<circle cx="12" cy="12" r="10" fill="currentColor"/><path d="M7 12.5l3.2 3.2L17 9" fill="none" stroke="#fff" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/>`,
	"warning": `<path d="M12 2.5L1.8 20.5h20.4z" fill="currentColor"/><path d="M12 9v5.5" stroke="#fff" stroke-width="2.4" stroke-linecap="round"/><circle cx="12" cy="17.6" r="1.4" fill="#fff"/>`,
	"danger":  `<circle cx="12" cy="12" r="10" fill="currentColor"/><path d="M8.5 8.5l7 7M15.5 8.5l-7 7" stroke="#fff" stroke-width="2.4" stroke-linecap="round"/>`,
	"info":    `<circle cx="12" cy="12" r="10" fill="currentColor"/><path d="M12 11v6" stroke="#fff" stroke-width="2.4" stroke-linecap="round"/><circle cx="12" cy="7.4" r="1.4" fill="#fff"/>`,
	"neutral": `<circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2.4"/><path d="M12 7.5V12l3 2" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/>`,
	"eye":     `<path d="M1.5 12S5.5 5 12 5s10.5 7 10.5 7-4 7-10.5 7S1.5 12 1.5 12z" fill="none" stroke="currentColor" stroke-width="2"/><circle cx="12" cy="12" r="3" fill="currentColor"/>`,
	"menu":    `<path d="M3 6h18M3 12h18M3 18h18" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/>`,
	"back":    `<path d="M15 5l-7 7 7 7" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/>`,
	"arrow":   `<path d="M9 5l7 7-7 7" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/>`,
}

// Icon returns a named icon for pages ("success", "warning", "danger",
// "info", "neutral", "menu", "back", "arrow").
func Icon(name string) app.UI { return icon(name) }

func kindIcon(k Kind) string {
	switch k {
	case Success, Warning, Danger, Info:
		return string(k)
	}
	return "neutral"
}

// describedBy joins the ids that describe a control, skipping empty ones.
func describedBy(ids ...string) string {
	var out []string
	for _, id := range ids {
		if id != "" {
			out = append(out, id)
		}
	}
	return strings.Join(out, " ")
}

// fieldShell wraps a control with its label, hint and inline error in the
// GOV.UK order: label, hint, error, control.
func fieldShell(id, label, suffix, hint, errText string, control app.UI) app.UI {
	class := "field"
	if errText != "" {
		class += " field--error"
	}
	return app.Div().Class(class).Body(
		app.Label().Class("field__label").For(id).Body(
			app.Text(label),
			app.If(suffix != "", func() app.UI {
				return app.Span().Class("field__optional").Text(" " + suffix)
			}),
		),
		app.If(hint != "", func() app.UI {
			return app.P().ID(id + "-hint").Class("field__hint").Text(hint)
		}),
		// The error's place is kept when there is none, so that the control
		// stays the same element as the error comes and goes: focus, the
		// caret and a chosen file are not lost while typing.
		app.Div().Class("field__slot").Body(app.If(errText != "", func() app.UI {
			return app.P().ID(id+"-error").Class("field__error").Body(
				icon("danger"),
				app.Span().Text(errText),
			)
		})),
		control,
	)
}

func hintID(id, hint string) string {
	if hint == "" {
		return ""
	}
	return id + "-hint"
}

func errorID(id, errText string) string {
	if errText == "" {
		return ""
	}
	return id + "-error"
}

// inputOwner keeps one form's typed text from turning up in another form,
// and the keys a person types from being wiped by a render.
//
// go-app reuses an input when a re-render puts the same widget at the same
// place — the identity confirmation form giving way to the block form —
// and it never clears a typed value: an empty value removes the value
// attribute, which leaves what was typed on screen. So the passport typed
// into «Документ» became the block form's «Причина», one click from being
// the person's public reason. An input that now serves another field (a
// new id) is given that field's own value.
//
// go-app writes an input's value into the page whenever it differs from
// the value rendered before, and it handles an input event after the key
// is in the field: a frame that runs in between (another Go listener, a
// slow device) wrote the page's older text back, and the key was gone
// («Wrong-Pasword-3»). So while the page holds only the echo of what the
// input itself reported, the input renders the text that is in it now;
// a value the program sets (a reset, a draft, a formatted value) is not
// an echo and still reaches the field.
type inputOwner struct {
	id    string
	said  string // what the input last reported to the page
	typed bool   // it did, and the page has not set a value of its own since
}

// mounted records the field the input first served.
func (o *inputOwner) mounted(id string) { o.id = id }

// updated is called when the page renders the field again: page is the
// value it holds, shown that value as the input writes it. An input that
// now serves another field than before is given shown, once the update is
// on screen; a page value that is not the echo of the input's last report
// is the program's own.
func (o *inputOwner) updated(ctx app.Context, id, page, shown string) {
	if page != o.said {
		o.typed = false
	}
	if o.id != "" && o.id != id && !app.IsServer {
		o.typed = false // the echo was the other field's
		ctx.Defer(func(app.Context) {
			if el := app.Window().GetElementByID(id); el.Truthy() {
				el.Set("value", shown)
			}
		})
	}
	o.id = id
}

// report records v, the value the input reports to the page, and returns it.
func (o *inputOwner) report(v string) string {
	o.said, o.typed = v, true
	return v
}

// value is what the input renders: the text in it now while the page holds
// the echo of its last report (page), shown otherwise.
func (o *inputOwner) value(page, shown string) string {
	if !o.typed || page != o.said || app.IsServer {
		return shown
	}
	if el := app.Window().GetElementByID(o.id); el.Truthy() {
		return el.Get("value").String()
	}
	return shown
}
