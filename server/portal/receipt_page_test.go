package portal_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"kabinet/server/api"
	"kabinet/server/config"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// The check page of a receipt arrives complete in the server's HTML: a
// phone reads the seller, the total and whether the receipt is valid
// before app.wasm has arrived (or without it); an annulled receipt says
// so; an unknown number answers 404 with the not-found text. The app,
// when it starts, finds the receipt in a data block instead of asking.
func TestReceiptPageIsCompleteInItsHTML(t *testing.T) {
	e := start(t, nil)
	valid, annulled := demoReceipts(t, e)

	status, html := fetchPage(t, e.URL+"/r/"+valid.Number, nil)
	if status != http.StatusOK {
		t.Fatalf("a valid receipt's page: %d", status)
	}
	for _, want := range []string{
		"Иванов Иван Иванович", valid.SellerINN, shared.FormatRubles(valid.Total, true), valid.Items[0].Name,
		"Чек действителен", `src="data:image/png;base64,`, `href="/api/v1/r/` + valid.Number + `/pdf"`,
		`<script type="application/json" id="receipt-data">{"number":"` + valid.Number + `","receipt":{`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the valid receipt's page lacks %q", want)
		}
	}
	if strings.Contains(html, "Аннулирован") || strings.Contains(html, `class="skeleton`) {
		t.Errorf("the valid receipt's page says annulled or waits for data:\n%s", html)
	}

	status, html = fetchPage(t, e.URL+"/r/"+annulled.Number, nil)
	if status != http.StatusOK || !strings.Contains(html, "Аннулирован") || !strings.Contains(html, "Причина: Возврат средств") ||
		strings.Contains(html, "Чек действителен") {
		t.Errorf("the annulled receipt's page: %d\n%s", status, html)
	}

	status, html = fetchPage(t, e.URL+"/r/2nosuchone", nil)
	if status != http.StatusNotFound || !strings.Contains(html, "Чека с таким номером нет") ||
		!strings.Contains(html, `{"number":"2nosuchone","code":"not_found"}`) {
		t.Errorf("an unknown number's page: %d\n%s", status, html)
	}

	// go-app answers its pages 304 by its version alone: a receipt page
	// seen before its annulment must not be shown from the browser's cache.
	resp, err := http.Get(e.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	etag := resp.Header.Get("ETag")
	status, html = fetchPage(t, e.URL+"/r/"+annulled.Number, http.Header{"If-None-Match": {etag}})
	if etag == "" || status != http.StatusOK || !strings.Contains(html, "Аннулирован") {
		t.Errorf("the page asked again with go-app's ETag %q: %d", etag, status)
	}
}

// The page counts against the same per-IP limit as the API's receipt
// data: over it the page answers 429 with the wait and says why, without
// the receipt, and the API refuses as well.
func TestReceiptPageIsLimitedWithTheAPI(t *testing.T) {
	e := start(t, func(c *config.Config) { c.ReceiptIPLimit = 3; c.ReceiptIPWindow = time.Hour })
	valid, _ := demoReceipts(t, e)

	c := e.Client()
	c.MustOK("GET", "/r/"+valid.Number, nil, nil)
	for range 2 {
		if status, _ := fetchPage(t, e.URL+"/r/"+valid.Number, nil); status != http.StatusOK {
			t.Fatalf("within the limit: %d", status)
		}
	}
	resp, err := http.Get(e.URL + "/r/" + valid.Number)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	html := string(b)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" ||
		!strings.Contains(html, "С вашего адреса проверили слишком много чеков") || strings.Contains(html, valid.SellerINN) {
		t.Errorf("the page over the limit: %d, Retry-After %q\n%s", resp.StatusCode, resp.Header.Get("Retry-After"), html)
	}
	if status, err := c.Do("GET", "/r/"+valid.Number, nil, nil); status != http.StatusTooManyRequests || err.Code != shared.CodeRateLimited {
		t.Errorf("the API after the pages: %d %+v", status, err)
	}
}

// demoReceipts makes the demo Иванов a payer with his receipts and
// annuls one of them (a refund): a valid receipt and an annulled one, as
// the API shows them.
func demoReceipts(t *testing.T, e *portaltest.Env) (valid, annulled sharednpd.Receipt) {
	t.Helper()
	ctx := context.Background()
	e.SeedDemo()
	ivan, err := e.P.Accounts.FindByLogin(ctx, "ivan@example.ru")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.P.NPD.SeedDemo(ctx, ivan.ID); err != nil {
		t.Fatal(err)
	}
	var ids []string
	if err := e.DB.NewRaw("SELECT id FROM npd_receipts WHERE account_id = ? ORDER BY settled_at DESC LIMIT 2", ivan.ID).Scan(ctx, &ids); err != nil || len(ids) != 2 {
		t.Fatalf("the demo receipts: %v %v", ids, err)
	}
	a, err := e.P.NPD.Annul(ctx, ivan.ID, ids[1], sharednpd.AnnulRequest{Reason: sharednpd.AnnulRefund}, api.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	var v sharednpd.Receipt
	if err := e.DB.NewRaw("SELECT number FROM npd_receipts WHERE id = ?", ids[0]).Scan(ctx, &v.Number); err != nil {
		t.Fatal(err)
	}
	if valid, err = e.P.NPD.ReceiptCheck(ctx, v.Number); err != nil {
		t.Fatal(err)
	}
	if annulled, err = e.P.NPD.ReceiptCheck(ctx, a.Number); err != nil {
		t.Fatal(err)
	}
	return valid, annulled
}

// fetchPage GETs a page with header and returns its status and HTML.
func fetchPage(t *testing.T, url string, header http.Header) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
