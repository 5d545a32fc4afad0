package client

// The self-employed cabinet (/npd…), its public receipt and document
// checks, and the tax office's desk (/office/npd…).

import (
	"context"
	"fmt"
	"net/url"

	"kabinet/shared"
	"kabinet/shared/npd"
)

// NPDPayer is the signed-in person as an НПД payer (GET /npd).
func (c *Client) NPDPayer(ctx context.Context) (npd.Payer, error) {
	return get[npd.Payer](ctx, c, "/npd")
}

// NPDRegister registers as self-employed (POST /npd/register).
func (c *Client) NPDRegister(ctx context.Context, r npd.RegisterRequest) (npd.Payer, error) {
	return send[npd.Payer](ctx, c, methodPost, "/npd/register", r)
}

// NPDDeregister ends the status with the person's reason (POST /npd/deregister).
func (c *Client) NPDDeregister(ctx context.Context, reason string) error {
	return c.do(ctx, methodPost, "/npd/deregister", npd.DeregisterRequest{Reason: reason}, nil)
}

// Receipts lists the person's receipts (GET /npd/receipts?from&to&buyer&status&q).
func (c *Client) Receipts(ctx context.Context, filter url.Values) (npd.ReceiptList, error) {
	path := "/npd/receipts"
	if len(filter) > 0 {
		path += "?" + filter.Encode()
	}
	return get[npd.ReceiptList](ctx, c, path)
}

// CreateReceipt issues a receipt (POST /npd/receipts).
func (c *Client) CreateReceipt(ctx context.Context, r npd.ReceiptRequest) (npd.Receipt, error) {
	return send[npd.Receipt](ctx, c, methodPost, "/npd/receipts", r)
}

// AnnulReceipt annuls a receipt with one of the two reasons.
func (c *Client) AnnulReceipt(ctx context.Context, id, reason string) (npd.Receipt, error) {
	return send[npd.Receipt](ctx, c, methodPost, "/npd/receipts/"+url.PathEscape(id)+"/annul", npd.AnnulRequest{Reason: reason})
}

// PublicReceipt is the check page's receipt (GET /r/{number}, no sign-in).
func (c *Client) PublicReceipt(ctx context.Context, number string) (npd.Receipt, error) {
	return get[npd.Receipt](ctx, c, "/r/"+url.PathEscape(number))
}

// NPDSummary is the cabinet's figures (GET /npd/summary).
func (c *Client) NPDSummary(ctx context.Context) (npd.Summary, error) {
	return get[npd.Summary](ctx, c, "/npd/summary")
}

// NPDIncome is the income by month of a year (GET /npd/income?year=).
func (c *Client) NPDIncome(ctx context.Context, year int) (npd.Income, error) {
	return get[npd.Income](ctx, c, fmt.Sprintf("/npd/income?year=%d", year))
}

// NPDIncomeByDay is the income by day of a month, YYYY-MM (GET /npd/income?month=).
func (c *Client) NPDIncomeByDay(ctx context.Context, month string) (npd.Income, error) {
	return get[npd.Income](ctx, c, "/npd/income?month="+url.QueryEscape(month))
}

// NPDLedger is the tax periods (GET /npd/ledger).
func (c *Client) NPDLedger(ctx context.Context) (npd.Ledger, error) {
	return get[npd.Ledger](ctx, c, "/npd/ledger")
}

// Penalty explains a notice's penalty day by day (GET /npd/notices/{id}/penalty).
func (c *Client) Penalty(ctx context.Context, noticeID string) (npd.PenaltyExplained, error) {
	return get[npd.PenaltyExplained](ctx, c, "/npd/notices/"+url.PathEscape(noticeID)+"/penalty")
}

// PayNotice is how to pay a notice (GET /npd/notices/{id}/pay).
func (c *Client) PayNotice(ctx context.Context, noticeID string) (npd.PayInfo, error) {
	return get[npd.PayInfo](ctx, c, "/npd/notices/"+url.PathEscape(noticeID)+"/pay")
}

