package auth

import (
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// A code is taken in its own step and the one after it; one from two
// steps back, or from the step ahead, is refused (ASVS 6.5.5).
func TestTOTPWindow(t *testing.T) {
	const secret = "KABINETTESTSECRETTOTPKEYABCDEFGH"
	now := time.Unix(1_780_000_015, 0) // the middle of a step
	step := now.Unix() / totpPeriod
	for name, tc := range map[string]struct {
		shift    int64
		accepted bool
	}{
		"two steps back": {-2, false},
		"step just past": {-1, true},
		"current step":   {0, true},
		"step ahead":     {1, false},
	} {
		t.Run(name, func(t *testing.T) {
			code, err := totp.GenerateCodeCustom(secret, time.Unix((step+tc.shift)*totpPeriod, 0), totpOpts)
			if err != nil {
				t.Fatal(err)
			}
			got := totpStep(secret, code, now)
			if want := map[bool]int64{true: step + tc.shift, false: -1}[tc.accepted]; got != want {
				t.Fatalf("totpStep = %d, want %d", got, want)
			}
		})
	}
}
