package npd

import (
	"kabinet/shared"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The self-employed (НПД) cabinet's contract.

// NPD payer statuses.
const (
	StatusActive   = "active"
	StatusInactive = "inactive" // deregistered
	StatusBlocked  = "blocked"  // by the tax office, with a reason
)

// ReasonLimit is the reason of a deregistration by the receipt that
// crossed the yearly income limit, in the words of the tax service.
const ReasonLimit = "Превышение лимита дохода"

// Activity is a kind of activity a person declares when registering.
type Activity struct {
	Code      string `json:"code"`
	Forbidden bool   `json:"forbidden,omitempty"` // not allowed on НПД (422-ФЗ art. 4 p. 2, art. 6 p. 2)
}

// Activities are the kinds offered at registration; the forbidden ones
// are refused with the reason (the catalogue's "npd.activity.<code>" and
// "npd.forbidden.<code>").
var Activities = []Activity{
	{Code: "services"}, {Code: "it"}, {Code: "rent"}, {Code: "handmade"}, {Code: "tutoring"},
	{Code: "beauty"}, {Code: "transport"}, {Code: "photo"}, {Code: "repair"}, {Code: "consulting"},
	{Code: "resale", Forbidden: true},     // selling goods one did not make
	{Code: "excise", Forbidden: true},     // excisable goods and goods to be marked
	{Code: "mining", Forbidden: true},     // mining and selling minerals
	{Code: "agency", Forbidden: true},     // acting for others under agency or commission
	{Code: "employment", Forbidden: true}, // income from one's employer of the last two years
}

// RegisterRequest registers the signed-in person as self-employed
// (POST /npd/register).
type RegisterRequest struct {
	Region     string   `json:"region"` // subject code, two digits ("77")
	Activities []string `json:"activities"`
}

// Validate checks the form as both the browser and the API do: a region
// code of two digits other than 00, and at least one known activity with
// none that НПД forbids (the first forbidden one is named in the field's
// Message, so the page can say which box to untick).
func (r RegisterRequest) Validate() error {
	var f shared.Fields
	switch {
	case r.Region == "":
		f.Add("region", shared.CodeRequired)
	case len(r.Region) != 2 || shared.Digits(r.Region) != r.Region || r.Region == "00":
		f.Add("region", shared.CodeBadFormat)
	}
	if len(r.Activities) == 0 {
		f.Add("activities", shared.CodeRequired)
	}
	for _, code := range r.Activities {
		i := slices.IndexFunc(Activities, func(a Activity) bool { return a.Code == code })
		switch {
		case i < 0:
			f.Add("activities", shared.CodeBadFormat)
		case Activities[i].Forbidden:
			f.Add("activities", CodeNPDForbidden)
			if f["activities"].Code == CodeNPDForbidden {
				f["activities"] = shared.FieldError{Code: CodeNPDForbidden, Message: code}
			}
		}
	}
	return f.Err()
}

// DeregisterRequest ends the status (POST /npd/deregister).
type DeregisterRequest struct {
	Reason string `json:"reason"`
}

// Payer is the person as a payer of НПД (GET /npd).
type Payer struct {
	INN           string         `json:"inn"`
	Region        string         `json:"region"`
	Activities    []string       `json:"activities"`
	Status        string         `json:"status"`
	StatusReason  string         `json:"statusReason,omitempty"`
	RegisteredAt  time.Time      `json:"registeredAt"`
	DeductionLeft shared.Kopecks `json:"deductionLeft"`
}

// Buyer types and payment types of a receipt.
const (
	BuyerPerson   = "person"
	BuyerBusiness = "business" // an organisation or an ИП: ИНН required
	BuyerForeign  = "foreign"

	PaymentCash    = "cash"
	PaymentAccount = "account"
)

// Reasons of an annulment: exactly one of the two the law knows.
const (
	AnnulMistake = "mistake" // «Чек сформирован ошибочно»
	AnnulRefund  = "refund"  // «Возврат средств»
)

// ReceiptItem is one line of a receipt.
type ReceiptItem struct {
	Name     string         `json:"name"`
	Quantity int            `json:"quantity"`
	Amount   shared.Kopecks `json:"amount"` // the line's total
}

// ReceiptRequest issues a receipt (POST /npd/receipts).
type ReceiptRequest struct {
	Items     []ReceiptItem `json:"items"`
	BuyerType string        `json:"buyerType"`
	BuyerINN  string        `json:"buyerInn,omitempty"`
	BuyerName string        `json:"buyerName,omitempty"`
	Payment   string        `json:"payment"`
	SettledAt time.Time     `json:"settledAt,omitzero"` // zero: now
}

// Receipt is an issued receipt.
type Receipt struct {
	ID            string         `json:"id"`
	Number        string         `json:"number"` // public: the check page is /r/{number}
	Items         []ReceiptItem  `json:"items"`
	Total         shared.Kopecks `json:"total"`
	BuyerType     string         `json:"buyerType"`
	BuyerINN      string         `json:"buyerInn,omitempty"`
	BuyerName     string         `json:"buyerName,omitempty"`
	Payment       string         `json:"payment"`
	SettledAt     time.Time      `json:"settledAt"`
	CreatedAt     time.Time      `json:"createdAt"`
	Tax           shared.Kopecks `json:"tax"`
	DeductionUsed shared.Kopecks `json:"deductionUsed"`
	// The part over the yearly limit: outside НПД (no НПД tax on it), taxed
	// under OverLimitRegime ("ndfl"), OverLimitTax by the data (an estimate).
	OverLimit       shared.Kopecks `json:"overLimit,omitempty"`
	OverLimitRegime string         `json:"overLimitRegime,omitempty"`
	OverLimitTax    shared.Kopecks `json:"overLimitTax,omitempty"`
	AnnulledAt      time.Time      `json:"annulledAt,omitzero"`
	AnnulReason     string         `json:"annulReason,omitempty"`
	SellerName      string         `json:"sellerName,omitempty"` // on the public page
	SellerINN       string         `json:"sellerInn,omitempty"`
	QR              string         `json:"qr,omitempty"` // the check page's own QR (PNG data URL), on the public page
}

// ReceiptList is a page of receipts, newest first (GET /npd/receipts).
type ReceiptList struct {
	Items []Receipt `json:"items"`
}

// AnnulRequest annuls a receipt (POST /npd/receipts/{id}/annul).
type AnnulRequest struct {
	Reason string `json:"reason"`
}

// NPD error codes.
const (
	CodeNPDNotConfirmed  shared.Code = "npd_not_confirmed"  // a confirmed account with an ИНН is needed
	CodeNPDAlready       shared.Code = "npd_already"        // already registered
	CodeNPDNotRegistered shared.Code = "npd_not_registered" // not a payer (or not active)
	CodeNPDForbidden     shared.Code = "npd_forbidden"      // a forbidden activity
	CodeReceiptAnnulled  shared.Code = "receipt_annulled"   // already annulled
	CodeSettledTooEarly  shared.Code = "settled_too_early"  // back-dated beyond what the law allows
	CodeSettledInFuture  shared.Code = "settled_in_future"
	CodeFactorRequired   shared.Code = "factor_required" // set up a second factor before the cabinets
	CodeQuantity         shared.Code = "quantity"        // a line's quantity: a whole number, 1 to 10 000
)

// CodeClasses returns the class of every code this package declares (a
// new map: the caller may keep or change it).
func CodeClasses() map[shared.Code]shared.Class {
	return shared.JoinClasses(map[shared.Code]shared.Class{
		CodeNPDNotConfirmed:  shared.ClassForbidden,
		CodeNPDAlready:       shared.ClassConflict,
		CodeNPDNotRegistered: shared.ClassConflict,
		CodeNPDForbidden:     shared.ClassInvalid,
		CodeReceiptAnnulled:  shared.ClassConflict,
		CodeSettledTooEarly:  shared.ClassInvalid,
		CodeSettledInFuture:  shared.ClassInvalid,
		CodeFactorRequired:   shared.ClassForbidden,
		CodeQuantity:         shared.ClassInvalid,
	}, certClasses(), payClasses())
}

// Receipt limits.
const (
	ReceiptItemsMax    = 20
	ReceiptItemNameMax = 256
)

// Validate checks the request; the server also checks the dates against
// its clock and the law.
func (r ReceiptRequest) Validate() error {
	var f shared.Fields
	if len(r.Items) == 0 {
		f.Add("items", shared.CodeRequired)
	}
	if len(r.Items) > ReceiptItemsMax {
		f.Add("items", shared.CodeTooLong)
	}
	for i, it := range r.Items {
		p := "items." + itoa(i) + "."
		name := strings.TrimSpace(it.Name)
		switch {
		case name == "":
			f.Add(p+"name", shared.CodeRequired)
		case utf8.RuneCountInString(name) > ReceiptItemNameMax:
			f.Add(p+"name", shared.CodeTooLong)
		}
		if it.Quantity < 1 || it.Quantity > 10_000 {
			f.Add(p+"quantity", CodeQuantity)
		}
		if it.Amount <= 0 || it.Amount > shared.Rubles(2_400_000) {
			f.Add(p+"amount", shared.CodeMoneyFormat)
		}
	}
	switch r.BuyerType {
	case BuyerPerson:
		if r.BuyerINN != "" {
			f.Check("buyerInn", shared.ValidateINN(r.BuyerINN))
		}
	case BuyerForeign: // named as in the contract; no Russian register has it
		if strings.TrimSpace(r.BuyerName) == "" {
			f.Add("buyerName", shared.CodeRequired)
		}
	case BuyerBusiness:
		if r.BuyerINN == "" {
			f.Add("buyerInn", shared.CodeRequired)
		} else {
			f.Check("buyerInn", shared.ValidateINN(r.BuyerINN))
		}
		// The name is the registry's (ЕГРЮЛ, ЕГРИП), found by the ИНН.
	default:
		f.Add("buyerType", shared.CodeRequired)
	}
	if utf8.RuneCountInString(r.BuyerName) > 256 {
		f.Add("buyerName", shared.CodeTooLong)
	}
	if r.Payment != PaymentCash && r.Payment != PaymentAccount {
		f.Add("payment", shared.CodeRequired)
	}
	return f.Err()
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// Total is the sum of the lines.
func (r ReceiptRequest) Total() shared.Kopecks {
	var t shared.Kopecks
	for _, it := range r.Items {
		t += it.Amount
	}
	return t
}

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

// More NPD error codes.
const (
	CodeCertPeriod shared.Code = "cert_period" // the period of an income certificate is wrong
)

func certClasses() map[shared.Code]shared.Class {
	return map[shared.Code]shared.Class{CodeCertPeriod: shared.ClassInvalid}
}

// Statement line statuses of a bank statement import.
const (
	LineMatched   = "matched"   // a payment of an issued notice, by its УИН
	LineUnmatched = "unmatched" // no issued notice has that УИН
	LineDuplicate = "duplicate" // that bank document was imported before
	LineInvalid   = "invalid"   // the row cannot be read: Field and Code say why
)

// StatementLine is one row of an imported bank statement and what became of it.
type StatementLine struct {
	Line      int            `json:"line"` // 1-based, the header is line 1
	Date      string         `json:"date,omitempty"`
	Amount    shared.Kopecks `json:"amount,omitempty"`
	UIN       string         `json:"uin,omitempty"`
	Reference string         `json:"reference,omitempty"`
	Status    string         `json:"status"`
	Field     string         `json:"field,omitempty"`
	Code      shared.Code    `json:"code,omitempty"`
	Payer     string         `json:"payer,omitempty"` // the matched payer's ИНН
}

// StatementResult is the outcome of an import (POST
// /office/npd/statements?dry=1 with the CSV as the body): a dry run
// changes nothing and says what an import would do.
type StatementResult struct {
	DryRun     bool            `json:"dryRun"`
	Lines      []StatementLine `json:"lines"`
	Matched    int             `json:"matched"`
	Unmatched  int             `json:"unmatched"`
	Duplicates int             `json:"duplicates"`
	Invalid    int             `json:"invalid"`
	Total      shared.Kopecks  `json:"total"` // of the matched lines
}

// UnidentifiedPayment is a statement line no notice matched: money
// received, kept until a tax officer finds its notice
// (GET /office/npd/unidentified).
type UnidentifiedPayment struct {
	ID         string         `json:"id"`
	PaidOn     string         `json:"paidOn"` // YYYY-MM-DD
	Amount     shared.Kopecks `json:"amount"`
	UIN        string         `json:"uin"` // as the bank sent it
	Reference  string         `json:"reference"`
	ImportedAt time.Time      `json:"importedAt"`
}

// UnidentifiedPayments are the payments not yet assigned, oldest first.
type UnidentifiedPayments struct {
	Items []UnidentifiedPayment `json:"items"`
	Total shared.Kopecks        `json:"total"`
}

// AssignPaymentRequest records an unidentified payment as the payment of
// the notice with the УИН (POST /office/npd/unidentified/{id}/assign).
type AssignPaymentRequest struct {
	UIN string `json:"uin"`
}

// AssignedPayment says whose notice the payment went to.
type AssignedPayment struct {
	Payer string `json:"payer"` // ИНН
	Name  string `json:"name"`
}

// OfficePayer is a payer as the tax officer sees it
// (GET /office/npd/payers/{inn}).
type OfficePayer struct {
	AccountID string      `json:"accountId"`
	Name      string      `json:"name"`
	Payer     Payer       `json:"payer"`
	Summary   Summary     `json:"summary"`
	Ledger    []LedgerRow `json:"ledger"`
	Receipts  []Receipt   `json:"receipts"`
	Payments  []Payment   `json:"payments"`
}

// StatusRequest blocks or unblocks a payer (POST
// /office/npd/payers/{inn}/block, /unblock) with the reason and the remedy.
type StatusRequest struct {
	Reason string `json:"reason"`
}

// CodeNothingToPay: the notice is paid.
const CodeNothingToPay shared.Code = "nothing_to_pay"

func payClasses() map[shared.Code]shared.Class {
	return map[shared.Code]shared.Class{CodeNothingToPay: shared.ClassInvalid}
}
