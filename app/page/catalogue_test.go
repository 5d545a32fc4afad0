package page

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"kabinet/app/page/pagetest"
	"kabinet/shared"
	"kabinet/shared/i18n"
)

// TestEveryTextIsInTheCatalogue checks the literal keys of t("…") in the
// frame's files and the keys it builds from shared values (statuses,
// levels, journal kinds and methods, factors, field labels), in both
// languages.
func TestEveryTextIsInTheCatalogue(t *testing.T) {
	keys := pagetest.LiteralKeys(t)
	for _, s := range []shared.Status{shared.StatusActive, shared.StatusPending, shared.StatusBlocked, shared.StatusNeedsUpdate} {
		keys["status."+string(s)] = true
	}
	for _, l := range []shared.Level{shared.LevelSimplified, shared.LevelStandard, shared.LevelConfirmed} {
		keys["level."+string(l)] = true
	}
	for _, k := range []string{shared.JournalRegistered, shared.JournalRegisterAttempt, shared.JournalContactVerified, shared.JournalLogin, shared.JournalLoginFailed,
		shared.JournalLocked, shared.JournalLogout, shared.JournalPasswordChanged, shared.JournalPasswordReset,
		shared.JournalProfileChanged, shared.JournalConfirmed, shared.JournalBlocked, shared.JournalUnblocked, shared.JournalLevelChanged,
		shared.JournalFactorAdded, shared.JournalFactorRemoved, shared.JournalRecoveryUsed, shared.JournalRecoveryRenewed,
		shared.JournalSecondFactor, shared.JournalStepUp, shared.JournalPasskeyAdded, shared.JournalPasskeyRemoved, shared.JournalPasskeyFailed,
		shared.JournalQRApproved, shared.JournalQRDenied, shared.JournalNotMe, shared.JournalKioskAdded, shared.JournalKioskRevoked,
		shared.JournalNewDevice, shared.JournalSessionRevoked, shared.JournalContactChanged, shared.JournalConsent,
		shared.JournalReauth, shared.JournalSessionLimit, shared.JournalResetFiled, shared.JournalResetApproved, shared.JournalResetRejected} {
		keys["event."+k] = true
	}
	for _, ch := range []string{shared.ChannelSMS, shared.ChannelEmail} {
		keys["journal.channel."+ch] = true
	}
	for _, m := range []string{shared.FactorTOTP, shared.FactorRecovery, shared.FactorSMS} {
		keys["factor.wrong."+m] = true
	}
	for _, m := range []string{"password", "registration", shared.FactorTOTP, shared.FactorRecovery, shared.FactorPasskey, shared.FactorQR, shared.FactorSMS} {
		keys["journal.method."+m] = true
	}
	for _, key := range fieldLabels {
		keys[key] = true
	}
	pagetest.CheckKeys(t, keys)
}

// TestEveryMessageRendersClean renders every catalogue message in both
// languages through t(), the path the pages use, with as many arguments as
// the message has verbs (none for a plain text): a newcomer once read
// «Налог — 4 %!с(MISSING) дохода», because a literal percent sign met fmt.
func TestEveryMessageRendersClean(tt *testing.T) {
	leftover := regexp.MustCompile(`%!|\{[a-zA-Z_][a-zA-Z0-9_]*\}`)
	defer func(l i18n.Lang) { lang = l }(lang)
	for _, l := range []i18n.Lang{i18n.RU, i18n.EN} {
		lang = l
		for _, key := range i18n.Keys() {
			got := t(key, sampleArgs(i18n.Raw(l, key))...)
			// go-app's own loader fills {progress} in app.loading.
			if key == "app.loading" {
				got = strings.Replace(got, "{progress}", "42", 1)
			}
			if m := leftover.FindString(got); m != "" {
				tt.Errorf("%s %s: %q in %q", l, key, m, got)
			}
		}
	}
}

// sampleArgs returns one argument per verb of the format s, of the kind
// the verb expects, honouring explicit indexes such as %[2]s.
func sampleArgs(s string) []any {
	verb := regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])`)
	var args []any
	next := 0
	for _, m := range verb.FindAllStringSubmatch(s, -1) {
		if m[2] == "%" {
			continue
		}
		i := next
		if m[1] != "" {
			i, _ = strconv.Atoi(m[1])
			i--
		}
		next = i + 1
		for len(args) <= i {
			args = append(args, "x")
		}
		if strings.ContainsAny(m[2], "dx") {
			args[i] = 1
		}
	}
	return args
}
