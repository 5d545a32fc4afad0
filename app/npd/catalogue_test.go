package npd

import (
	"strconv"
	"testing"

	"kabinet/app/page/pagetest"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// TestEveryTextIsInTheCatalogue checks the literal keys of t("…") in the
// cabinet's pages and the keys they build from its values (activities,
// statuses, buyers, months, documents, limits, statement lines, the
// registry), in both languages.
func TestEveryTextIsInTheCatalogue(t *testing.T) {
	keys := pagetest.LiteralKeys(t)
	for _, a := range sharednpd.Activities {
		keys["npd.activity."+a.Code] = true
	}
	for _, k := range []string{"npd.status.active", "npd.status.inactive", "npd.status.blocked", "npd.buyer.person", "npd.buyer.business",
		"npd.buyer.foreign", "npd.payment.cash", "npd.payment.account", "npd.reason.mistake", "npd.reason.refund"} {
		keys[k] = true
	}
	for _, k := range []string{"home", "receipts", "income", "tax", "docs", "inbox"} {
		keys["npd.nav."+k] = true
	}
	for m := 1; m <= 12; m++ {
		keys["month."+strconv.Itoa(m)] = true
		keys["month.short."+strconv.Itoa(m)] = true
	}
	for _, d := range []string{"npd.registration", "npd.income", "npd.payment", "npd.receipts"} {
		keys["npd.doc."+d] = true
	}
	for _, st := range []string{sharednpd.StatusInactive, sharednpd.StatusBlocked} {
		keys["npd.statusWhy."+st] = true
		keys["npd.remedy."+st] = true
	}
	for _, l := range []string{"80", "90", "100"} {
		keys["npd.limit"+l] = true
	}
	for _, st := range []string{sharednpd.LineMatched, sharednpd.LineUnmatched, sharednpd.LineDuplicate, sharednpd.LineInvalid} {
		keys["onpd.line."+st] = true
	}
	for _, st := range []string{shared.RegistryActive, shared.RegistryExcluding, shared.RegistryClosed} {
		keys["npd.registry."+st] = true
	}
	for _, c := range []string{"file", "date", "amount", "uin", "reference"} {
		keys["onpd.col."+c] = true
	}
	pagetest.CheckKeys(t, keys)
}
