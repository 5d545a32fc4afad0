// Package office is the back office's API: staff find a person, confirm an
// identity after an in-person check, block or unblock an account, and
// register the service centres' kiosks. Every
// route checks the staff member's permission on the server; the business
// rules are the account service's.
package office

import (
	"github.com/gofiber/fiber/v2"

	"kabinet/server/account"
	"kabinet/server/api"
	"kabinet/server/auth"
	"kabinet/shared"
)

// Handlers serves /office.
type Handlers struct {
	accounts *account.Service
	auth     *auth.Service
}

// New returns the back office's handlers.
func New(accounts *account.Service, a *auth.Service) *Handlers {
	return &Handlers{accounts: accounts, auth: a}
}

// Routes mounts the office endpoints on r behind authed.
func (h *Handlers) Routes(r fiber.Router, authed fiber.Handler) {
	g := r.Group("/office", authed)
	read := auth.RequirePermission(shared.PermPeopleRead)
	g.Get("/people", read, h.search)
	g.Get("/people/:id", read, h.person)
	g.Get("/people/:id/journal", read, h.journal)
	g.Post("/people/:id/confirm", auth.RequirePermission(shared.PermPeopleConfirm), h.confirm)
	g.Post("/people/:id/block", auth.RequirePermission(shared.PermPeopleBlock), h.block(true))
	g.Post("/people/:id/unblock", auth.RequirePermission(shared.PermPeopleBlock), h.block(false))
	kiosks := auth.RequirePermission(shared.PermKiosksManage)
	g.Get("/kiosks", kiosks, func(c *fiber.Ctx) error {
		l, err := h.auth.Kiosks(c.UserContext())
		if err != nil {
			return err
		}
		return c.JSON(l)
	})
	g.Post("/kiosks", kiosks, func(c *fiber.Ctx) error {
		var req shared.KioskRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		k, err := h.auth.RegisterKiosk(c.UserContext(), auth.Current(c).AccountID, req, api.MetaOf(c))
		if err != nil {
			return err
		}
		return c.Status(fiber.StatusCreated).JSON(k)
	})
	g.Post("/kiosks/:id/revoke", kiosks, func(c *fiber.Ctx) error {
		if err := h.auth.RevokeKiosk(c.UserContext(), auth.Current(c).AccountID, api.Param(c, "id"), api.MetaOf(c)); err != nil {
			return err
		}
		return api.NoContent(c)
	})
}

func (h *Handlers) search(c *fiber.Ctx) error {
	items, err := h.accounts.Search(c.UserContext(), api.Query(c, "q"))
	if err != nil {
		return err
	}
	return c.JSON(shared.PeopleSearch{Items: items})
}

func (h *Handlers) person(c *fiber.Ctx) error {
	acc, err := h.accounts.Get(c.UserContext(), validID(c))
	if err != nil {
		return err
	}
	return c.JSON(acc)
}

func (h *Handlers) journal(c *fiber.Ctx) error {
	id := validID(c)
	if _, err := h.accounts.Get(c.UserContext(), id); err != nil {
		return err
	}
	return account.JournalPage(c, h.accounts, id)
}

func (h *Handlers) confirm(c *fiber.Ctx) error {
	var req shared.ConfirmIdentityRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	acc, err := h.accounts.ConfirmIdentity(c.UserContext(), auth.Current(c).AccountID, validID(c), req, api.MetaOf(c))
	if err != nil {
		return err
	}
	return c.JSON(acc)
}

func (h *Handlers) block(block bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		var req shared.StatusChangeRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		acc, err := h.accounts.SetBlocked(c.UserContext(), auth.Current(c).AccountID, validID(c), block, req, api.MetaOf(c))
		if err != nil {
			return err
		}
		return c.JSON(acc)
	}
}

// validID returns the :id parameter when it is a UUID, or "" — which no
// account has — so malformed ids are a plain not-found, not a SQL error.
func validID(c *fiber.Ctx) string {
	id := api.Param(c, "id")
	if len(id) != 36 || id[8] != '-' || id[13] != '-' || id[18] != '-' || id[23] != '-' {
		return "00000000-0000-0000-0000-000000000000"
	}
	for i, r := range id {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			continue
		}
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F') {
			return "00000000-0000-0000-0000-000000000000"
		}
	}
	return id
}
