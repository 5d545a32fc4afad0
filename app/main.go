// Command app is Kabinet's front end, compiled to WebAssembly (web/app.wasm):
// it registers the same route table as the server and takes over the
// prerendered page.
package main

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/page"
	"kabinet/app/ui"
)

func main() {
	ui.Routes()
	// The first render (go-app's mount of the page) in a task of its own,
	// and the loading strip gone once it is done.
	page.Yield()
	go page.EndLoading()
	app.RunWhenOnBrowser()
}
