//go:build js && wasm

package page

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Yield lets the browser run its waiting tasks (input, painting) and comes
// back in a task of its own (go-app's GiveTurn, our copy's, which its first
// mount uses too). The app's start is cut with it into several short tasks
// instead of one long one that held the page for over a second on a phone.
func Yield() { app.GiveTurn() }

// EndLoading removes go-app's loading strip once the app has taken the
// page over: called before go-app's mount, it waits in a goroutine for the
// first turn after the prerendered page has been replaced. The mount gives
// the browser turns while it builds the page apart from the document (our
// go-app copy, kabinet_slice_wasm.go), so a turn alone does not mean the
// page is in place. (app.js removed the strip as soon as Go first gave the
// browser a turn, long before the mount; see app/ui's app.js.)
func EndLoading() {
	prerendered := app.Window().Get("document").Get("body").Get("firstElementChild")
	go func() {
		for i := 0; i < 1000; i++ { // a bound: the mount takes a few turns
			Yield()
			if !prerendered.Truthy() || !prerendered.Get("isConnected").Bool() {
				break
			}
		}
		if l := app.Window().GetElementByID("app-wasm-loader"); l.Truthy() {
			l.Call("remove")
		}
	}()
}
