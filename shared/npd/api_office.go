// The wire types of the tax officer's desk: bank statements, payments
// no notice matched, and the payer as the desk sees them.

package npd

import (
	"kabinet/shared"
	"time"
)

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
	Items []UnidentifiedPayment `json:"items"` // the oldest, at most UnidentifiedShown
	Total shared.Kopecks        `json:"total"` // of all of them, shown or not
	Count int                   `json:"count"` // all of them
}

// UnidentifiedShown is how many unidentified payments a list carries.
const UnidentifiedShown = 500

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
