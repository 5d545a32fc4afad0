package documents

import (
	"testing"

	"kabinet/app/page/pagetest"
	shareddocs "kabinet/shared/documents"
	"kabinet/shared/signature"
)

// TestEveryTextIsInTheCatalogue checks the literal keys of t("…") in the
// area's pages and the keys they build from the vocabulary's values.
func TestEveryTextIsInTheCatalogue(t *testing.T) {
	keys := pagetest.LiteralKeys(t)
	for _, st := range []string{shareddocs.StatusUploaded, shareddocs.StatusSigned, shareddocs.StatusSent} {
		keys["docs.status."+st] = true
	}
	for _, st := range shareddocs.SendingStatuses {
		keys["docs.sending."+st] = true
		if st != shareddocs.SendingSent && st != shareddocs.SendingDelivered {
			keys["desk.done."+st] = true
		}
	}
	for _, c := range shareddocs.Categories {
		keys["docs.category."+string(c)] = true
	}
	for _, k := range shareddocs.IncomingKinds {
		keys["docs.incoming."+k] = true
	}
	for _, k := range []string{signature.KindSimple, signature.KindKey, signature.KindExternal} {
		keys["sig.kind."+k] = true
		keys["docs.signature."+k] = true
	}
	for _, k := range []string{signature.KindSimple, signature.KindKey} {
		keys["docs.stepupWhy."+k] = true
	}
	for _, s := range []signature.Status{signature.StatusValid, signature.StatusDocumentChanged, signature.StatusBadSignature, signature.StatusExpired,
		signature.StatusNotYetValid, signature.StatusUntrusted, signature.StatusRevoked, signature.StatusGOSTUnsupported, signature.StatusMalformed} {
		keys["sig.status."+string(s)] = true
	}
	for _, k := range shareddocs.JournalKinds {
		keys["event."+k] = true
	}
	pagetest.CheckKeys(t, keys)
}
