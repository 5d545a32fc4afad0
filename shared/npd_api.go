package shared

import (
	"strings"
	"time"
	"unicode/utf8"
)

// The self-employed (НПД) cabinet's contract.

// NPD payer statuses.
const (
	NPDActive   = "active"
	NPDInactive = "inactive" // deregistered
	NPDBlocked  = "blocked"  // by the tax office, with a reason
)

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

// NPDRegisterRequest registers the signed-in person as self-employed
// (POST /npd/register).
type NPDRegisterRequest struct {
	Region     string   `json:"region"` // subject code, two digits ("77")
	Activities []string `json:"activities"`
}

// NPDDeregisterRequest ends the status (POST /npd/deregister).
type NPDDeregisterRequest struct {
	Reason string `json:"reason"`
}

// NPDPayer is the person as a payer of НПД (GET /npd).
type NPDPayer struct {
	INN           string    `json:"inn"`
	Region        string    `json:"region"`
	Activities    []string  `json:"activities"`
	Status        string    `json:"status"`
	StatusReason  string    `json:"statusReason,omitempty"`
	RegisteredAt  time.Time `json:"registeredAt"`
	DeductionLeft Kopecks   `json:"deductionLeft"`
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
	Name     string  `json:"name"`
	Quantity int     `json:"quantity"`
	Amount   Kopecks `json:"amount"` // the line's total
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
	ID            string        `json:"id"`
	Number        string        `json:"number"` // public: the check page is /r/{number}
	Items         []ReceiptItem `json:"items"`
	Total         Kopecks       `json:"total"`
	BuyerType     string        `json:"buyerType"`
	BuyerINN      string        `json:"buyerInn,omitempty"`
	BuyerName     string        `json:"buyerName,omitempty"`
	Payment       string        `json:"payment"`
	SettledAt     time.Time     `json:"settledAt"`
	CreatedAt     time.Time     `json:"createdAt"`
	Tax           Kopecks       `json:"tax"`
	DeductionUsed Kopecks       `json:"deductionUsed"`
	AnnulledAt    time.Time     `json:"annulledAt,omitzero"`
	AnnulReason   string        `json:"annulReason,omitempty"`
	SellerName    string        `json:"sellerName,omitempty"` // on the public page
	SellerINN     string        `json:"sellerInn,omitempty"`
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
	CodeNPDNotConfirmed  Code = "npd_not_confirmed"  // a confirmed account with an ИНН is needed
	CodeNPDAlready       Code = "npd_already"        // already registered
	CodeNPDNotRegistered Code = "npd_not_registered" // not a payer (or not active)
	CodeNPDForbidden     Code = "npd_forbidden"      // a forbidden activity
	CodeReceiptAnnulled  Code = "receipt_annulled"   // already annulled
	CodeSettledTooEarly  Code = "settled_too_early"  // back-dated beyond what the law allows
	CodeSettledInFuture  Code = "settled_in_future"
	CodeLimitExceeded    Code = "npd_limit_exceeded" // the yearly limit would be crossed
	CodeFactorRequired   Code = "factor_required"    // set up a second factor before the cabinets
)

// Receipt limits.
const (
	ReceiptItemsMax    = 20
	ReceiptItemNameMax = 256
)

// Validate checks the request; the server also checks the dates against
// its clock and the law.
func (r ReceiptRequest) Validate() error {
	var f Fields
	if len(r.Items) == 0 {
		f.Add("items", CodeRequired)
	}
	if len(r.Items) > ReceiptItemsMax {
		f.Add("items", CodeTooLong)
	}
	for i, it := range r.Items {
		p := "items." + itoa(i) + "."
		name := strings.TrimSpace(it.Name)
		switch {
		case name == "":
			f.Add(p+"name", CodeRequired)
		case utf8.RuneCountInString(name) > ReceiptItemNameMax:
			f.Add(p+"name", CodeTooLong)
		}
		if it.Quantity < 1 || it.Quantity > 10_000 {
			f.Add(p+"quantity", CodeBadFormat)
		}
		if it.Amount <= 0 || it.Amount > Rubles(2_400_000) {
			f.Add(p+"amount", CodeMoneyFormat)
		}
	}
	switch r.BuyerType {
	case BuyerPerson, BuyerForeign:
		if r.BuyerINN != "" {
			f.Check("buyerInn", ValidateINN(r.BuyerINN))
		}
	case BuyerBusiness:
		if r.BuyerINN == "" {
			f.Add("buyerInn", CodeRequired)
		} else {
			f.Check("buyerInn", ValidateINN(r.BuyerINN))
		}
		if strings.TrimSpace(r.BuyerName) == "" {
			f.Add("buyerName", CodeRequired)
		}
	default:
		f.Add("buyerType", CodeRequired)
	}
	if utf8.RuneCountInString(r.BuyerName) > 256 {
		f.Add("buyerName", CodeTooLong)
	}
	if r.Payment != PaymentCash && r.Payment != PaymentAccount {
		f.Add("payment", CodeRequired)
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
func (r ReceiptRequest) Total() Kopecks {
	var t Kopecks
	for _, it := range r.Items {
		t += it.Amount
	}
	return t
}
