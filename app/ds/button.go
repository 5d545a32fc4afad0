package ds

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Button kinds.
const (
	Primary   = "primary"
	Secondary = "secondary"
	DangerBtn = "danger"
	LinkBtn   = "link"
)

// Button is a button or, with Href, a link that looks like one. While busy
// it shows a spinner and the busy text, stays focusable (so focus is not
// lost) and ignores clicks.
type Button struct {
	app.Compo

	Iid       string
	Itext     string
	Ikind     string
	Itype     string
	Ihref     string
	IbusyText string
	Ibusy     bool
	Idisabled bool
	Iwide     bool
	Ilabel    string // aria-label, when the text alone is ambiguous («Удалить» in a list)
	Igesture  bool   // its action needs the person's own press (WebAuthn)
	IonClick  app.EventHandler
}

// NewButton returns a primary button with the text.
func NewButton(text string) *Button {
	return &Button{Itext: text, Ikind: Primary, Itype: "button"}
}

// ID sets the button's id (stable ids for browser tests: "btn-…").
func (b *Button) ID(v string) *Button { b.Iid = v; return b }

// Kind sets primary, secondary, danger or link.
func (b *Button) Kind(v string) *Button { b.Ikind = v; return b }

// Submit makes it the submit button of its form.
func (b *Button) Submit() *Button { b.Itype = "submit"; return b }

// Href turns the button into a link to the URL.
func (b *Button) Href(v string) *Button { b.Ihref = v; return b }

// Busy shows that the action is running; text replaces the label meanwhile.
func (b *Button) Busy(busy bool, text string) *Button { b.Ibusy = busy; b.IbusyText = text; return b }

// Disabled disables the button (for waits the person cannot shorten, such as
// the resend countdown; prefer Busy for running actions).
func (b *Button) Disabled(v bool) *Button { b.Idisabled = v; return b }

// Label sets the accessible name that replaces the visible text for
// screen readers («Удалить ключ „Телефон“»).
func (b *Button) Label(v string) *Button { b.Ilabel = v; return b }

// Wide stretches the button to the width of its container on phones.
func (b *Button) Wide() *Button { b.Iwide = true; return b }

// Gesture marks a button whose action the browser allows only in the
// person's own press (a passkey): a press before the app ran is not
// replayed for it (app/ui/start.js), the person presses it again.
func (b *Button) Gesture() *Button { b.Igesture = true; return b }

// OnClick sets the click handler.
func (b *Button) OnClick(h app.EventHandler) *Button { b.IonClick = h; return b }

func (b *Button) class() string {
	c := "button button--" + b.Ikind
	if b.Iwide {
		c += " button--wide"
	}
	if b.Ibusy {
		c += " button--busy"
	}
	return c
}

// Render draws the button.
func (b *Button) Render() app.UI {
	if b.Ihref != "" {
		return app.A().ID(b.Iid).Class(b.class()).Href(b.Ihref).Text(b.Itext)
	}
	label := b.Itext
	if b.Ibusy && b.IbusyText != "" {
		label = b.IbusyText
	}
	btn := app.Button().
		ID(b.Iid).
		Class(b.class()).
		Type(b.Itype).
		OnClick(b.onClick)
	// Boolean attributes only when true: the server writes disabled="false",
	// which HTML reads as disabled.
	if b.Idisabled {
		btn = btn.Disabled(true)
	}
	if b.Ibusy {
		btn = btn.Aria("disabled", "true").Aria("busy", "true")
	}
	if b.Ilabel != "" {
		btn = btn.Aria("label", b.Ilabel)
	}
	if b.Igesture {
		btn = btn.DataSet("gesture", true)
	}
	return btn.Body(
		app.If(b.Ibusy, func() app.UI {
			return app.Span().Class("spinner").Aria("hidden", "true")
		}),
		app.Span().Class("button__text").Text(label),
	)
}

func (b *Button) onClick(ctx app.Context, e app.Event) {
	if b.Ibusy || b.Idisabled {
		e.PreventDefault()
		return
	}
	if b.IonClick != nil {
		b.IonClick(ctx, e)
	}
}
