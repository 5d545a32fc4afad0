// Package ip is the vocabulary of the individual entrepreneur's cabinet
// shared by the browser and the server: the ЕГРИП record as the cabinet
// shows it, the ОКВЭД2 classifier's entries, the filings Р21001, Р24001
// and Р26001 with their answers, statuses and timeline, the registry
// officer's queue, the error codes of /api/v1/ip and /api/v1/office/ip,
// and the validation both sides run (validate.go) and the ОГРНИП's
// structure (ogrnip.go). Standard library only: it is compiled into the
// browser. The server's and the browser's packages of the cabinet are
// named ip too; they import this one as sharedip (a package whose name is
// taken is imported under its path joined, as shared/npd is).
package ip

import "kabinet/shared"

// Error codes of the cabinet and the registry officer's desk; each has
// its texts in shared/i18n/ui_ip.go under "err." + the code.
const (
	// Why the cabinet does not open (GET /ip): each with its remedy.
	CodeNotConfirmed   shared.Code = "ip_not_confirmed"   // a confirmed account is needed
	CodeNoFactor       shared.Code = "ip_no_factor"       // set up a second factor first
	CodeNotIP          shared.Code = "ip_not_registered"  // the account's ИНН names no ИП: file Р21001
	CodeAccountLimited shared.Code = "ip_account_limited" // pending confirmation: reference information only
	CodeNeedsUpdate    shared.Code = "ip_needs_update"    // the profile must be updated first

	// Filings.
	CodeAlreadyActive    shared.Code = "ip_already_active"    // Р21001 by an ИП that is active
	CodeExcludedRecently shared.Code = "ip_excluded_recently" // Р21001 within Terms.ExclusionBar of an exclusion
	CodeNotActive        shared.Code = "ip_not_active"        // Р24001/Р26001 need an active ИП
	CodeINNNotOwn        shared.Code = "ip_inn_not_own"       // Р21001 names an ИНН other than the account's
	CodeIdentityNotOwn   shared.Code = "ip_identity_not_own"  // Р21001's names, birth date or passport are not the account's
	CodeFilingState      shared.Code = "ip_filing_state"      // the filing is not in a state for this
	CodeFilingDecided    shared.Code = "ip_filing_decided"    // another officer decided it first

	// Fields.
	CodeFormUnknown     shared.Code = "ip_form_unknown"
	CodeOKVEDFormat     shared.Code = "okved_format"   // 2 to 6 digits: NN, NN.N, NN.NN, NN.NN.N, NN.NN.NN
	CodeOKVEDUnknown    shared.Code = "okved_unknown"  // not in the classifier
	CodeOKVEDTwice      shared.Code = "okved_twice"    // listed twice, or the main one among the others
	CodeOKVEDTooMany    shared.Code = "okved_too_many" // more than MaxOKVED
	CodeRegimeUnknown   shared.Code = "regime_unknown"
	CodeRegionFormat    shared.Code = "region_format" // two digits of a region's code
	CodeNoChanges       shared.Code = "ip_no_changes" // Р24001 changes nothing
	CodeNotAcknowledged shared.Code = "ip_not_acknowledged"
	CodeRefusalReason   shared.Code = "ip_refusal_reason" // not one of RefusalReasons
	CodeScanType        shared.Code = "ip_scan_type"      // the passport scan is not a PDF, JPG or PNG
	CodeSignedOther     shared.Code = "ip_signed_other"   // the signed document is not the filing's answers now
	CodeNotKeySigned    shared.Code = "ip_not_key_signed" // the document bears no valid «Ключ Кабинета» signature

	// Rows of the tax authority's facts (kabinet ip tax import).
	CodeTaxFactKind  shared.Code = "ip_tax_fact_kind"  // neither a report nor an ЕНС balance
	CodeKNDFormat    shared.Code = "ip_knd_format"     // a КНД form code is 7 digits
	CodeTaxPeriod    shared.Code = "ip_tax_period"     // YYYY, YYYY-Qn or YYYY-MM
	CodeTaxFactTwice shared.Code = "ip_tax_fact_twice" // two debts of one ИП on one day
)

