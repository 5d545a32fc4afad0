package npd

import (
	"github.com/gofiber/fiber/v2"

	"kabinet/server/api"
	"kabinet/server/auth"
	"kabinet/server/docs"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// The tax side: the summary, income, the ledger of notices and payments,
// paying a notice or in advance, and the certificates.

func (s *Service) handleSummary(c *fiber.Ctx, _ api.NoBody) (sharednpd.Summary, error) {
	return s.Summary(c.UserContext(), auth.Current(c).AccountID)
}

func (s *Service) handleIncome(c *fiber.Ctx, _ api.NoBody) (sharednpd.Income, error) {
	year, err := api.QueryInt(c, "year", s.now().In(shared.Moscow).Year(), 2019, 2100)
	if err != nil {
		return sharednpd.Income{}, err
	}
	return s.Income(c.UserContext(), auth.Current(c).AccountID, year, c.Query("month"))
}

func (s *Service) handleLedger(c *fiber.Ctx, _ api.NoBody) (sharednpd.Ledger, error) {
	return s.Ledger(c.UserContext(), auth.Current(c).AccountID)
}

func (s *Service) handlePayments(c *fiber.Ctx, _ api.NoBody) (sharednpd.Payments, error) {
	return s.Payments(c.UserContext(), auth.Current(c).AccountID)
}

func (s *Service) handleExplain(c *fiber.Ctx, _ api.NoBody) (sharednpd.PenaltyExplained, error) {
	return s.Explain(c.UserContext(), auth.Current(c).AccountID, api.Param(c, "id"))
}

func (s *Service) handlePayNotice(c *fiber.Ctx, _ api.NoBody) (sharednpd.PayInfo, error) {
	return s.PayNotice(c.UserContext(), auth.Current(c).AccountID, api.Param(c, "id"))
}

func (s *Service) handleNoticePDF(c *fiber.Ctx) error {
	_, b, err := s.PaymentPDF(c.UserContext(), auth.Current(c).AccountID, api.Param(c, "id"), 0)
	if err != nil {
		return err
	}
	return docs.Send(c, "application/pdf", "Платёжный документ.pdf", b)
}

// maxAdvance is the most an advance payment's ?amount= may say, in kopecks
// (PayAdvance then refuses more than a million roubles with its own code).
const maxAdvance = 1 << 40

func (s *Service) handlePayAdvance(c *fiber.Ctx, _ api.NoBody) (sharednpd.PayInfo, error) {
	amount, err := api.QueryInt(c, "amount", 0, 0, maxAdvance)
	if err != nil {
		return sharednpd.PayInfo{}, err
	}
	return s.PayAdvance(c.UserContext(), auth.Current(c).AccountID, shared.Kopecks(amount))
}

func (s *Service) handleAdvancePDF(c *fiber.Ctx) error {
	amount, err := api.QueryInt(c, "amount", 0, 0, maxAdvance)
	if err != nil {
		return err
	}
	_, b, err := s.PaymentPDF(c.UserContext(), auth.Current(c).AccountID, "", shared.Kopecks(amount))
	if err != nil {
		return err
	}
	return docs.Send(c, "application/pdf", "Платёжный документ ЕНП.pdf", b)
}

func (s *Service) handleCertificates(c *fiber.Ctx, _ api.NoBody) (sharednpd.IssuedDocuments, error) {
	l, err := s.Docs.List(c.UserContext(), auth.Current(c).AccountID, DocRegistration, DocIncome, DocPayment, DocReceipts)
	if err != nil {
		return sharednpd.IssuedDocuments{}, err
	}
	return sharednpd.IssuedDocuments{Items: l}, nil
}

func (s *Service) handleCertificate(c *fiber.Ctx, req sharednpd.CertificateRequest) (sharednpd.IssuedDocument, error) {
	return s.Certificate(c.UserContext(), auth.Current(c).AccountID, req)
}
