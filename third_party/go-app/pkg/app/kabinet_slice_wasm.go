//go:build wasm

package app

import (
	"syscall/js"
	"time"
)

// Kabinet's change: the page's start in tasks of a few tens of
// milliseconds instead of one of 150–350 ms on a desktop (V8 compiles each
// function of app.wasm at its first call, and most are first called
// there); the browser could not answer input or paint meanwhile.
//
// RunWhenOnBrowser's first Navigate builds the whole page apart from the
// document, then puts it in place of the prerendered page with one
// replaceChild. While firstMount.on, the mount hands the browser a turn
// once mountSlice has passed since the last one, but only while what it
// builds is not in the document: nothing the person sees changes until
// the replace. The replace, OnNav and the first frame stay in one task, as
// before (a turn between them let Chromium paint the page without its
// OnNav state: a layout shift).
//
// The engine's loop itself never gives a turn: go-app runs an event's
// dispatch (and so its PreventDefault) within the browser's event only
// because the loop is waiting for it. A loop parked in a turn let a press
// on «Войти» submit the form natively. Until the loop starts, the
// prerendered page's controls are start.js's (app/ui), not go-app's.
var firstMount struct {
	on    bool
	since time.Time
}

const mountSlice = 25 * time.Millisecond

func sliceFirstMount(on bool) {
	firstMount.on = on
	firstMount.since = time.Now()
}

// yieldInMount gives the browser a turn if the first mount has run for
// mountSlice and el (nil: a component, not yet an element) is not in the
// document.
func yieldInMount(el Value) {
	if !firstMount.on || time.Since(firstMount.since) < mountSlice || el != nil && el.Get("isConnected").Bool() {
		return
	}
	GiveTurn()
	firstMount.since = time.Now()
}

// GiveTurn lets the browser run its waiting tasks (input, painting) and
// returns in a task of its own: a MessageChannel message, which a
// background tab does not slow down as it does timers. Exported for
// Kabinet's app (page.Yield), so that there is one such turn.
func GiveTurn() {
	mc := js.Global().Get("MessageChannel")
	if !mc.Truthy() {
		return
	}
	c := mc.New()
	ch := make(chan struct{}, 1)
	f := js.FuncOf(func(js.Value, []js.Value) any {
		ch <- struct{}{}
		return nil
	})
	c.Get("port1").Set("onmessage", f)
	c.Get("port2").Call("postMessage", nil)
	<-ch
	c.Get("port1").Call("close")
	f.Release()
}