// CodeClasses returns the class of every code this package declares (a
// new map: the caller may keep or change it).
func CodeClasses() map[shared.Code]shared.Class {
	return shared.JoinClasses(
		shared.ClassOf(shared.ClassForbidden, CodeNotConfirmed, CodeNoFactor, CodeAccountLimited, CodeNeedsUpdate),
		shared.ClassOf(shared.ClassConflict, CodeNotIP, CodeAlreadyActive, CodeExcludedRecently, CodeNotActive,
			CodeFilingState, CodeFilingDecided),
		shared.ClassOf(shared.ClassInvalid, CodeINNNotOwn, CodeIdentityNotOwn, CodeFormUnknown, CodeOKVEDFormat, CodeOKVEDUnknown,
			CodeOKVEDTwice, CodeOKVEDTooMany, CodeRegimeUnknown, CodeRegionFormat, CodeNoChanges,
			CodeNotAcknowledged, CodeRefusalReason, CodeScanType, CodeSignedOther, CodeNotKeySigned,
			CodeTaxFactKind, CodeKNDFormat, CodeTaxPeriod, CodeTaxFactTwice),
	)
}

// ReasonMismatch is the account status reason «требуется обновление
// данных» that «Проверить данные в ЕГРИП» sets on a mismatch (its text is
// "reason." + it in the catalogue).
const ReasonMismatch = "egrip_mismatch"

// Journal kinds of the cabinet (texts "event." + kind).
const (
	JournalChecked     = "ip.checked"  // data agree with ЕГРИП
	JournalMismatch    = "ip.mismatch" // data differ: account needs an update
	JournalSubmitted   = "ip.filing_submitted"
	JournalAnswered    = "ip.filing_answered"
	JournalInReview    = "ip.filing_in_review"
	JournalRegistered  = "ip.filing_registered"
	JournalRefused     = "ip.filing_refused"
	JournalAdditions   = "ip.filing_additions"
	JournalRisk        = "ip.exclusion_risk"         // the daily job found a risk of exclusion
	JournalRiskCleared = "ip.exclusion_risk_cleared" // the risk is gone
)

// Tax regimes of an ИП.
const (
	RegimeUSN6  = "usn6"  // УСН «доходы», 6 %
	RegimeUSN15 = "usn15" // УСН «доходы минус расходы», 15 %
	RegimePSN   = "psn"   // патентная система
	RegimeOSNO  = "osno"  // общая система
	RegimeNPD   = "npd"   // налог на профессиональный доход
)

// Regimes are the regimes, in the order a form offers them.
var Regimes = []string{RegimeUSN6, RegimeUSN15, RegimePSN, RegimeOSNO, RegimeNPD}

// Statuses of an ИП in ЕГРИП: shared.RegistryActive («действующий»),
// shared.RegistryClosed («прекратил деятельность») and
// shared.RegistryExcluding («в процессе исключения»).

// Record is an ИП's ЕГРИП record (GET /ip).
type Record struct {
	LastName     string  `json:"lastName"`
	FirstName    string  `json:"firstName"`
	MiddleName   string  `json:"middleName,omitempty"`
	BirthDate    string  `json:"birthDate,omitempty"` // YYYY-MM-DD
	INN          string  `json:"inn"`
	OGRNIP       string  `json:"ogrnip"`
	RegisteredOn string  `json:"registeredOn"` // YYYY-MM-DD
	ClosedOn     string  `json:"closedOn,omitempty"`
	MainOKVED    OKVED   `json:"mainOkved"`
	OtherOKVED   []OKVED `json:"otherOkved"`
	Regime       string  `json:"regime"`
	Address      Address `json:"address"`
	Status       string  `json:"status"`  // shared.Registry*
	History      []Entry `json:"history"` // newest first
	// Passport is the identity document the registry keeps: only the
	// owner and the registry officer get a Record; nil when the registry
	// holds none (an imported entry).
	Passport *IdentityDoc `json:"passport,omitempty"`
	// Tax is what the tax authority reported of the ИП: its reports
	// received and its ЕНС balance.
	Tax TaxFacts `json:"tax"`
	// RiskSince is the day the daily job found the ИП at risk of
	// exclusion (no reports for 15 months and a tax debt); "" when not.
	// RiskDebt and RiskLastReport are what it found then: the debt (ЕНС
	// and НПД) and the day the last report was received ("" for none
	// since registration).
	RiskSince      string         `json:"riskSince,omitempty"`
	RiskDebt       shared.Kopecks `json:"riskDebt,omitempty"`
	RiskLastReport string         `json:"riskLastReport,omitempty"`
}

