package office

import (
	"github.com/gofiber/fiber/v2"

	"kabinet/server/api"
	"kabinet/server/auth"
	"kabinet/shared"
)

// The desk's own: requests to remove lost second factors, and the
// service centres' kiosks.

func (h *Handlers) factorResets(c *fiber.Ctx, _ api.NoBody) (shared.FactorResetList, error) {
	return h.auth.FactorResets(c.UserContext())
}

// settleReset approves or rejects a request to remove lost second factors.
func (h *Handlers) settleReset(approve bool) func(*fiber.Ctx, shared.FactorResetDecision) error {
	return func(c *fiber.Ctx, req shared.FactorResetDecision) error {
		settle := h.auth.RejectFactorReset
		if approve {
			settle = h.auth.ApproveFactorReset
		}
		return settle(c.UserContext(), auth.Current(c).AccountID, validID(c), req, api.MetaOf(c))
	}
}

func (h *Handlers) kiosks(c *fiber.Ctx, _ api.NoBody) (shared.KioskList, error) {
	return h.auth.Kiosks(c.UserContext())
}

func (h *Handlers) registerKiosk(c *fiber.Ctx, req shared.KioskRequest) (shared.KioskRegistered, error) {
	return h.auth.RegisterKiosk(c.UserContext(), auth.Current(c).AccountID, req, api.MetaOf(c))
}

func (h *Handlers) revokeKiosk(c *fiber.Ctx, _ api.NoBody) error {
	return h.auth.RevokeKiosk(c.UserContext(), auth.Current(c).AccountID, api.Param(c, "id"), api.MetaOf(c))
}
