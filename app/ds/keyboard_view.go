package ds

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Render draws the live region, always there so that screen readers hear
// what it says next, and the keys while a field has the focus.
func (k *Keyboard) Render() app.UI {
	status := app.Div().ID("kbd-status").Class("sr-only").Role("status").Aria("live", "polite").Text(k.said)
	if k.target == "" {
		return app.Div().Class("kbd-frame").Body(status)
	}
	rows := keyRows(k.layout, k.letters)
	body := make([]app.UI, 0, len(rows))
	for _, row := range rows {
		keys := make([]app.UI, 0, len(row))
		for _, key := range row {
			keys = append(keys, k.key(key))
		}
		body = append(body, app.Div().Class("kbd__row").Body(keys...))
	}
	class := "kbd"
	if k.layout == LayoutNum {
		class += " kbd--num"
	}
	return app.Div().Class("kbd-frame").Body(
		status,
		app.Div().ID("kbd").Class(class).Role("group").Aria("label", k.Itext.Label).
			DataSet("layout", k.layout).
			On("mousedown", keepFocus).
			Body(body...),
	)
}

// keepFocus stops a tap on a key from taking the focus from the field.
func keepFocus(ctx app.Context, e app.Event) { e.PreventDefault() }

// key draws one key: a character, or a special key with its name for
// screen readers.
func (k *Keyboard) key(key string) app.UI {
	b := app.Button().Type("button").ID(KeyID(key)).Class("kbd__key")
	// The scope tells go-app the handler changed when a layout puts another
	// key in this button's place: handlers made by one func literal look
	// equal to it, so without the scope the button kept the old key («!»
	// on the symbols layout typed the «q» that had been there).
	press := func(ctx app.Context, e app.Event) { k.press(ctx, key) }
	scope := app.EventScope(key)
	switch {
	case key == keyShift:
		return b.Class("kbd__key kbd__key--wide").Aria("label", k.Itext.Shift).
			Aria("pressed", strconv.FormatBool(k.shift)).OnClick(press, scope).Text("⇧")
	case key == keyBackspace:
		return b.Class("kbd__key kbd__key--wide").Aria("label", k.Itext.Backspace).OnClick(press, scope).Text("⌫")
	case key == keySpace:
		return b.Class("kbd__key kbd__key--space").Aria("label", k.Itext.Space).OnClick(press, scope).Text(k.Itext.Space)
	case key == keyDone:
		return b.Class("kbd__key kbd__key--done").OnClick(press, scope).Text(k.Itext.Done)
	case strings.HasPrefix(key, keyLayout):
		to := strings.TrimPrefix(key, keyLayout)
		return b.Class("kbd__key kbd__key--wide").Aria("label", k.Itext.Layouts[to]).OnClick(press, scope).Text(switchFaces[to])
	}
	face := key
	if k.shift {
		face = strings.ToUpper(key)
	}
	return b.OnClick(press, scope).Text(face)
}

// press acts on a key: types into the field, or switches the layout, or
// moves on.
//
// Typing and «Готово» wait for the end of the frame (ctx.Defer): go-app
// writes the value the page holds into the input when it updates the page
// once a frame, and a character written before that update would be
// overwritten by the value of the character before it.
func (k *Keyboard) press(ctx app.Context, key string) {
	el := k.input()
	if !el.Truthy() {
		k.close(ctx) // the page went on without the field
		return
	}
	switch {
	case key == keyShift:
		k.shift = !k.shift
	case key == keyDone:
		k.self.Defer(func(ctx app.Context) {
			ctx.Dispatch(func(ctx app.Context) { k.done(ctx, el) }) // after the input events of the last keys
		})
		return
	case strings.HasPrefix(key, keyLayout):
		k.layout, k.shift = strings.TrimPrefix(key, keyLayout), false
		if k.layout == LayoutRU || k.layout == LayoutEN {
			k.letters = k.layout
		}
		k.said = k.Itext.Layouts[k.layout]
		ctx.Defer(func(app.Context) { k.keepVisible() }) // the new layout may be taller
	default:
		shift := k.shift
		k.self.Defer(func(app.Context) { // the keyboard's own context: a key may be gone after a layout switch
			el.Set("value", applyKey(el.Get("value").String(), key, shift, el.Get("maxLength").Int()))
			fire(el, "input")
		})
		if k.shift && key != keyBackspace {
			k.shift = false // Shift holds for one letter, as on a phone
		}
	}
	if !app.Window().Get("document").Get("activeElement").Equal(el) {
		el.Call("focus")
	}
}

// done moves to the next field of the form, or submits the form after its
// last field, as the Enter key would.
func (k *Keyboard) done(ctx app.Context, el app.Value) {
	form := el.Get("form")
	k.close(ctx)
	if !form.Truthy() {
		el.Call("blur")
		return
	}
	fields := form.Get("elements")
	after := false
	for i := 0; i < fields.Get("length").Int(); i++ {
		f := fields.Index(i)
		if f.Equal(el) {
			after = true
			continue
		}
		if id, _ := typable(f); after && id != "" && f.Get("offsetParent").Truthy() {
			f.Call("focus") // the focus listener opens the keyboard for it
			return
		}
	}
	el.Call("blur")
	// The submission starts from the browser's own task queue, as a tap on
	// the form's button would: called from here, on the UI goroutine, the
	// form's go-app handler could only run after the browser had already
	// sent the form itself (its PreventDefault would come too late).
	app.Window().Call("setTimeout", form.Get("requestSubmit").Call("bind", form), 0)
}
