package npd

import (
	"github.com/gofiber/fiber/v2"

	"kabinet/server/api"
	"kabinet/server/auth"
	"kabinet/server/derrors"
	"kabinet/server/docs"
	"kabinet/server/qrcode"
	"kabinet/server/xlsx"
	sharednpd "kabinet/shared/npd"
)

// Receipts: the public check page, the payer's list, new receipts, their
// annulment, sending one by e-mail, and the export of the list.

// handlePublicReceipt is the public check page's data, with the QR code
// that leads to the page.
func (s *Service) handlePublicReceipt(c *fiber.Ctx, _ api.NoBody) (rc sharednpd.Receipt, err error) {
	number := api.Param(c, "number")
	defer derrors.Wrap(&err, "npd.handlePublicReceipt(%q)", number)
	if rc, err = s.PublicReceipt(c.UserContext(), number); err != nil {
		return rc, err
	}
	rc.QR, err = qrcode.DataURL(s.PublicURL+"/r/"+rc.Number, 240)
	return rc, err
}

func (s *Service) handleReceiptPDF(c *fiber.Ctx) error {
	b, err := s.ReceiptPDF(c.UserContext(), api.Param(c, "number"))
	if err != nil {
		return err
	}
	return docs.Send(c, "application/pdf", "Чек "+api.Param(c, "number")+".pdf", b)
}

func (s *Service) handleReceipts(c *fiber.Ctx, _ api.NoBody) (sharednpd.ReceiptList, error) {
	f, err := ReceiptFilterOf(func(k string) string { return c.Query(k) })
	if err != nil {
		return sharednpd.ReceiptList{}, err
	}
	return s.Receipts(c.UserContext(), auth.Current(c).AccountID, f)
}

func (s *Service) handleCreateReceipt(c *fiber.Ctx, req sharednpd.ReceiptRequest) (sharednpd.Receipt, error) {
	return s.CreateReceipt(c.UserContext(), auth.Current(c).AccountID, req, api.MetaOf(c))
}

func (s *Service) handleEmailReceipt(c *fiber.Ctx, req sharednpd.EmailReceiptRequest) error {
	return s.EmailReceipt(c.UserContext(), auth.Current(c).AccountID, api.Param(c, "id"), req)
}

func (s *Service) handleAnnul(c *fiber.Ctx, req sharednpd.AnnulRequest) (sharednpd.Receipt, error) {
	return s.Annul(c.UserContext(), auth.Current(c).AccountID, api.Param(c, "id"), req, api.MetaOf(c))
}

func (s *Service) handleExportXLSX(c *fiber.Ctx) error {
	f, err := ReceiptFilterOf(func(k string) string { return c.Query(k) })
	if err != nil {
		return err
	}
	b, err := s.ExportXLSX(c.UserContext(), auth.Current(c).AccountID, f)
	if err != nil {
		return err
	}
	return docs.Send(c, xlsx.ContentType, "Чеки и доход.xlsx", b)
}

func (s *Service) handleExportPDF(c *fiber.Ctx) error {
	f, err := ReceiptFilterOf(func(k string) string { return c.Query(k) })
	if err != nil {
		return err
	}
	_, b, err := s.ExportPDF(c.UserContext(), auth.Current(c).AccountID, f)
	if err != nil {
		return err
	}
	return docs.Send(c, "application/pdf", "Чеки и доход.pdf", b)
}
