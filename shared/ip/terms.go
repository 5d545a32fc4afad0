// The periods of 129-ФЗ the cabinet counts, as data with their source, as
// shared/npd keeps its rates: a change of the law is a change of this
// table, not a hunt for numbers in the server.

package ip

import "time"

// Term is a period the law sets: calendar years and months, as
// time.AddDate counts them, or working days by the production calendar
// (which only the server holds, so it counts those itself).
type Term struct {
	Years, Months int
	WorkingDays   int
	Law           string // the law and article that set it
}

// After is the day the term begun on t ends.
func (p Term) After(t time.Time) time.Time { return t.AddDate(p.Years, p.Months, 0) }

// Before is the day a term that ends on t began.
func (p Term) Before(t time.Time) time.Time { return t.AddDate(-p.Years, -p.Months, 0) }

// Terms are the periods of 129-ФЗ the cabinet counts. The catalogue's
// texts state them in words (shared/i18n/ui_ip.go; terms_test.go lists
// the keys): a change here is a change there.
var Terms = struct {
	// ExclusionRisk: an ИП that has filed no reports for this long and
	// owes tax may be struck off by the registry.
	ExclusionRisk Term
	// ExclusionBar: one struck off by the registry's decision may not
	// register as an ИП again until this has passed.
	ExclusionBar Term
	// Decision: the registry decides a filing within this, counted from
	// the day after its receipt.
	Decision Term
}{
	ExclusionRisk: Term{Months: 15, Law: "129-ФЗ, ст. 22.4"},
	ExclusionBar:  Term{Years: 3, Law: "129-ФЗ, ст. 22.1 п. 4"},
	Decision:      Term{WorkingDays: 3, Law: "129-ФЗ, ст. 8 п. 3"},
}
