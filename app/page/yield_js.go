//go:build js && wasm

package page

import (
	"syscall/js"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Yield lets the browser run its waiting tasks (input, painting) and comes
// back in a task of its own. The app's start is cut with it into several
// short tasks instead of one long one that held the page for over a
// second on a phone. A MessageChannel message, not setTimeout: timers are
// slowed to once a second in a background tab, messages are not.
func Yield() {
	mc := js.Global().Get("MessageChannel")
	if !mc.Truthy() {
		return
	}
	ch := make(chan struct{}, 1)
	c := mc.New()
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

// EndLoading removes go-app's loading strip once the app has taken the
// page over: run as a goroutine before go-app's mount, its turn comes in
// the task after the mount. (app.js removed it as soon as Go first gave
// the browser a turn, long before the mount; see app/ui's app.js.)
func EndLoading() {
	Yield()
	if l := app.Window().GetElementByID("app-wasm-loader"); l.Truthy() {
		l.Call("remove")
	}
}
