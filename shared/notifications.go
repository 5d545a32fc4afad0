package shared

import "time"

// Notification categories a person can switch off, each with one button on
// the notifications page. A category off: no e-mail and nothing in the
// inbox for it.
const (
	NotifyNPDNotice  = "npd.notice"  // a tax notice was issued
	NotifyNPDDue     = "npd.due"     // a payment is due in 3 days, in 1 day
	NotifyNPDLimit   = "npd.limit"   // the income reached 80, 90, 100 % of the limit
	NotifyNPDPayment = "npd.payment" // a payment was received
	NotifyIPFiling   = "ip.filing"   // a filing to ЕГРИП changed status
	NotifyIPDue      = "ip.due"      // a tax deadline of the ИП is in 3 days, in 1 day
	NotifyDocuments  = "documents"   // a sending moved on its timeline, an agency sent a document
)

// NotifyCategories are the categories, in the order the page shows them.
var NotifyCategories = []string{NotifyNPDNotice, NotifyNPDDue, NotifyNPDLimit, NotifyNPDPayment, NotifyIPFiling, NotifyIPDue, NotifyDocuments}

// Notification is one message of the in-app inbox. Message is a catalogue
// key ("<key>.title" and "<key>.body" with Args), so it reads in the
// reader's language.
type Notification struct {
	ID        int64     `json:"id"`
	Category  string    `json:"category"`
	Message   string    `json:"message"`
	Args      []string  `json:"args"`
	Link      string    `json:"link,omitempty"` // a page of the portal
	CreatedAt time.Time `json:"createdAt"`
	Read      bool      `json:"read"`
}

// Inbox is the newest notifications and how many are unread
// (GET /notifications).
type Inbox struct {
	Items  []Notification `json:"items"`
	Unread int            `json:"unread"`
}

// NotifyPrefs lists the categories switched off (GET /notifications/prefs).
type NotifyPrefs struct {
	Off []string `json:"off"`
}

// NotifyPrefRequest switches a category on or off
// (PUT /notifications/prefs/{category}).
type NotifyPrefRequest struct {
	On bool `json:"on"`
}

// ReadRequest marks notifications read (POST /notifications/read); no ids:
// all of them.
type ReadRequest struct {
	IDs []int64 `json:"ids,omitempty"`
}
