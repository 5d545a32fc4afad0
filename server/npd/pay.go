package npd

import (
	"context"
	"fmt"
	"strings"

	"kabinet/server/qrcode"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
	"kabinet/shared/payqr"
)

// TechCodeTax is the ГОСТ Р 56042 technical code of taxes and budget
// payments.
const TechCodeTax = "03"

// payment is the payment QR's requisites for the person: the payee from
// the configuration, the payer's ИНН and name.
func (s *Service) payment(acc shared.Account, amount shared.Kopecks, uin, purpose string) payqr.Payment {
	p := s.Payee
	return payqr.Payment{Name: p.Name, PersonalAcc: p.Account, BankName: p.BankName, BIC: p.BIC, CorrespAcc: p.CorrespAcc,
		Sum: amount, Purpose: purpose, PayeeINN: p.INN, PayerINN: acc.INN, KPP: p.KPP, CBC: p.KBK,
		LastName: acc.LastName, FirstName: acc.FirstName, MiddleName: acc.MiddleName, UIN: uin, TechCode: TechCodeTax}
}

func (s *Service) payInfo(acc shared.Account, amount, penalty shared.Kopecks, uin, purpose, pdf string) (sharednpd.PayInfo, error) {
	q := s.payment(acc, amount, uin, purpose)
	if err := q.Validate(); err != nil {
		return sharednpd.PayInfo{}, fmt.Errorf("npd: payment requisites: %w", err) // the configuration is wrong
	}
	text, err := q.Encode()
	if err != nil {
		return sharednpd.PayInfo{}, err
	}
	img, err := qrcode.DataURL(text, 360)
	if err != nil {
		return sharednpd.PayInfo{}, err
	}
	p := s.Payee
	return sharednpd.PayInfo{Amount: amount, Penalty: penalty, UIN: uin, Purpose: purpose, Payee: p.Name, PayeeINN: p.INN,
		PayeeKPP: p.KPP, Account: p.Account, BankName: p.BankName, BIC: p.BIC, CorrespAcc: p.CorrespAcc, KBK: p.KBK,
		Payload: text, QR: img, PDF: pdf}, nil
}

// PayNotice is how to pay what is owed on one of the account's notices:
// the unpaid tax with the penalty, under the notice's УИН.
func (s *Service) PayNotice(ctx context.Context, accountID, noticeID string) (sharednpd.PayInfo, error) {
	n, err := s.ownNotice(ctx, accountID, noticeID)
	if err != nil {
		return sharednpd.PayInfo{}, err
	}
	if !n.Issued {
		return sharednpd.PayInfo{}, shared.E(shared.CodeNotFound) // nothing was billed
	}
	paid, err := paidOn(ctx, s.db, n.ID)
	if err != nil {
		return sharednpd.PayInfo{}, err
	}
	owed := n.Amount + n.Penalty - paid
	if owed <= 0 {
		return sharednpd.PayInfo{}, shared.E(sharednpd.CodeNothingToPay)
	}
	acc, err := s.accounts.Get(ctx, accountID)
	if err != nil {
		return sharednpd.PayInfo{}, err
	}
	penaltyLeft := min(shared.Kopecks(n.Penalty), shared.Kopecks(owed))
	purpose := "Налог на профессиональный доход за период " + periodLabel(n)
	if penaltyLeft > 0 {
		purpose += ", в т.ч. пени " + plain(penaltyLeft)
	}
	return s.payInfo(acc, shared.Kopecks(owed), penaltyLeft, *n.UIN, purpose, shared.APIPrefix+"/npd/notices/"+n.ID+"/payment.pdf")
}

// PayAdvance is how to pay into the single tax account ahead of a notice
// (УИН 0): by default the running period's tax so far.
func (s *Service) PayAdvance(ctx context.Context, accountID string, amount shared.Kopecks) (sharednpd.PayInfo, error) {
	if amount == 0 {
		sum, err := s.Summary(ctx, accountID)
		if err != nil {
			return sharednpd.PayInfo{}, err
		}
		amount = sum.MonthTax
	}
	if amount <= 0 || amount > shared.Rubles(1_000_000) {
		return sharednpd.PayInfo{}, fieldErr("amount", shared.CodeMoneyFormat)
	}
	if _, err := s.Payer(ctx, accountID); err != nil {
		return sharednpd.PayInfo{}, err
	}
	acc, err := s.accounts.Get(ctx, accountID)
	if err != nil {
		return sharednpd.PayInfo{}, err
	}
	return s.payInfo(acc, amount, 0, "0", "Единый налоговый платёж",
		fmt.Sprintf("%s/npd/pay/advance.pdf?amount=%d", shared.APIPrefix, int64(amount)))
}

// plain is a sum with ordinary spaces, for texts a bank's form reads.
func plain(k shared.Kopecks) string { return strings.ReplaceAll(k.String(), "\u00a0", " ") }
