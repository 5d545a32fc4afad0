package signin

import (
	"testing"

	"kabinet/app/page/pagetest"
	"kabinet/shared"
)

// TestEveryTextIsInTheCatalogue checks the literal keys of t("…") in the
// sign-in pages and the keys they build per channel, in both languages.
func TestEveryTextIsInTheCatalogue(t *testing.T) {
	keys := pagetest.LiteralKeys(t)
	for _, ch := range []string{shared.ChannelSMS, shared.ChannelEmail} {
		for _, p := range []string{"confirm.card.", "confirm.code.", "confirm.done.", "confirm.sentTo.", "confirm.submit.", "recover.sentSome.", "recover.sentTo."} {
			keys[p+ch] = true
		}
	}
	pagetest.CheckKeys(t, keys)
}
