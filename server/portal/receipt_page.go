// The public check page of a receipt, /r/{number}: what limits its views.

package portal

import (
	"github.com/gofiber/fiber/v2"

	"kabinet/server/api"
	"kabinet/server/auth"
)

// receiptViews counts a client's views of public receipts (the API's
// answer for the check page and the PDF, together) against
// RECEIPT_IP_LIMIT. Over it the answer is CodeRateLimited with the wait.
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
