//go:build js && wasm

package npd

import (
	"context"
	"encoding/json"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/page"
	sharednpd "kabinet/shared/npd"
)

// prerender is the server's alone.
func prerender(context.Context, string) (page.Remote[sharednpd.Receipt], app.UI) {
	return page.Remote[sharednpd.Receipt]{}, nil
}

// shownReceipt is the receipt the server wrote into the page the app
// starts on (nil on any other page): read when the page component is
// made, before go-app replaces the prerendered page with its own, and
// taken out of the page so that it is used once.
func shownReceipt() *receiptData {
	el := app.Window().GetElementByID(receiptDataID)
	if !el.Truthy() {
		return nil
	}
	var d receiptData
	err := json.Unmarshal([]byte(el.Get("textContent").String()), &d)
	el.Call("remove")
	if err != nil {
		return nil
	}
	return &d
}
