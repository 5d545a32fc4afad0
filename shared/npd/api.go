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

// Receipt limits. ReceiptLineMax is a guard against a mistyped amount,
// not a rule of НПД: the year's income limit is no bound on one receipt —
// income received gets its receipt, and a receipt over the limit is
// issued with its part beyond it outside НПД.
const (
	ReceiptItemsMax    = 20
	ReceiptItemNameMax = 256
	ReceiptLineMax     = shared.Kopecks(1_000_000_000 * 100) // 1 billion ₽
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
		if it.Amount <= 0 || it.Amount > ReceiptLineMax {
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