// PayAdvance is how to pay in advance (GET /npd/pay?amount=; 0: the running tax).
func (c *Client) PayAdvance(ctx context.Context, amount shared.Kopecks) (npd.PayInfo, error) {
	return get[npd.PayInfo](ctx, c, fmt.Sprintf("/npd/pay?amount=%d", int64(amount)))
}

// NPDPayments is the payment history (GET /npd/payments).
func (c *Client) NPDPayments(ctx context.Context) (npd.Payments, error) {
	return get[npd.Payments](ctx, c, "/npd/payments")
}

// Certificates lists the documents issued to the person (GET /npd/certificates).
func (c *Client) Certificates(ctx context.Context) (npd.IssuedDocuments, error) {
	return get[npd.IssuedDocuments](ctx, c, "/npd/certificates")
}

// OrderCertificate issues a certificate (POST /npd/certificates).
func (c *Client) OrderCertificate(ctx context.Context, r npd.CertificateRequest) (npd.IssuedDocument, error) {
	return send[npd.IssuedDocument](ctx, c, methodPost, "/npd/certificates", r)
}

// EmailReceipt sends a receipt by e-mail (POST /npd/receipts/{id}/email).
func (c *Client) EmailReceipt(ctx context.Context, id, to string) error {
	return c.do(ctx, methodPost, "/npd/receipts/"+url.PathEscape(id)+"/email", npd.EmailReceiptRequest{To: to}, nil)
}

// Verification is what the portal knows of an issued document (GET /v/{code}).
func (c *Client) Verification(ctx context.Context, code string) (npd.Verification, error) {
	return get[npd.Verification](ctx, c, "/v/"+url.PathEscape(code))
}

// VerifyFile compares a file with the issued document (POST /v/{code}).
func (c *Client) VerifyFile(ctx context.Context, code string, file []byte) (npd.Verification, error) {
	return send[npd.Verification](ctx, c, methodPost, "/v/"+url.PathEscape(code), Raw{Body: file, Type: "application/pdf"})
}

// Registry looks an organisation or an ИП up by ИНН (GET /registry/{inn}).
func (c *Client) Registry(ctx context.Context, inn string) (shared.RegistryEntry, error) {
	return get[shared.RegistryEntry](ctx, c, "/registry/"+url.PathEscape(inn))
}

// OfficeNPDPayer is a payer as the tax officer sees it (GET /office/npd/payers/{inn}).
func (c *Client) OfficeNPDPayer(ctx context.Context, inn string) (npd.OfficePayer, error) {
	return get[npd.OfficePayer](ctx, c, "/office/npd/payers/"+url.PathEscape(inn))
}

// SetNPDBlocked blocks (with the reason) or unblocks a payer
// (POST /office/npd/payers/{inn}/block, /unblock).
func (c *Client) SetNPDBlocked(ctx context.Context, inn string, block bool, reason string) error {
	action := "/unblock"
	if block {
		action = "/block"
	}
	return c.do(ctx, methodPost, "/office/npd/payers/"+url.PathEscape(inn)+action, npd.StatusRequest{Reason: reason}, nil)
}

// Unidentified lists the payments no notice matched (GET /office/npd/unidentified).
func (c *Client) Unidentified(ctx context.Context) (npd.UnidentifiedPayments, error) {
	return get[npd.UnidentifiedPayments](ctx, c, "/office/npd/unidentified")
}

// AssignPayment records an unidentified payment as the payment of the
// notice with the УИН (POST /office/npd/unidentified/{id}/assign).
func (c *Client) AssignPayment(ctx context.Context, id, uin string) (npd.AssignedPayment, error) {
	return send[npd.AssignedPayment](ctx, c, methodPost, "/office/npd/unidentified/"+url.PathEscape(id)+"/assign",
		npd.AssignPaymentRequest{UIN: uin})
}

// ImportStatement imports a bank statement (CSV), or checks it in a dry
// run (POST /office/npd/statements[?dry=1]).
func (c *Client) ImportStatement(ctx context.Context, csv []byte, dry bool) (npd.StatementResult, error) {
	path := "/office/npd/statements"
	if dry {
		path += "?dry=1"
	}
	return send[npd.StatementResult](ctx, c, methodPost, path, Raw{Body: csv, Type: "text/csv"})
}
