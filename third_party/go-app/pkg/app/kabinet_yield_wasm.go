//go:build wasm

package app

import "syscall/js"

// yieldToBrowser lets the browser run its waiting tasks and returns in a
// task of its own (a MessageChannel message: not slowed in a background
// tab as timers are). Kabinet's change: RunWhenOnBrowser calls it between
// the first mount and the engine's loop, so they are two tasks.
func yieldToBrowser() {
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
