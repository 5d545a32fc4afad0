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
		{Method: "GET", Path: "/office/people", Perm: shared.PermPeopleRead, Why: "find a person by name, phone, e-mail, ИНН or СНИЛС", Handle: api.JSON(h.search)},
		{Method: "GET", Path: "/office/people/:id", Perm: shared.PermPeopleRead, Why: "a person's account, contacts and documents", Handle: api.JSON(h.person)},
		{Method: "GET", Path: "/office/people/:id/journal", Perm: shared.PermPeopleRead, Why: "a person's journal of events", Handle: h.journal},
		{Method: "POST", Path: "/office/people/:id/confirm", Perm: shared.PermPeopleConfirm, Why: "confirm an identity after an in-person check", Handle: api.JSON(h.confirm)},
		{Method: "POST", Path: "/office/people/:id/block", Perm: shared.PermPeopleBlock, Why: "block an account (its sessions end)", Handle: api.JSON(h.block(true))},
		{Method: "POST", Path: "/office/people/:id/unblock", Perm: shared.PermPeopleBlock, Why: "unblock an account", Handle: api.JSON(h.block(false))},
		// Ending sessions is the mildest form of blocking: the same permission.
		{Method: "GET", Path: "/office/people/:id/sessions", Perm: shared.PermPeopleRead, Why: "a person's open sessions", Handle: api.JSON(h.sessions)},
		{Method: "POST", Path: "/office/people/:id/sessions/end", Perm: shared.PermPeopleBlock, Why: "end all of a person's sessions (journalled, the person told)", Handle: api.Empty(h.endSessions(false))},
		{Method: "POST", Path: "/office/people/:id/sessions/:sid/end", Perm: shared.PermPeopleBlock, Why: "end one of a person's sessions", Handle: api.Empty(h.endSessions(true))},
		// A lost second factor is settled by whoever confirms identities:
		// the check is the same, in person with the passport.
		{Method: "GET", Path: "/office/factor-resets", Perm: shared.PermPeopleConfirm, Why: "pending requests to remove lost second factors", Handle: api.JSON(h.factorResets)},
		{Method: "POST", Path: "/office/factor-resets/:id/approve", Perm: shared.PermPeopleConfirm, Why: "remove a person's lost second factors after an in-person check", Handle: api.Empty(h.settleReset(true))},
		{Method: "POST", Path: "/office/factor-resets/:id/reject", Perm: shared.PermPeopleConfirm, Why: "refuse a request to remove second factors, with a reason", Handle: api.Empty(h.settleReset(false))},
		{Method: "GET", Path: "/office/kiosks", Perm: shared.PermKiosksManage, Why: "the registered kiosks", Handle: api.JSON(h.kiosks)},
		{Method: "POST", Path: "/office/kiosks", Perm: shared.PermKiosksManage, Why: "register a kiosk", Handle: api.Created(h.registerKiosk)},
		{Method: "POST", Path: "/office/kiosks/:id/revoke", Perm: shared.PermKiosksManage, Why: "revoke a kiosk", Handle: api.Empty(h.revokeKiosk)},
	}
}
