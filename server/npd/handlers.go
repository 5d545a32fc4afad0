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
	g := r.Group("/npd", authed, s.requireFactor)
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
		f, err := ReceiptFilterOf(func(k string) string { return c.Query(k) })
		if err != nil {
			return err
		}
		l, err := s.Receipts(c.UserContext(), auth.Current(c).AccountID, f)
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
	g.Get("/summary", func(c *fiber.Ctx) error {
		sum, err := s.Summary(c.UserContext(), auth.Current(c).AccountID)
		if err != nil {
			return err
		}
		return c.JSON(sum)
	})
	g.Get("/income", func(c *fiber.Ctx) error {
		in, err := s.Income(c.UserContext(), auth.Current(c).AccountID, c.QueryInt("year", s.now().In(shared.Moscow).Year()), c.Query("month"))
		if err != nil {
			return err
		}
		return c.JSON(in)
	})
	g.Get("/ledger", func(c *fiber.Ctx) error {
		l, err := s.Ledger(c.UserContext(), auth.Current(c).AccountID)
		if err != nil {
			return err
		}
		return c.JSON(l)
	})
	g.Get("/notices/:id/penalty", func(c *fiber.Ctx) error {
		ex, err := s.Explain(c.UserContext(), auth.Current(c).AccountID, api.Param(c, "id"))
		if err != nil {
			return err
		}
		return c.JSON(ex)
	})
	g.Get("/payments", func(c *fiber.Ctx) error {
		ps, err := s.Payments(c.UserContext(), auth.Current(c).AccountID)
		if err != nil {
			return err
		}
		return c.JSON(ps)
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

// requireFactor keeps standard and confirmed accounts without a second
// factor out of the cabinet until they set one up (they are led there).
func (s *Service) requireFactor(c *fiber.Ctx) error {
	id := auth.Current(c).AccountID
	acc, err := s.accounts.Get(c.UserContext(), id)
	if err != nil {
		return err
	}
	if (acc.Level == shared.LevelStandard || acc.Level == shared.LevelConfirmed) && !s.factors.HasFactor(c.UserContext(), id) {
		return shared.E(shared.CodeFactorRequired)
	}
	return c.Next()
}