// DocPassportRF is the kind (the code of ФНС's directory СПДУЛ) of a
// Russian internal passport, the one document the forms take.
const DocPassportRF = "21"

// IdentityDoc is the identity document in an ИП's record.
type IdentityDoc struct {
	Kind string `json:"kind"` // DocPassportRF
	shared.Passport
}

// TaxReport is a report the tax authority received from the ИП.
type TaxReport struct {
	KND        string `json:"knd"`        // the form's code: 1152017 (УСН), 1151020 (3-НДФЛ)…
	Period     string `json:"period"`     // YYYY, YYYY-Qn or YYYY-MM
	ReceivedOn string `json:"receivedOn"` // YYYY-MM-DD
}

// TaxFacts are the tax authority's facts of an ИП the record shows.
type TaxFacts struct {
	Reports []TaxReport `json:"reports"` // newest first, the last MaxTaxReports
	// Debt is the ЕНС debt as of AsOf; AsOf is "" when no balance is known.
	Debt shared.Kopecks `json:"debt"`
	AsOf string         `json:"asOf,omitempty"`
}

// MaxTaxReports is how many reports a record shows.
const MaxTaxReports = 12

// Entry is one entry of a record's history.
type Entry struct {
	GRN    string `json:"grn"` // ГРНИП: 15 digits; the first entry's is the ОГРНИП
	MadeOn string `json:"madeOn"`
	Kind   string `json:"kind"`             // "registration", "change", "closure", "import"
	Filing string `json:"filing,omitempty"` // the filing's number
}

// Address is where the ИП lives (the registration address).
type Address struct {
	Region string `json:"region"` // two digits: 77, 50, 78…
	Text   string `json:"text"`   // the rest, as in the passport
}

// OKVED is an entry of the ОКВЭД2 classifier.
type OKVED struct {
	Code string `json:"code"` // "62.01", or a section's letter "J"
	Name string `json:"name"`
}

// OKVEDList is the answer of GET /ip/okved?q=.
type OKVEDList struct {
	Edition string  `json:"edition"` // the classifier's edition date, YYYY-MM-DD
	Items   []OKVED `json:"items"`
}

// Home is the cabinet's home (GET /ip).
type Home struct {
	Record  Record   `json:"record"`
	Filings []Filing `json:"filings"` // the person's filings, newest first
	Dues    []Due    `json:"dues"`    // the tax deadlines ahead, nearest first; none for a closed ИП
}

// CheckRequest is «Проверить данные в ЕГРИП» (POST /ip/check): the
// account's names, ИНН and birth date are compared with the record, and
// the ОГРНИП the person holds when given.
type CheckRequest struct {
	OGRNIP string `json:"ogrnip,omitempty"`
}

// Difference is a field whose values differ.
type Difference struct {
	Field    string `json:"field"` // lastName, firstName, middleName, inn, ogrnip, birthDate, passport.series, .number, .issuedOn, .issuedBy, .divisionCode
	Profile  string `json:"profile"`
	Registry string `json:"registry"`
}

// CheckResult is the comparison: Confirmed when nothing differs.
type CheckResult struct {
	Confirmed   bool         `json:"confirmed"`
	Differences []Difference `json:"differences"`
}

// Due is one of an ИП's tax deadlines (the ИП cabinet's «Сроки»): what
// is due for which period, by when — the date the law names, moved to the
// next working day by the production calendar.
type Due struct {
	Kind    string `json:"kind"`              // one of the Due… kinds
	Period  string `json:"period"`            // "2026", or a part of it: "2026-Q1", "2026-H1", "2026-9M"
	On      string `json:"on"`                // YYYY-MM-DD, a working day
	Nominal string `json:"nominal,omitempty"` // the law's date, when it fell on a day off
	// Unsure: the year's production calendar is not loaded yet, so On
	// is the law's date and may still move.
	Unsure bool           `json:"unsure,omitempty"`
	Amount shared.Kopecks `json:"amount,omitempty"` // where the law fixes the sum
}

// Kinds of a Due.
const (
	DueDeclaration   = "declaration"   // the УСН declaration for the year
	DueTax           = "tax"           // the УСН tax for the year
	DueNotice        = "notice"        // the notice of the computed advance (уведомление об исчисленных суммах)
	DueAdvance       = "advance"       // the УСН advance for the period
	DueContributions = "contributions" // the fixed insurance contributions for the year
	DueOver300       = "over300"       // 1 % of the year's income over 300 000 ₽
)
