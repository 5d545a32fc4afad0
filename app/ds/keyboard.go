package ds

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// KeyboardText is what the on-screen keyboard says, in the page's language.
type KeyboardText struct {
	Label     string // the keyboard's name for screen readers
	Opened    string // announced when it appears, before the layout's name
	Closed    string // announced when it goes away
	Shift     string
	Backspace string
	Space     string
	Done      string
	Layouts   map[string]string // LayoutRU… → name read aloud («Русские буквы»)
}

// switchFaces are the faces of the layout keys. They name each layout in
// its own script, as keyboards everywhere do, so they are the same in
// every language of the interface; screen readers hear Layouts instead.
var switchFaces = map[string]string{LayoutRU: "РУС", LayoutEN: "ENG", LayoutSym: "!#?"}

// Keyboard is the on-screen keyboard of kiosk mode: a kiosk has no
// physical keyboard. It follows the focus: when a text input takes it, the
// keyboard appears at the bottom of the screen (digits only for
// inputmode=numeric), the page scrolls so that the field stays above it,
// and every key writes into that input and fires a real input event, so the
// go-app handlers the field is bound to see the value as if it was typed.
// «Готово» moves to the form's next field, or submits the form after the
// last one. Put one in the frame of every page of a kiosk.
type Keyboard struct {
	app.Compo

	Itext KeyboardText

	target  string // id of the input it types into; "" when closed
	layout  string
	letters string // the last letter layout, where the symbols key returns
	shift   bool
	said    string // the live region's text
	self    app.Context
	focusIn app.Func
}

// NewKeyboard returns a keyboard that speaks text.
func NewKeyboard(text KeyboardText) *Keyboard { return &Keyboard{Itext: text} }

// OnMount follows the focus of the whole document: the fields belong to
// the pages, the keyboard to the frame.
func (k *Keyboard) OnMount(ctx app.Context) {
	k.self = ctx
	k.focusIn = app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) > 0 {
			el := args[0].Get("target")
			ctx.Dispatch(func(ctx app.Context) { k.follow(ctx, el) })
		}
		return nil
	})
	doc := app.Window().Get("document")
	doc.Call("addEventListener", "focusin", k.focusIn)
	if el := doc.Get("activeElement"); el.Truthy() {
		k.follow(ctx, el) // a page that focused its first field before the frame mounted
	}
}

// OnDismount stops following the focus.
func (k *Keyboard) OnDismount() {
	if k.focusIn != nil {
		app.Window().Get("document").Call("removeEventListener", "focusin", k.focusIn)
		k.focusIn.Release()
		k.focusIn = nil
	}
	setKeyboardSpace(0)
}

// follow opens the keyboard for a text input that took the focus and
// closes it when anything else did; a key of its own taking the focus
// changes nothing.
func (k *Keyboard) follow(ctx app.Context, el app.Value) {
	if !el.Truthy() || el.Call("closest", "#kbd").Truthy() {
		ctx.PreventUpdate()
		return
	}
	id, kind := typable(el)
	switch {
	case id == "" && k.target == "":
		ctx.PreventUpdate()
	case id == "":
		k.close(ctx)
	case id != k.target:
		k.leave()
		k.open(ctx, id, kind)
	default:
		ctx.PreventUpdate()
	}
}

// typable returns the id of an input the keyboard can type into and the
// layout it starts with, or "" for anything else.
func typable(el app.Value) (id, layout string) {
	if !strings.EqualFold(el.Get("tagName").String(), "input") || el.Get("readOnly").Bool() || el.Get("disabled").Bool() {
		return "", ""
	}
	typ := el.Get("type").String()
	switch typ {
	case "text", "password", "email", "tel", "search", "url", "number":
	default:
		return "", "" // checkboxes, radios, files: a tap is enough
	}
	id = el.Get("id").String()
	mode := el.Call("getAttribute", "inputmode")
	auto := el.Call("getAttribute", "autocomplete")
	switch {
	case typ == "number" || (mode.Truthy() && (mode.String() == "numeric" || mode.String() == "decimal")):
		return id, LayoutNum
	case typ == "password" || typ == "email" || typ == "url" || mode.String() == "email" ||
		(auto.Truthy() && strings.Contains(auto.String(), "username")):
		return id, LayoutEN // logins and passwords are mostly Latin
	}
	return id, LayoutRU
}

func (k *Keyboard) open(ctx app.Context, id, layout string) {
	k.target, k.layout, k.shift = id, layout, false
	if layout == LayoutRU || layout == LayoutEN {
		k.letters = layout
	} else if k.letters == "" {
		k.letters = LayoutRU
	}
	k.said = k.Itext.Opened + ". " + k.Itext.Layouts[layout]
	ctx.Defer(func(app.Context) { k.keepVisible() })
}

func (k *Keyboard) close(ctx app.Context) {
	k.leave()
	k.target, k.shift = "", false
	k.said = k.Itext.Closed
	setKeyboardSpace(0)
}

// leave tells the field the keyboard typed into that its value is final
// (a change event: masks and checks that wait for the end of typing run).
func (k *Keyboard) leave() {
	if el := k.input(); el.Truthy() {
		fire(el, "change")
	}
}

func (k *Keyboard) input() app.Value {
	if k.target == "" {
		return app.Null()
	}
	return app.Window().GetElementByID(k.target)
}

// fire dispatches a real DOM event of that type on el, as typing would.
func fire(el app.Value, typ string) {
	ev := app.Window().Get("Event").New(typ, map[string]any{"bubbles": true})
	el.Call("dispatchEvent", ev)
}

// setKeyboardSpace reserves room under the page for the keyboard, so that
// the last field of a page can still scroll above it.
func setKeyboardSpace(px int) {
	if app.IsServer {
		return
	}
	style := app.Window().Get("document").Get("documentElement").Get("style")
	if px == 0 {
		style.Call("removeProperty", "--kbd-space")
		return
	}
	style.Call("setProperty", "--kbd-space", strconv.Itoa(px)+"px")
}

// keepVisible scrolls the page so that the field sits in the middle of
// what the keyboard leaves of the screen.
func (k *Keyboard) keepVisible() {
	kbd := app.Window().GetElementByID("kbd")
	el := k.input()
	if !kbd.Truthy() || !el.Truthy() {
		return
	}
	h := kbd.Get("offsetHeight").Int()
	setKeyboardSpace(h)
	w := app.Window()
	top := w.Get("innerHeight").Int() - h
	r := el.Call("getBoundingClientRect")
	mid := (r.Get("top").Float() + r.Get("bottom").Float()) / 2
	w.Call("scrollBy", 0, int(mid)-top/2)
}
