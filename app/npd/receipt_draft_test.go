package npd

import (
	"testing"

	"kabinet/app/page/pagetest"
)

// Drafts stay on the device: they must never hold a password or a
// one-time code.
func TestDraftsHoldNoSecrets(t *testing.T) {
	pagetest.HoldsNoSecrets(t, "receipt", receiptDraft{Items: []receiptLine{{}}})
}
