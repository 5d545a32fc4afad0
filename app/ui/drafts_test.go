package ui

import (
	"encoding/json"
	"strings"
	"testing"

	"kabinet/shared"
)

// Drafts stay on the device: they must never hold a password or a
// one-time code.
func TestDraftsHoldNoSecrets(t *testing.T) {
	for name, v := range map[string]any{
		"receipt": receiptDraft{Items: []receiptLine{{}}},
		"profile": shared.ProfileRequest{},
	} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		keys := strings.ToLower(string(b))
		for _, secret := range []string{"password", "otp", "secret", "token", `"code"`, "current"} {
			if strings.Contains(keys, secret) {
				t.Errorf("the %s draft has a %s: %s", name, secret, b)
			}
		}
	}
}
