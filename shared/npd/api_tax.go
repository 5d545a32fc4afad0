// The wire types of the tax: the cabinet's home, income, the ledger of
// notices and penalties, payments, certificates and their verification.

package npd

import (
	"kabinet/shared"
	"time"
)

// Summary is the cabinet's home (GET /npd/summary): the income so far
// today, this month and this year, the tax of the running period, the
// deduction left and the way to the yearly limit.
type Summary struct {
	Today         shared.Kopecks `json:"today"`
	Month         shared.Kopecks `json:"month"`
	Year          shared.Kopecks `json:"year"`
	MonthTax      shared.Kopecks `json:"monthTax"` // the running period's tax so far
	DeductionLeft shared.Kopecks `json:"deductionLeft"`
	Limit         shared.Kopecks `json:"limit"`
	LimitLevel    int            `json:"limitLevel"` // 0, 80, 90 or 100
	Debt          shared.Kopecks `json:"debt"`       // issued and unpaid, with the penalty
	NextDue       string         `json:"nextDue,omitempty"`
}

// IncomePoint is the income of one day or one month.
type IncomePoint struct {
	Label     string         `json:"label"` // YYYY-MM-DD or YYYY-MM
	Income    shared.Kopecks `json:"income"`
	OverLimit shared.Kopecks `json:"overLimit,omitempty"` // of Income, outside НПД
	Tax       shared.Kopecks `json:"tax"`
	Receipts  int            `json:"receipts"`
}

// Income is the income by month of a year, or by day of a month
// (GET /npd/income?year=2026 or ?month=2026-11).
type Income struct {
	Points    []IncomePoint  `json:"points"`
	Total     shared.Kopecks `json:"total"`
	OverLimit shared.Kopecks `json:"overLimit,omitempty"` // of Total, over the yearly limit: outside НПД
	Tax       shared.Kopecks `json:"tax"`
}

// LedgerRow is one tax period of the ledger (GET /npd/ledger).
type LedgerRow struct {
	NoticeID      string         `json:"noticeId,omitempty"` // empty for the running period
	PeriodFrom    string         `json:"periodFrom"`         // YYYY-MM-DD
	PeriodTo      string         `json:"periodTo"`
	Income        shared.Kopecks `json:"income"` // the tax base
	Tax           shared.Kopecks `json:"tax"`
	DeductionUsed shared.Kopecks `json:"deductionUsed"`
	Carried       shared.Kopecks `json:"carried,omitempty"`
	Netted        shared.Kopecks `json:"netted,omitempty"`
	Amount        shared.Kopecks `json:"amount"` // billed
	Issued        bool           `json:"issued"`
	CarryNext     shared.Kopecks `json:"carryNext,omitempty"`
	Paid          shared.Kopecks `json:"paid"`
	Debt          shared.Kopecks `json:"debt"`
	Overpayment   shared.Kopecks `json:"overpayment"`
	Penalty       shared.Kopecks `json:"penalty"`
	PenaltyError  *shared.Error  `json:"penaltyError,omitempty"` // the key rates of some days of arrears are missing
	Due           string         `json:"due"`                    // YYYY-MM-DD; empty when DueError says why
	DueError      *shared.Error  `json:"dueError,omitempty"`     // the calendar of the due date's year is missing
	Overdue       bool           `json:"overdue"`
	Receipts      int            `json:"receipts"`
	UIN           string         `json:"uin,omitempty"`
	Current       bool           `json:"current,omitempty"`
}

// Ledger is the periods, newest first.
type Ledger struct {
	Rows []LedgerRow `json:"rows"`
}

// PenaltyLine is a stretch of days of one rate in a penalty's explanation.
type PenaltyLine struct {
	From        string         `json:"from"`
	To          string         `json:"to"`
	Days        int            `json:"days"`
	Arrears     shared.Kopecks `json:"arrears"`
	RateBP      int64          `json:"rateBp"`      // the key rate, basis points
	Denominator int64          `json:"denominator"` // the fraction is 1/Denominator
	Amount      shared.Kopecks `json:"amount"`
}

// PenaltyExplained is a notice's penalty day by day
// (GET /npd/notices/{id}/penalty).
type PenaltyExplained struct {
	Lines  []PenaltyLine  `json:"lines"`
	Total  shared.Kopecks `json:"total"`
	Capped bool           `json:"capped,omitempty"`
}

// PayInfo is how to pay a notice, its penalty, or the single tax account
// in advance (GET /npd/notices/{id}/pay, GET /npd/pay?amount=).
type PayInfo struct {
	Amount     shared.Kopecks `json:"amount"`
	Penalty    shared.Kopecks `json:"penalty,omitempty"`
	UIN        string         `json:"uin"`
	Purpose    string         `json:"purpose"`
	Payee      string         `json:"payee"`
	PayeeINN   string         `json:"payeeInn"`
	PayeeKPP   string         `json:"payeeKpp"`
	Account    string         `json:"account"`
	BankName   string         `json:"bankName"`
	BIC        string         `json:"bic"`
	CorrespAcc string         `json:"correspAcc"`
	KBK        string         `json:"kbk"`
	OKTMO      string         `json:"oktmo"`
	Payload    string         `json:"payload"` // ГОСТ Р 56042 text
	QR         string         `json:"qr"`      // PNG data URL of the payload
	PDF        string         `json:"pdf"`     // link to the payment document
}

// Payment is a payment received on a notice (GET /npd/payments).
type Payment struct {
	ID        string         `json:"id"`
	NoticeID  string         `json:"noticeId"`
	Period    string         `json:"period"` // the notice's period, YYYY-MM-DD..YYYY-MM-DD
	UIN       string         `json:"uin"`
	Amount    shared.Kopecks `json:"amount"`
	PaidOn    string         `json:"paidOn"`
	Reference string         `json:"reference"`
}

// Payments is the payment history, newest first.
type Payments struct {
	Items []Payment `json:"items"`
}

// Certificate kinds.
const (
	CertRegistration = "registration" // КНД 1122035
	CertIncome       = "income"       // КНД 1122036
)

// CertificateRequest orders a certificate (POST /npd/certificates); an
// income one needs the period.
type CertificateRequest struct {
	Kind string `json:"kind"`
	From string `json:"from,omitempty"` // YYYY-MM-DD
	To   string `json:"to,omitempty"`
}

// IssuedDocument is a PDF the portal issued to the person.
type IssuedDocument struct {
	ID        string    `json:"id"`
	Code      string    `json:"code"` // the verification page is /v/{code}
	Kind      string    `json:"kind"`
	Title     string    `json:"title"`
	CreatedAt time.Time `json:"createdAt"`
}

// IssuedDocuments lists them, newest first (GET /npd/certificates).
type IssuedDocuments struct {
	Items []IssuedDocument `json:"items"`
}

// Verification is what the public verification page shows of a genuine
// document (GET /v/{code}); POST /v/{code} with the file's bytes says
// whether that file is the very document (Matches).
type Verification struct {
	Kind      string      `json:"kind"`
	Title     string      `json:"title"`
	Holder    string      `json:"holder"`
	Details   [][2]string `json:"details"`
	CreatedAt time.Time   `json:"createdAt"`
	SHA256    string      `json:"sha256"`
	Checked   bool        `json:"checked,omitempty"` // a file was compared
	Matches   bool        `json:"matches,omitempty"`
}

// EmailReceiptRequest sends a receipt to the buyer
// (POST /npd/receipts/{id}/email).
type EmailReceiptRequest struct {
	To string `json:"to"`
}
