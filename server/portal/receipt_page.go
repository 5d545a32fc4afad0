// The public check page of a receipt, /r/{number}, complete in the HTML
// the server sends: a buyer who scans a receipt's QR code on a phone reads
// it before app.wasm has arrived, or without it.

package portal

import (
	"context"
	"errors"
	"log/slog"
	"strconv"

	"github.com/gofiber/fiber/v2"

	npdpage "kabinet/app/npd"
	"kabinet/app/ui"
	"kabinet/server/api"
	"kabinet/server/auth"
	sharednpd "kabinet/shared/npd"
)

// go-app prerenders pages in its own handler, which knows nothing of
// the portal; the page's OnNav asks app/npd.PublicReceipt, and this
// answers it with what the page's route put into the request (go-app
// prerenders with the request's context: third_party/go-app). Set once
// here rather than by New, since tests run several portals at a time.
func init() { npdpage.PublicReceipt = foundReceipt }

// receiptKey is the request value (Fiber's Locals) under which the
// page's route hands the prerender its receiptFound.
type receiptKey struct{}

// receiptFound is what the page's route found: the receipt or the error
// to show, as the client may be told it.
type receiptFound struct {
	number string
	r      sharednpd.Receipt
	err    error
}

// errOutsideRoute is a receipt page prerendered by a way that did not
// look the receipt up: a mistake in the wiring, shown as «something went
// wrong» rather than as a receipt that is not there.
var errOutsideRoute = errors.New("portal: the receipt page was prerendered outside its route")

func foundReceipt(ctx context.Context, number string) (sharednpd.Receipt, error) {
	f, ok := ctx.Value(receiptKey{}).(*receiptFound)
	if !ok || f.number != number {
		return sharednpd.Receipt{}, errOutsideRoute
	}
	return f.r, f.err
}

// receiptViews counts a client's views of public receipts (the page, the
// API's answer for it and the PDF, together) against RECEIPT_IP_LIMIT:
// the page is no way around the API's limit, nor the API around the
// page's. Over it the answer is CodeRateLimited with the wait.
func receiptViews(t *auth.Throttle) func(c *fiber.Ctx) error {
	return func(c *fiber.Ctx) error {
		return t.Hit(c.UserContext(), "receipt:"+api.ClientIP(c))
	}
}

// limitedBy is a view counter as the API's middleware.
func limitedBy(count func(c *fiber.Ctx) error) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := count(c); err != nil {
			return err
		}
		return c.Next()
	}
}

// receiptPage serves /r/{number}: it counts the view, looks the receipt
// up with check (the API's own lookup, with the QR code), and has go-app
// (pages) prerender the page with what it found. The status says it too:
// 200 with the receipt, 404 for an unknown number, 429 over the limit
// (the lookup is not made), 503 or 500 when the service failed (the page
// says so, never the error's text). The page is the receipt's as of
// now: never 304 on go-app's version alone, and not kept by caches.
// Paths that are no receipt number go on to the not-found page.
func receiptPage(count func(c *fiber.Ctx) error, check func(ctx context.Context, number string) (sharednpd.Receipt, error),
	pages fiber.Handler, log *slog.Logger) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if !ui.IsPage(c.Path()) {
			return c.Next()
		}
		f := &receiptFound{number: c.Params("number")}
		if f.err = count(c); f.err == nil {
			f.r, f.err = check(c.UserContext(), f.number)
		}
		status, retry := fiber.StatusOK, 0
		if f.err != nil {
			e := api.Public(c, log, f.err)
			f.err, status, retry = e, api.Status(e.Code), e.RetryAfter
		}
		c.Locals(receiptKey{}, f)
		c.Request().Header.Del(fiber.HeaderIfNoneMatch)
		if err := pages(c); err != nil {
			return err
		}
		c.Response().Header.Del(fiber.HeaderETag)
		c.Set(fiber.HeaderCacheControl, "no-store")
		if retry > 0 {
			c.Set(fiber.HeaderRetryAfter, strconv.Itoa(retry))
		}
		c.Status(status)
		return nil
	}
}
