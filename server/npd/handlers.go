package npd

import (
	"github.com/gofiber/fiber/v2"

	"kabinet/server/api"
	"kabinet/server/auth"
	"kabinet/shared"
)

// Routes mounts the cabinet under /npd (behind authed) and the public
// check page's data at /r/{number} (no sign-in).
func (s *Service) Routes(r fiber.Router, authed fiber.Handler) {
	r.Get("/r/:number", func(c *fiber.Ctx) error {
		rc, err := s.PublicReceipt(c.UserContext(), api.Param(c, "number"))
		if err != nil {
			return err
		}
		return c.JSON(rc)
	})
	g := r.Group("/npd", authed)
	g.Get("", func(c *fiber.Ctx) error {
		p, err := s.Payer(c.UserContext(), auth.Current(c).AccountID)
		if err != nil {
			return err
		}
		return c.JSON(p)
	})
	g.Post("/register", func(c *fiber.Ctx) error {
		var req shared.NPDRegisterRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		p, err := s.Register(c.UserContext(), auth.Current(c).AccountID, req, api.MetaOf(c))
		if err != nil {
			return err
		}
		return c.Status(fiber.StatusCreated).JSON(p)
	})
	g.Post("/deregister", func(c *fiber.Ctx) error {
		var req shared.NPDDeregisterRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		if err := s.Deregister(c.UserContext(), auth.Current(c).AccountID, req, api.MetaOf(c)); err != nil {
			return err
		}
		return api.NoContent(c)
	})
	g.Get("/receipts", func(c *fiber.Ctx) error {
		l, err := s.Receipts(c.UserContext(), auth.Current(c).AccountID, 200)
		if err != nil {
			return err
		}
		return c.JSON(l)
	})
	g.Post("/receipts", func(c *fiber.Ctx) error {
		var req shared.ReceiptRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		rc, err := s.CreateReceipt(c.UserContext(), auth.Current(c).AccountID, req, api.MetaOf(c))
		if err != nil {
			return err
		}
		return c.Status(fiber.StatusCreated).JSON(rc)
	})
	g.Post("/receipts/:id/annul", func(c *fiber.Ctx) error {
		var req shared.AnnulRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		rc, err := s.Annul(c.UserContext(), auth.Current(c).AccountID, api.Param(c, "id"), req, api.MetaOf(c))
		if err != nil {
			return err
		}
		return c.JSON(rc)
	})
}
