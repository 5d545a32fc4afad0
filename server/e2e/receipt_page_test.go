package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
)

// skeletonWatch notes, from the document's first byte, whether a loading
// skeleton is ever in the page.
const skeletonWatch = `(() => {
	window.kabinetSkeleton = false;
	new MutationObserver(() => {
		if (document.querySelector(".skeleton")) window.kabinetSkeleton = true;
	}).observe(document, {subtree: true, childList: true});
})()`

// demoReceipt seeds the demo data and gives the number of its first
// valid receipt.
func demoReceipt(t *testing.T, e *env) string {
	t.Helper()
	if _, err := e.P.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	var receipt string
	if err := e.DB.NewRaw(`SELECT number FROM npd_receipts WHERE annulled_at IS NULL ORDER BY created_at LIMIT 1`).Scan(context.Background(), &receipt); err != nil {
		t.Fatalf("a demo receipt: %v", err)
	}
	return receipt
}

// The check page of a receipt is the receipt from its first paint, and
// stays so when app.wasm takes over: the app shows the receipt the server
// wrote into the page (its data block, used once) instead of a skeleton
// while it asks the API again.
func TestReceiptPageShowsNoSkeletonWhenTheAppStarts(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	receipt := demoReceipt(t, e)
	ctx := browser(t, phone)
	onEveryPage(ctx, "the skeleton watch", skeletonWatch)
	open(ctx, e.url+"/r/"+receipt)
	waitVisible(ctx, "receipt-valid", stepTimeout)
	waitText(ctx, "#receipt", "Иванов Иван Иванович", stepTimeout)
	if skeleton, _ := js[bool](ctx, `window.kabinetSkeleton`); skeleton {
		fatalf(ctx, "a skeleton showed on the receipt's page")
	}
	if block, _ := js[bool](ctx, `!!document.getElementById("receipt-data")`); block {
		t.Error("the data block is still in the page the app runs")
	}
	shot(t, ctx, "receipt-app-started")
}

// The service worker shows a page seen before from its cache, but never a
// receipt's check page (the server sends it no-store): a receipt annulled
// after a visit shows as annulled on the next one, before any app runs.
func TestReceiptPageIsNotKeptByTheWorker(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	receipt := demoReceipt(t, e)
	ctx := browser(t, phone)
	open(ctx, e.url+"/r/"+receipt)
	waitShellCached(ctx)
	// A second visit goes through the worker, which keeps what it may.
	open(ctx, e.url+"/r/"+receipt)
	waitVisible(ctx, "receipt-valid", stepTimeout)

	if _, err := e.DB.ExecContext(context.Background(), `UPDATE npd_receipts SET annulled_at = now(), annul_reason = 'refund' WHERE number = ?`, receipt); err != nil {
		t.Fatal(err)
	}
	err := within(ctx, loadTimeout, func(c context.Context) error { return chromedp.Do(c, chromedp.Navigate(e.url+"/r/"+receipt)) })
	if err != nil {
		fatalf(ctx, "opening the receipt again: %v", err)
	}
	// The server's page, as the worker handed it over, before the app.
	state, _ := js[string](ctx, `JSON.stringify({annulled: !!document.getElementById("receipt-annulled"), valid: !!document.getElementById("receipt-valid"), prerendered: !!document.querySelector("fieldset[data-start-on-use]")})`)
	if state != `{"annulled":true,"valid":false,"prerendered":true}` {
		fatalf(ctx, "the receipt annulled since the last visit: %s, want the server's page saying it is annulled", state)
	}
}
