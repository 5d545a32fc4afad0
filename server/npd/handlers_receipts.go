package npd

import (
	"context"

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

// handlePublicReceipt is the public check page's data (ReceiptCheck).
func (s *Service) handlePublicReceipt(c *fiber.Ctx, _ api.NoBody) (sharednpd.Receipt, error) {
	return s.ReceiptCheck(c.UserContext(), api.Param(c, "number"))
}

// ReceiptCheck is what the public check page of a receipt shows
// (PublicReceipt) with the QR code that leads to the page. The API's
// /r/{number} answers it, and the server prerenders the page /r/{number}
// from it (server/portal), so the two cannot disagree.
func (s *Service) ReceiptCheck(ctx context.Context, number string) (rc sharednpd.Receipt, err error) {
	defer derrors.Wrap(&err, "npd.ReceiptCheck(%q)", number)
	if rc, err = s.PublicReceipt(ctx, number); err != nil {
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
