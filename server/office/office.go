// Package office is the back office's API: staff find a person, confirm an
// identity after an in-person check, block or unblock an account, end a
// person's sessions, settle requests to remove lost second factors, and
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
	auth.MountPermitted(r, authed, "/office", h.Table())
}

// Table is the back office's people and kiosk routes with the permission
// each needs (docs/authorization.md is generated from it).
func (h *Handlers) Table() []auth.Route {
	return []auth.Route{
		{Method: "GET", Path: "/office/people", Perm: shared.PermPeopleRead, Why: "find a person by name, phone, e-mail, ИНН or СНИЛС", Handle: h.search},
		{Method: "GET", Path: "/office/people/:id", Perm: shared.PermPeopleRead, Why: "a person's account, contacts and documents", Handle: h.person},
		{Method: "GET", Path: "/office/people/:id/journal", Perm: shared.PermPeopleRead, Why: "a person's journal of events", Handle: h.journal},
		{Method: "POST", Path: "/office/people/:id/confirm", Perm: shared.PermPeopleConfirm, Why: "confirm an identity after an in-person check", Handle: h.confirm},
		{Method: "POST", Path: "/office/people/:id/block", Perm: shared.PermPeopleBlock, Why: "block an account (its sessions end)", Handle: h.block(true)},
		{Method: "POST", Path: "/office/people/:id/unblock", Perm: shared.PermPeopleBlock, Why: "unblock an account", Handle: h.block(false)},
		// Ending sessions is the mildest form of blocking: the same permission.
		{Method: "GET", Path: "/office/people/:id/sessions", Perm: shared.PermPeopleRead, Why: "a person's open sessions", Handle: h.sessions},
		{Method: "POST", Path: "/office/people/:id/sessions/end", Perm: shared.PermPeopleBlock, Why: "end all of a person's sessions (journalled, the person told)", Handle: h.endSessions(false)},
		{Method: "POST", Path: "/office/people/:id/sessions/:sid/end", Perm: shared.PermPeopleBlock, Why: "end one of a person's sessions", Handle: h.endSessions(true)},
		// A lost second factor is settled by whoever confirms identities:
		// the check is the same, in person with the passport.
		{Method: "GET", Path: "/office/factor-resets", Perm: shared.PermPeopleConfirm, Why: "pending requests to remove lost second factors", Handle: h.factorResets},
		{Method: "POST", Path: "/office/factor-resets/:id/approve", Perm: shared.PermPeopleConfirm, Why: "remove a person's lost second factors after an in-person check", Handle: h.settleReset(true)},
		{Method: "POST", Path: "/office/factor-resets/:id/reject", Perm: shared.PermPeopleConfirm, Why: "refuse a request to remove second factors, with a reason", Handle: h.settleReset(false)},
		{Method: "GET", Path: "/office/kiosks", Perm: shared.PermKiosksManage, Why: "the registered kiosks", Handle: h.kiosks},
		{Method: "POST", Path: "/office/kiosks", Perm: shared.PermKiosksManage, Why: "register a kiosk", Handle: h.registerKiosk},
		{Method: "POST", Path: "/office/kiosks/:id/revoke", Perm: shared.PermKiosksManage, Why: "revoke a kiosk", Handle: h.revokeKiosk},
	}
}

func (h *Handlers) factorResets(c *fiber.Ctx) error {
	l, err := h.auth.FactorResets(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(l)
}

func (h *Handlers) kiosks(c *fiber.Ctx) error {
	l, err := h.auth.Kiosks(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(l)
}

func (h *Handlers) registerKiosk(c *fiber.Ctx) error {
	var req shared.KioskRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	k, err := h.auth.RegisterKiosk(c.UserContext(), auth.Current(c).AccountID, req, api.MetaOf(c))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(k)
}

func (h *Handlers) revokeKiosk(c *fiber.Ctx) error {
	if err := h.auth.RevokeKiosk(c.UserContext(), auth.Current(c).AccountID, api.Param(c, "id"), api.MetaOf(c)); err != nil {
		return err
	}
	return api.NoContent(c)
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

func (h *Handlers) sessions(c *fiber.Ctx) error {
	id := validID(c)
	if _, err := h.accounts.Get(c.UserContext(), id); err != nil {
		return err
	}
	l, err := h.auth.Sessions(c.UserContext(), id, nil)
	if err != nil {
		return err
	}
	return c.JSON(l)
}

// endSessions ends one of the person's sessions (one) or all of them.
func (h *Handlers) endSessions(one bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		handle := ""
		if one {
			if handle = api.Param(c, "sid"); handle == "" {
				return shared.E(shared.CodeNotFound)
			}
		}
		err := h.auth.EndSessionsByStaff(c.UserContext(), auth.Current(c).AccountID, validID(c), handle, api.MetaOf(c))
		if err != nil {
			return err
		}
		return api.NoContent(c)
	}
}

// settleReset approves or rejects a request to remove lost second factors.
func (h *Handlers) settleReset(approve bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		var req shared.FactorResetDecision
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		settle := h.auth.RejectFactorReset
		if approve {
			settle = h.auth.ApproveFactorReset
		}
		if err := settle(c.UserContext(), auth.Current(c).AccountID, validID(c), req, api.MetaOf(c)); err != nil {
			return err
		}
		return api.NoContent(c)
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
