package ip

import (
	"testing"

	"kabinet/app/page/pagetest"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// TestEveryTextIsInTheCatalogue checks the literal keys of t("…") in the
// cabinet's pages and the keys they build from its values (forms,
// statuses, regimes, reasons, steps, entries), in both languages.
func TestEveryTextIsInTheCatalogue(t *testing.T) {
	keys := pagetest.LiteralKeys(t)
	delete(keys, "ip.home") // query names, not texts
	for _, k := range []string{"ip.filings", "ip.filing", "ip.queue", "ip.officeFiling", "ip.officeRecord"} {
		delete(keys, k)
	}
	for _, f := range sharedip.Forms {
		keys["ip.form."+f] = true
		keys["oip.formShort."+f] = true
		keys["oip.changesHint."+f] = true
	}
	for _, f := range []string{sharedip.FormChange, sharedip.FormClosure} {
		keys["ip.start."+f] = true
		keys["ip.continue."+f] = true
	}
	for _, s := range []string{sharedip.StatusDraft, sharedip.StatusSubmitted, sharedip.StatusInReview,
		sharedip.StatusRegistered, sharedip.StatusRefused, sharedip.StatusAdditions} {
		keys["ip.status."+s] = true
	}
	for _, s := range []string{shared.RegistryActive, shared.RegistryClosed, shared.RegistryExcluding} {
		keys["ip.record."+s] = true
	}
	for _, s := range []string{shared.RegistryClosed, shared.RegistryExcluding} {
		keys["ip.statusWhat."+s] = true
	}
	for _, k := range []string{sharedip.DueDeclaration, sharedip.DueTax, sharedip.DueNotice, sharedip.DueAdvance,
		sharedip.DueContributions, sharedip.DueOver300, "year", "Q1", "H1", "9M"} {
		keys["ip.due."+k] = true
	}
	for _, r := range []string{sharedip.RegimePSN, sharedip.RegimeOSNO, sharedip.RegimeNPD} {
		keys["ip.due.note."+r] = true
	}
	for _, r := range sharedip.Regimes {
		keys["ip.regime."+r] = true
		keys["ip.regimeHint."+r] = true
	}
	for _, r := range sharedip.RefusalReasons {
		keys["ip.refusal."+r] = true
	}
	for _, c := range homeReasons {
		keys["ip.closed."+string(c)] = true
		keys["err."+string(c)] = true
	}
	for _, k := range []string{"person", "passport", "address", "okved", "regime", "contact", "review", "changeOkved",
		"changePassport", "changeAddress", "closure"} {
		keys["ip.step."+k] = true
	}
	for _, k := range []string{"registration", "change", "closure", "import"} {
		keys["ip.entry."+k] = true
	}
	for _, k := range checkFields {
		keys["ip.check.field."+k] = true
	}
	for _, k := range []string{"applicant", "registry"} {
		keys["ip.by."+k] = true
	}
	for _, k := range []string{"stepup", "demo"} {
		keys["ip.sign."+k] = true
	}
	pagetest.CheckKeys(t, keys)
}

// TestStepsCoverTheValidatedFields checks that every field the shared
// validation can name is asked on a step of its form, so that no error
// is left without a page to fix it on.
func TestStepsCoverTheValidatedFields(t *testing.T) {
	for _, form := range sharedip.Forms {
		f := &filingForm{Filing: sharedip.Filing{Form: form}}
		covered := map[string]bool{}
		for _, s := range f.steps() {
			for _, name := range s.fields {
				covered[name] = true
			}
		}
		want := map[string][]string{
			sharedip.FormRegistration: {"lastName", "firstName", "birthDate", "birthPlace", "inn", "passport.number",
				"address.region", "address.text", "mainOkved", "regime", "email", "phone"},
			sharedip.FormChange:  {"addOkved", "removeOkved", "mainOkved", "passport.number", "address.text"},
			sharedip.FormClosure: {"acknowledged"},
		}[form]
		for _, name := range want {
			if !covered[name] {
				t.Errorf("%s: no step asks %q", form, name)
			}
		}
	}
}
