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
	// The first render (go-app's mount of the page, itself cut into short
	// tasks by our go-app copy) starts in a task of its own, and the
	// loading strip goes once the page is in place.
	page.Yield()
	page.EndLoading()
	app.RunWhenOnBrowser()
}
