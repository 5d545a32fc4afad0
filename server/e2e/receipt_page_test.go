package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/page"
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

// The check page of a receipt is the receipt from its first paint, and
// stays so when app.wasm takes over: the app shows the receipt the server
// wrote into the page (its data block, used once) instead of a skeleton
// while it asks the API again.
func TestReceiptPageShowsNoSkeletonWhenTheAppStarts(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	if _, err := e.P.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	var receipt string
	if err := e.DB.NewRaw(`SELECT number FROM npd_receipts WHERE annulled_at IS NULL ORDER BY created_at LIMIT 1`).Scan(context.Background(), &receipt); err != nil {
		t.Fatalf("a demo receipt: %v", err)
	}
	ctx := browser(t, phone)
	err := within(ctx, stepTimeout, func(c context.Context) error {
		_, err := chromedp.Call(c, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: skeletonWatch})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
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
