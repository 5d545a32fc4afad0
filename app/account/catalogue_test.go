package account

import (
	"testing"

	"kabinet/app/page/pagetest"
	"kabinet/shared"
)

// TestEveryTextIsInTheCatalogue checks the literal keys of t("…") in the
// person's own pages and the keys they build from shared values (the
// account's status, step-up actions, notification categories and
// messages, the place of a sign-in, the cabinets), in both languages.
func TestEveryTextIsInTheCatalogue(t *testing.T) {
	keys := pagetest.LiteralKeys(t)
	for _, s := range []shared.Status{shared.StatusActive, shared.StatusPending, shared.StatusBlocked, shared.StatusNeedsUpdate} {
		keys["cabinet.statusTitle."+string(s)] = true
		keys["cabinet.remedy."+string(s)] = true
	}
	for _, ch := range []string{shared.ChannelSMS, shared.ChannelEmail} {
		keys["outbox.channel."+ch] = true
	}
	for _, a := range []string{actRemoveTOTP, actRenewCodes, actStartTOTP, actAddPasskey, actRemovePasskey, actStartSMS, actRemoveSMS, actChangeContact} {
		keys["stepup.why."+a] = true
		keys["stepup.confirm."+a] = true
	}
	for _, c := range shared.NotifyCategories {
		keys["inbox.cat."+c] = true
		keys["inbox.cat."+c+".hint"] = true
	}
	// The inbox shows the server's messages by their keys.
	for _, m := range []string{"msg.npd.notice", "msg.npd.due3", "msg.npd.due1", "msg.npd.limit80", "msg.npd.limit90", "msg.npd.limit100", "msg.npd.limitCrossed", "msg.npd.payment"} {
		keys[m+".title"] = true
		keys[m+".body"] = true
	}
	for _, pl := range []string{"loopback", "private", "unknown"} {
		keys["qrok.place."+pl] = true
	}
	for _, c := range []string{"ip", "npd", "org"} {
		for _, s := range []string{".title", ".text", ".can1", ".can2", ".can3"} {
			keys["cabinets."+c+s] = true
		}
	}
	pagetest.CheckKeys(t, keys)
}
