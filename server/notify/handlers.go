package notify

import (
	"github.com/gofiber/fiber/v2"

	"kabinet/server/api"
	"kabinet/shared"
)

// Routes mounts the inbox and the switches under /notifications; account
// gives the signed-in account of a request (auth's, which imports notify).
func (s *Service) Routes(r fiber.Router, authed fiber.Handler, account func(*fiber.Ctx) string) {
	h := inboxHandlers{s: s, account: account}
	g := r.Group("/notifications", authed)
	g.Get("", api.JSON(h.inbox))
	g.Post("/read", api.Empty(h.markRead))
	g.Get("/prefs", api.JSON(h.prefs))
	g.Put("/prefs/:category", api.Empty(h.setPref))
}

// inboxHandlers serves the signed-in person's inbox and switches.
type inboxHandlers struct {
	s       *Service
	account func(*fiber.Ctx) string
}

func (h inboxHandlers) inbox(c *fiber.Ctx, _ api.NoBody) (shared.Inbox, error) {
	return h.s.Inbox(c.UserContext(), h.account(c), 50)
}

func (h inboxHandlers) markRead(c *fiber.Ctx, req shared.ReadRequest) error {
	return h.s.MarkRead(c.UserContext(), h.account(c), req.IDs)
}

func (h inboxHandlers) prefs(c *fiber.Ctx, _ api.NoBody) (shared.NotifyPrefs, error) {
	return h.s.Prefs(c.UserContext(), h.account(c))
}

func (h inboxHandlers) setPref(c *fiber.Ctx, req shared.NotifyPrefRequest) error {
	return h.s.SetPref(c.UserContext(), h.account(c), api.Param(c, "category"), req.On)
}
