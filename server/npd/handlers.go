package npd

import (
	"github.com/gofiber/fiber/v2"

	"kabinet/server/api"
	"kabinet/server/auth"
	sharednpd "kabinet/shared/npd"
)

// Routes mounts the cabinet under /npd (behind authed) and the public
// check page's data at /r/{number} and its PDF (no sign-in, behind
// limited: a client's views of receipts are counted, the page's with them).
func (s *Service) Routes(r fiber.Router, authed, limited fiber.Handler) {
	r.Get("/r/:number", limited, api.JSON(s.handlePublicReceipt))
	r.Get("/r/:number/pdf", limited, s.handleReceiptPDF)
	g := r.Group("/npd", authed)
	g.Get("", api.JSON(s.handlePayer))
	g.Post("/register", api.Created(s.handleRegister))
	g.Post("/deregister", api.Empty(s.handleDeregister))
	g.Get("/receipts", api.JSON(s.handleReceipts))
	g.Post("/receipts", api.Created(s.handleCreateReceipt))
	g.Get("/summary", api.JSON(s.handleSummary))
	g.Get("/income", api.JSON(s.handleIncome))
	g.Get("/ledger", api.JSON(s.handleLedger))
	g.Get("/notices/:id/penalty", api.JSON(s.handleExplain))
	g.Get("/notices/:id/pay", api.JSON(s.handlePayNotice))
	g.Get("/notices/:id/payment.pdf", s.handleNoticePDF)
	g.Get("/pay", api.JSON(s.handlePayAdvance))
	g.Get("/pay/advance.pdf", s.handleAdvancePDF)
	g.Get("/certificates", api.JSON(s.handleCertificates))
	g.Post("/certificates", api.Created(s.handleCertificate))
	g.Get("/export.xlsx", s.handleExportXLSX)
	g.Get("/export.pdf", s.handleExportPDF)
	g.Post("/receipts/:id/email", api.Empty(s.handleEmailReceipt))
	g.Get("/payments", api.JSON(s.handlePayments))
	g.Post("/receipts/:id/annul", api.JSON(s.handleAnnul))
}

// The payer's registration as self-employed, and its end.

func (s *Service) handlePayer(c *fiber.Ctx, _ api.NoBody) (sharednpd.Payer, error) {
	return s.Payer(c.UserContext(), auth.Current(c).AccountID)
}

func (s *Service) handleRegister(c *fiber.Ctx, req sharednpd.RegisterRequest) (sharednpd.Payer, error) {
	return s.Register(c.UserContext(), auth.Current(c).AccountID, req, api.MetaOf(c))
}

func (s *Service) handleDeregister(c *fiber.Ctx, req sharednpd.DeregisterRequest) error {
	return s.Deregister(c.UserContext(), auth.Current(c).AccountID, req, api.MetaOf(c))
}
