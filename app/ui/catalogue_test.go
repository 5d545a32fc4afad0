package ui

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"kabinet/shared"
	"kabinet/shared/i18n"
	"kabinet/shared/npd"
)

// TestEveryTextIsInTheCatalogue checks the literal keys of t("…") in the
// pages and the keys the pages build from shared values (statuses, levels,
// journal kinds, channels), in both languages.
func TestEveryTextIsInTheCatalogue(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	literal := regexp.MustCompile(`\bt\("([a-zA-Z][a-zA-Z0-9_.]*)"[,)]`)
	keys := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = true
		}
	}
	for _, s := range []shared.Status{shared.StatusActive, shared.StatusPending, shared.StatusBlocked, shared.StatusNeedsUpdate} {
		keys["status."+string(s)] = true
		keys["cabinet.statusTitle."+string(s)] = true
		keys["cabinet.remedy."+string(s)] = true
	}
	for _, l := range []shared.Level{shared.LevelSimplified, shared.LevelStandard, shared.LevelConfirmed} {
		keys["level."+string(l)] = true
	}
	for _, k := range []string{shared.JournalRegistered, shared.JournalContactVerified, shared.JournalLogin, shared.JournalLoginFailed,
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
		for _, p := range []string{"confirm.card.", "confirm.code.", "confirm.done.", "confirm.sentTo.", "confirm.submit.", "journal.channel.", "outbox.channel.", "recover.sentSome.", "recover.sentTo."} {
			keys[p+ch] = true
		}
	}
	for _, m := range []string{shared.FactorTOTP, shared.FactorRecovery, shared.FactorSMS} {
		keys["factor.wrong."+m] = true
	}
	for _, m := range []string{"password", "registration", shared.FactorTOTP, shared.FactorRecovery, shared.FactorPasskey, shared.FactorQR, shared.FactorSMS} {
		keys["journal.method."+m] = true
	}
	for _, a := range []string{actRemoveTOTP, actRenewCodes, actStartTOTP, actAddPasskey, actRemovePasskey, actStartSMS, actRemoveSMS, actChangeContact} {
		keys["stepup.why."+a] = true
		keys["stepup.confirm."+a] = true
	}
	for _, a := range npd.Activities {
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
	for _, c := range shared.NotifyCategories {
		keys["inbox.cat."+c] = true
		keys["inbox.cat."+c+".hint"] = true
	}
	for _, d := range []string{"npd.registration", "npd.income", "npd.payment", "npd.receipts"} {
		keys["npd.doc."+d] = true
	}
	for _, st := range []string{npd.StatusInactive, npd.StatusBlocked} {
		keys["npd.statusWhy."+st] = true
		keys["npd.remedy."+st] = true
	}
	for _, l := range []string{"80", "90", "100"} {
		keys["npd.limit"+l] = true
	}
	for _, m := range []string{"msg.npd.notice", "msg.npd.due3", "msg.npd.due1", "msg.npd.limit80", "msg.npd.limit90", "msg.npd.limit100", "msg.npd.limitCrossed", "msg.npd.payment"} {
		keys[m+".title"] = true
		keys[m+".body"] = true
	}
	for _, st := range []string{npd.LineMatched, npd.LineUnmatched, npd.LineDuplicate, npd.LineInvalid} {
		keys["onpd.line."+st] = true
	}
	for _, st := range []string{shared.RegistryActive, shared.RegistryExcluding, shared.RegistryClosed} {
		keys["npd.registry."+st] = true
	}
	for _, c := range []string{"file", "date", "amount", "uin", "reference"} {
		keys["onpd.col."+c] = true
	}
	for _, pl := range []string{"loopback", "private", "unknown"} {
		keys["qrok.place."+pl] = true
	}
	for _, c := range []string{"ip", "npd", "org"} {
		for _, s := range []string{".title", ".text", ".can1", ".can2", ".can3"} {
			keys["cabinets."+c+s] = true
		}
	}
	for _, key := range fieldLabels {
		keys[key] = true
	}
	for key := range keys {
		if !i18n.Has(key) {
			t.Errorf("missing catalogue key %q", key)
			continue
		}
		if en := i18n.T(i18n.EN, key); en == i18n.T(i18n.RU, key) && key != "outbox.channel.sms" {
			t.Errorf("key %q has no English text", key)
		}
	}
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
