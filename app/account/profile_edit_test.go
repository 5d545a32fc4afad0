package account

import (
	"testing"

	"kabinet/app/page/pagetest"
	"kabinet/shared"
)

// The profile's draft stays on the device: it must never hold a password.
func TestProfileDraftHoldsNoSecrets(t *testing.T) {
	pagetest.HoldsNoSecrets(t, "profile", shared.ProfileRequest{})
}
