package npd

import (
	"github.com/gofiber/fiber/v2"

	"kabinet/server/api"
	"kabinet/server/auth"
	"kabinet/server/docs"
	"kabinet/server/qrcode"
	"kabinet/server/xlsx"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// Routes mounts the cabinet under /npd (behind authed) and the public
// check page's data at /r/{number} (no sign-in).
func (s *Service) Routes(r fiber.Router, authed fiber.Handler) {
	r.Get("/r/:number", func(c *fiber.Ctx) error {
		rc, err := s.PublicReceipt(c.UserContext(), api.Param(c, "number"))
		if err != nil {
			return err
		}
		if rc.QR, err = qrcode.DataURL(s.PublicURL+"/r/"+rc.Number, 240); err != nil {
			return err
		}
		return c.JSON(rc)
	})
	r.Get("/r/:number/pdf", func(c *fiber.Ctx) error {
		b, err := s.ReceiptPDF(c.UserContext(), api.Param(c, "number"))
		if err != nil {
			return err
		}
		return docs.Send(c, "application/pdf", "Чек "+api.Param(c, "number")+".pdf", b)
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
		var req sharednpd.RegisterRequest
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
		var req sharednpd.DeregisterRequest
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
		var req sharednpd.ReceiptRequest
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
	g.Get("/notices/:id/pay", func(c *fiber.Ctx) error {
		p, err := s.PayNotice(c.UserContext(), auth.Current(c).AccountID, api.Param(c, "id"))
		if err != nil {
			return err
		}
		return c.JSON(p)
	})
	g.Get("/notices/:id/payment.pdf", func(c *fiber.Ctx) error {
		_, b, err := s.PaymentPDF(c.UserContext(), auth.Current(c).AccountID, api.Param(c, "id"), 0)
		if err != nil {
			return err
		}
		return docs.Send(c, "application/pdf", "Платёжный документ.pdf", b)
	})
	g.Get("/pay", func(c *fiber.Ctx) error {
		p, err := s.PayAdvance(c.UserContext(), auth.Current(c).AccountID, shared.Kopecks(c.QueryInt("amount")))
		if err != nil {
			return err
		}
		return c.JSON(p)
	})
	g.Get("/pay/advance.pdf", func(c *fiber.Ctx) error {
		_, b, err := s.PaymentPDF(c.UserContext(), auth.Current(c).AccountID, "", shared.Kopecks(c.QueryInt("amount")))
		if err != nil {
			return err
		}
		return docs.Send(c, "application/pdf", "Платёжный документ ЕНП.pdf", b)
	})
	g.Get("/certificates", func(c *fiber.Ctx) error {
		l, err := s.Docs.List(c.UserContext(), auth.Current(c).AccountID, DocRegistration, DocIncome, DocPayment, DocReceipts)
		if err != nil {
			return err
		}
		return c.JSON(sharednpd.IssuedDocuments{Items: l})
	})
	g.Post("/certificates", func(c *fiber.Ctx) error {
		var req sharednpd.CertificateRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		d, err := s.Certificate(c.UserContext(), auth.Current(c).AccountID, req)
		if err != nil {
			return err
		}
		return c.Status(fiber.StatusCreated).JSON(d)
	})
	g.Get("/export.xlsx", func(c *fiber.Ctx) error {
		f, err := ReceiptFilterOf(func(k string) string { return c.Query(k) })
		if err != nil {
			return err
		}
		b, err := s.ExportXLSX(c.UserContext(), auth.Current(c).AccountID, f)
		if err != nil {
			return err
		}
		return docs.Send(c, xlsx.ContentType, "Чеки и доход.xlsx", b)
	})
	g.Get("/export.pdf", func(c *fiber.Ctx) error {
		f, err := ReceiptFilterOf(func(k string) string { return c.Query(k) })
		if err != nil {
			return err
		}
		_, b, err := s.ExportPDF(c.UserContext(), auth.Current(c).AccountID, f)
		if err != nil {
			return err
		}
		return docs.Send(c, "application/pdf", "Чеки и доход.pdf", b)
	})
	g.Post("/receipts/:id/email", func(c *fiber.Ctx) error {
		var req sharednpd.EmailReceiptRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		if err := s.EmailReceipt(c.UserContext(), auth.Current(c).AccountID, api.Param(c, "id"), req); err != nil {
			return err
		}
		return api.NoContent(c)
	})
	g.Get("/payments", func(c *fiber.Ctx) error {
		ps, err := s.Payments(c.UserContext(), auth.Current(c).AccountID)
		if err != nil {
			return err
		}
		return c.JSON(ps)
	})
	g.Post("/receipts/:id/annul", func(c *fiber.Ctx) error {
		var req sharednpd.AnnulRequest
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
