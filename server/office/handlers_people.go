package office

import (
	"github.com/gofiber/fiber/v2"

	"kabinet/server/account"
	"kabinet/server/api"
	"kabinet/server/auth"
	"kabinet/server/derrors"
	"kabinet/shared"
)

// People: finding a person, their account, journal and sessions,
// confirming an identity, blocking an account and ending its sessions.

func (h *Handlers) search(c *fiber.Ctx, _ api.NoBody) (shared.PeopleSearch, error) {
	items, err := h.accounts.Search(c.UserContext(), api.Query(c, "q"))
	return shared.PeopleSearch{Items: items}, err
}

func (h *Handlers) person(c *fiber.Ctx, _ api.NoBody) (shared.Account, error) {
	return h.accounts.Get(c.UserContext(), validID(c))
}

func (h *Handlers) journal(c *fiber.Ctx) error {
	id := validID(c)
	if _, err := h.accounts.Get(c.UserContext(), id); err != nil {
		return err
	}
	return account.JournalPage(c, h.accounts, id)
}

func (h *Handlers) confirm(c *fiber.Ctx, req shared.ConfirmIdentityRequest) (shared.Account, error) {
	return h.accounts.ConfirmIdentity(c.UserContext(), auth.Current(c).AccountID, validID(c), req, api.MetaOf(c))
}

// block blocks (or unblocks) the person's account.
func (h *Handlers) block(block bool) func(*fiber.Ctx, shared.StatusChangeRequest) (shared.Account, error) {
	return func(c *fiber.Ctx, req shared.StatusChangeRequest) (shared.Account, error) {
		return h.accounts.SetBlocked(c.UserContext(), auth.Current(c).AccountID, validID(c), block, req, api.MetaOf(c))
	}
}

func (h *Handlers) sessions(c *fiber.Ctx, _ api.NoBody) (l shared.SessionList, err error) {
	id := validID(c)
	defer derrors.Wrap(&err, "office.sessions(%s)", id)
	if _, err := h.accounts.Get(c.UserContext(), id); err != nil {
		return l, err
	}
	return h.auth.Sessions(c.UserContext(), id, nil)
}

// endSessions ends one of the person's sessions (one) or all of them.
func (h *Handlers) endSessions(one bool) func(*fiber.Ctx, api.NoBody) error {
	return func(c *fiber.Ctx, _ api.NoBody) error {
		handle := ""
		if one {
			if handle = api.Param(c, "sid"); handle == "" {
				return shared.E(shared.CodeNotFound)
			}
		}
		return h.auth.EndSessionsByStaff(c.UserContext(), auth.Current(c).AccountID, validID(c), handle, api.MetaOf(c))
	}
}

// validID returns the :id parameter when it is a UUID, or the nil UUID —
// which no account has — so malformed ids are a plain not-found, not a
// SQL error.
func validID(c *fiber.Ctx) string {
	if id := api.Param(c, "id"); api.ValidUUID(id) {
		return id
	}
	return "00000000-0000-0000-0000-000000000000"
}
