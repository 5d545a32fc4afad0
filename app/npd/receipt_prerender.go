package npd

import (
	"context"
	"encoding/json"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// PublicReceipt is where the server's prerender of the check page
// /r/{number} gets its receipt. The server sets it once at start
// (server/portal): it answers what the page's route found for this
// request with the same lookup as the API's /r/{number}, or the error
// to show (not found, too many views, the service's failure). Unset, the
// page is prerendered without the receipt and the app asks the API.
var PublicReceipt func(ctx context.Context, number string) (sharednpd.Receipt, error)

// prerender is what the server's copy of the page shows of the receipt
// (the full receipt, or why not) and the data block for the app.
func prerender(ctx context.Context, number string) (page.Remote[sharednpd.Receipt], app.UI) {
	var r page.Remote[sharednpd.Receipt]
	if PublicReceipt == nil {
		return r, nil
	}
	data := receiptData{Number: number}
	rc, err := PublicReceipt(ctx, number)
	if err != nil {
		r = page.Remote[sharednpd.Receipt]{Status: page.Failed, Err: page.ErrText(err), Code: shared.ErrorCode(err)}
		if r.Code == shared.CodeNotFound {
			data.Code = r.Code
		}
	} else {
		r = page.Got(rc)
		data.Receipt = &rc
	}
	if data.Code == "" && data.Receipt == nil { // a failure worth a retry: the app asks again
		return r, nil
	}
	// json.Marshal escapes <, > and &: nothing in the block can end it.
	b, err := json.Marshal(data)
	if err != nil {
		return r, nil
	}
	return r, app.Raw(`<script type="application/json" id="` + receiptDataID + `">` + string(b) + `</script>`)
}

// shownReceipt is the receipt the server wrote into the page the app
// starts on (nil on any other page, and on the server): read when the
// page component is made, before go-app replaces the prerendered page
// with its own, and taken out of the page so that it is used once.
func shownReceipt() *receiptData {
	if app.IsServer {
		return nil
	}
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
