package ds

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Dialog is a modal dialog on the native <dialog> element: showModal()
// makes the rest of the page inert (focus stays inside) and Esc asks to
// close it, which calls OnClose. The page owns the open state.
type Dialog struct {
	app.Compo

	Iid      string
	Ititle   string
	Iopen    bool
	Ialert   bool
	Ibody    []app.UI
	Iactions []app.UI
	IonClose func(app.Context)
}

// NewDialog returns a dialog with the id and the title.
func NewDialog(id, title string) *Dialog { return &Dialog{Iid: id, Ititle: title} }

// Open sets whether the dialog is shown.
func (d *Dialog) Open(v bool) *Dialog { d.Iopen = v; return d }

// Alert marks it as an alert dialog (the timeout warning).
func (d *Dialog) Alert() *Dialog { d.Ialert = true; return d }

// Body sets the dialog's content.
func (d *Dialog) Body(v ...app.UI) *Dialog { d.Ibody = v; return d }

// Actions sets the dialog's buttons (the first one gets the focus).
func (d *Dialog) Actions(v ...app.UI) *Dialog { d.Iactions = v; return d }

// OnClose is called when the person presses Esc.
func (d *Dialog) OnClose(h func(app.Context)) *Dialog { d.IonClose = h; return d }

// OnMount opens the dialog when it starts open.
func (d *Dialog) OnMount(ctx app.Context) { d.sync(ctx) }

// OnUpdate opens or closes the native dialog after the render.
func (d *Dialog) OnUpdate(ctx app.Context) { d.sync(ctx) }

func (d *Dialog) sync(ctx app.Context) {
	if app.IsServer {
		return
	}
	ctx.Defer(func(ctx app.Context) {
		el := app.Window().GetElementByID(d.Iid)
		if !el.Truthy() || !el.Get("showModal").Truthy() {
			return
		}
		open := el.Get("open").Bool()
		switch {
		case d.Iopen && !open:
			el.Call("showModal")
		case !d.Iopen && open:
			el.Call("close")
		}
	})
}

// Render draws the dialog.
func (d *Dialog) Render() app.UI {
	role := "dialog"
	if d.Ialert {
		role = "alertdialog"
	}
	return app.Dialog().
		ID(d.Iid).
		Class("dialog").
		Attr("role", role).
		Aria("labelledby", d.Iid+"-title").
		Aria("describedby", d.Iid+"-body").
		On("cancel", d.onCancel).
		Body(
			app.H2().ID(d.Iid+"-title").Class("dialog__title").Text(d.Ititle),
			app.Div().ID(d.Iid+"-body").Class("dialog__body").Body(d.Ibody...),
			app.Div().Class("dialog__actions").Body(d.Iactions...),
		)
}

func (d *Dialog) onCancel(ctx app.Context, e app.Event) {
	e.PreventDefault()
	if d.IonClose != nil {
		d.IonClose(ctx)
	}
}

// TimeoutWarning is the dialog «Сеанс скоро завершится» (id
// "timeout-dialog") with a live countdown, «Продолжить работу»
// (btn-continue) and «Выйти» (btn-timeout-logout).
type TimeoutWarning struct {
	app.Compo

	Iopen       bool
	Ileft       int // seconds
	Ifinal      bool
	Ibusy       bool
	Ititle      string
	Itext       func(left string) string
	IfinalText  string
	IcontinueTx string
	IlogoutTx   string
	IbusyTx     string
	IonContinue func(app.Context)
	IonLogout   func(app.Context)
}

// NewTimeoutWarning returns the warning; text builds the sentence around the
// countdown ("1:05").
func NewTimeoutWarning(title string, text func(left string) string, continueText, logoutText string) *TimeoutWarning {
	return &TimeoutWarning{Ititle: title, Itext: text, IcontinueTx: continueText, IlogoutTx: logoutText}
}

// Open sets whether the warning shows and how many seconds are left.
func (t *TimeoutWarning) Open(open bool, left int) *TimeoutWarning {
	t.Iopen, t.Ileft = open, left
	return t
}

// Final says the session ends for good (absolute lifetime): continuing
// cannot help, so only the text and «Выйти» show.
func (t *TimeoutWarning) Final(v bool, text string) *TimeoutWarning {
	t.Ifinal, t.IfinalText = v, text
	return t
}

// Busy shows that «Продолжить работу» is running.
func (t *TimeoutWarning) Busy(v bool, text string) *TimeoutWarning {
	t.Ibusy, t.IbusyTx = v, text
	return t
}

// OnContinue and OnLogout set the two actions.
func (t *TimeoutWarning) OnContinue(h func(app.Context)) *TimeoutWarning { t.IonContinue = h; return t }

// OnLogout sets the sign-out action.
func (t *TimeoutWarning) OnLogout(h func(app.Context)) *TimeoutWarning { t.IonLogout = h; return t }

// MinSec formats seconds as m:ss.
func MinSec(s int) string {
	if s < 0 {
		s = 0
	}
	sec := strconv.Itoa(s % 60)
	if len(sec) == 1 {
		sec = "0" + sec
	}
	return strconv.Itoa(s/60) + ":" + sec
}

// Render draws the warning.
func (t *TimeoutWarning) Render() app.UI {
	left := MinSec(t.Ileft)
	text := t.Itext(left)
	// Screen readers hear the countdown every 15 seconds, not every second.
	spoken := ""
	if t.Ileft%15 == 0 || t.Ileft <= 5 {
		spoken = text
	}
	var actions []app.UI
	if !t.Ifinal {
		actions = append(actions, NewButton(t.IcontinueTx).ID("btn-continue").Busy(t.Ibusy, t.IbusyTx).OnClick(t.onContinue))
	}
	actions = append(actions, NewButton(t.IlogoutTx).ID("btn-timeout-logout").Kind(Secondary).OnClick(t.onLogout))
	body := []app.UI{
		app.P().Class("dialog__countdown").Aria("hidden", "true").Text(text),
		app.P().Class("sr-only").Aria("live", "assertive").Text(spoken),
	}
	if t.Ifinal {
		body = append(body, app.P().Text(t.IfinalText))
	}
	return NewDialog("timeout-dialog", t.Ititle).
		Alert().
		Open(t.Iopen).
		OnClose(t.escape).
		Body(body...).
		Actions(actions...)
}

func (t *TimeoutWarning) onContinue(ctx app.Context, e app.Event) {
	if t.IonContinue != nil {
		t.IonContinue(ctx)
	}
}

func (t *TimeoutWarning) onLogout(ctx app.Context, e app.Event) {
	if t.IonLogout != nil {
		t.IonLogout(ctx)
	}
}

// escape treats Esc as «Продолжить работу» (closing the warning is a sign
// of presence), unless the session cannot be extended.
func (t *TimeoutWarning) escape(ctx app.Context) {
	if !t.Ifinal && !t.Ibusy && t.IonContinue != nil {
		t.IonContinue(ctx)
	}
}
