package page

// Paths of the pages: every page links to others by these, and the route
// table (routes.go) maps them to the pages.
const (
	PathHome       = "/"
	PathLogin      = "/login"
	PathRegister   = "/register"
	PathConfirm    = "/register/confirm"
	PathRecover    = "/recover"
	PathNotMe      = "/not-me"
	PathKioskSetup = "/kiosk/setup"
	PathPrivacy    = "/privacy"

	PathCabinet    = "/cabinet"
	PathProfile    = "/profile"
	PathProfileEdt = "/profile/edit"
	// PathConfirmSig confirms a standard account with an external signature.
	PathConfirmSig = "/profile/confirm-signature"
	PathJournal    = "/journal"
	PathSessions   = "/sessions"
	PathSecurity   = "/security"
	PathQR         = "/qr"
	PathInbox      = "/notifications"
	PathOutbox     = "/dev/outbox"

	PathOffice = "/office"
	PathKiosks = "/office/kiosks"
	// PatternPerson matches a back-office person page, /office/people/{id}.
	PatternPerson = `^/office/people/[^/]+$`

	// The self-employed cabinet; PathNPDIncome is the income by month of
	// a year (?year=) or by day of a month (?month=YYYY-MM).
	PathNPD         = "/npd"
	PathNPDReceipts = "/npd/receipts"
	PathNPDIncome   = "/npd/income"
	PathNPDTax      = "/npd/tax"
	PathNPDDocs     = "/npd/documents"
	// PathOfficeNPD is the tax officer's page of the self-employed.
	PathOfficeNPD = "/office/npd"
	// PatternReceipt matches the public check page of a receipt, /r/{number};
	// PatternVerify the public check of an issued document, /v/{code}.
	PatternReceipt = `^/r/[a-z0-9]{1,20}$`
	PatternVerify  = `^/v/[0-9a-z]{1,32}$`

	// The individual entrepreneur's cabinet: the home, a filing (its form
	// while a draft, then its timeline), and the registry officer's desk
	// with a filing and an ИП's card (/office/ip/records/{inn}).
	PathIP                = "/ip"
	PathIPFilings         = "/ip/filings/"
	PatternIPFiling       = `^/ip/filings/[0-9a-zA-Z-]{1,40}$`
	PathOfficeIP          = "/office/ip"
	PathOfficeIPFilings   = "/office/ip/filings/"
	PatternOfficeIPFiling = `^/office/ip/filings/[0-9a-zA-Z-]{1,40}$`
	PathOfficeIPRecords   = "/office/ip/records/"
	PatternOfficeIPRecord = `^/office/ip/records/[0-9]{12}$`
)
