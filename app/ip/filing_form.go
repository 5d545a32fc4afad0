package ip

import (
	"encoding/json"
	"strings"
	"time"
	"unicode"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	shareddocs "kabinet/shared/documents"
	sharedip "kabinet/shared/ip"
)

// saveAfter is how long the form waits after the last keystroke before
// it saves the draft on the server.
const saveAfter = 800 * time.Millisecond

// filingForm is a draft's guided form, GOV.UK style: one question per
// page, «Проверьте ответы» last, then the signature. The answers and the
// step are saved on the server as the person types, so a reload, another
// device or a new session opens the same step with the same answers.
// The page passes the filing and the record as attributes; the form
// keeps its answers as state from the first render on.
type filingForm struct {
	app.Compo
	live

	Filing sharedip.Filing
	Record *sharedip.Record  // the ИП's record: Р24001's «before»
	Names  map[string]string // the names of the codes the answers name

	seeded string // the filing whose answers the state holds
	step   int
	reg    sharedip.Registration
	chg    sharedip.Change
	clo    sharedip.Closure
	f      page.Form

	gen      int       // which change the pending save belongs to
	savedAt  time.Time // the last save on the server
	saveFail string    // why the last save failed

	okved okvedSearch // the classifier's search (okved.go)
	names map[string]string

	scans []shareddocs.Document // «Мои документы» a passport scan may be (form_scan.go)

	su     page.StepUp // the second factor the signature may ask for
	hasKey bool        // this browser keeps a certified «Ключ Кабинета»
	byKey  bool        // the running signature is the key's
}

// OnMount seeds the answers and the step from the filing.
func (f *filingForm) OnMount(ctx app.Context) {
	f.live.OnMount(ctx)
	f.seed()
	ctx.Async(func() {
		has := page.HasBrowserKey()
		ctx.Dispatch(func(app.Context) { f.hasKey = has })
	})
	if f.Filing.Form == sharedip.FormRegistration {
		f.loadScans(ctx)
	}
}

// OnUpdate seeds them again only when the page shows another filing.
func (f *filingForm) OnUpdate(ctx app.Context) { f.seed() }

func (f *filingForm) seed() {
	if f.seeded == f.Filing.ID {
		return
	}
	f.seeded, f.step, f.f = f.Filing.ID, f.Filing.Step, page.Form{}
	f.reg, f.chg, f.clo = sharedip.Registration{}, sharedip.Change{}, sharedip.Closure{}
	raw := f.Filing.Answers
	if len(raw) == 0 {
		raw = []byte("{}")
	}
	switch f.Filing.Form {
	case sharedip.FormRegistration:
		_ = json.Unmarshal(raw, &f.reg)
	case sharedip.FormChange:
		_ = json.Unmarshal(raw, &f.chg)
	case sharedip.FormClosure:
		_ = json.Unmarshal(raw, &f.clo)
	}
	f.names = map[string]string{}
	for c, n := range f.Names {
		f.names[c] = n
	}
	if f.Record != nil {
		f.names[f.Record.MainOKVED.Code] = f.Record.MainOKVED.Name
		for _, o := range f.Record.OtherOKVED {
			f.names[o.Code] = o.Name
		}
	}
	if f.step >= len(f.steps()) {
		f.step = len(f.steps()) - 1
	}
}

// step is one page of a form: its heading, the fields it asks (error
// summary order; a field "x" covers "x.0", "x.series"…), and its body.
type step struct {
	key    string
	fields []string
	body   func() []app.UI
}

// steps are the pages of the filing's form; the last is «Проверьте ответы».
func (f *filingForm) steps() []step {
	review := step{key: "review", body: f.review}
	switch f.Filing.Form {
	case sharedip.FormRegistration:
		return []step{
			{"person", []string{"lastName", "firstName", "middleName", "birthDate", "birthPlace", "inn"}, f.regPerson},
			{"passport", []string{"passport.series", "passport.number", "passport.issuedOn", "passport.issuedBy", "passport.divisionCode"}, f.regPassport},
			{"address", []string{"address.region", "address.text"}, f.regAddress},
			{"okved", []string{"mainOkved", "otherOkved"}, f.regOKVED},
			{"regime", []string{"regime"}, f.regRegime},
			{"contact", []string{"email", "phone"}, f.regContact},
			{"scan", []string{"passportScan", "scanFile"}, f.regScan},
			review,
		}
	case sharedip.FormChange:
		return []step{
			{"changeOkved", []string{"addOkved", "removeOkved", "mainOkved"}, f.chgOKVED},
			{"changePassport", []string{"passport.series", "passport.number", "passport.issuedOn", "passport.issuedBy", "passport.divisionCode"}, f.chgPassport},
			{"changeAddress", []string{"address.region", "address.text"}, f.chgAddress},
			review,
		}
	}
	return []step{{"closure", []string{"acknowledged"}, f.cloWarnings}, review}
}

// answers is the form's answers as they are sent.
func (f *filingForm) answers() any {
	switch f.Filing.Form {
	case sharedip.FormRegistration:
		return f.reg
	case sharedip.FormChange:
		return f.chg
	}
	return f.clo
}

// validate runs the shared validation: complete is the check before
// signing, else only what was typed.
func (f *filingForm) validate(complete bool) error {
	today := page.API().ServerNow().In(shared.Moscow)
	switch f.Filing.Form {
	case sharedip.FormRegistration:
		return f.reg.Validate(complete, today)
	case sharedip.FormChange:
		return f.chg.Validate(complete, today)
	}
	return f.clo.Validate(complete, today)
}

// stepErrors are the errors of a complete check in the step's fields:
// what must be right before the person goes on.
func (f *filingForm) stepErrors(s step) map[string]string {
	all := page.FieldTexts(f.validate(true))
	out := map[string]string{}
	for name, text := range all {
		for _, field := range s.fields {
			if name == field || strings.HasPrefix(name, field+".") {
				out[name] = text
			}
		}
	}
	return out
}

func (f *filingForm) Render() app.UI {
	f.seed() // go-app renders a component once before OnMount
	steps := f.steps()
	s := steps[min(f.step, len(steps)-1)]
	caption := t("ip.stepOf", f.step+1, len(steps)) + " · " + t("ip.form."+f.Filing.Form)
	var back app.UI
	if f.step > 0 {
		back = ds.NewButton(t("ip.back")).ID("btn-ip-step-back").Kind(ds.LinkBtn).OnClick(f.onBack)
	}
	order := append([]string{}, s.fields...)
	body := []app.UI{
		ds.NewPageHead(t("ip.step." + s.key)).Caption(caption),
		f.head(order),
		f.saveState(),
	}
	if s.key == "review" {
		body = append(body, s.body()...)
		body = append(body, ds.Actions(back))
		return app.Div().ID("ip-form").Body(append(body, f.su.Dialog(f.On))...)
	}
	return app.Div().ID("ip-form").Body(append(body,
		app.Form().ID("form-ip-step").Class("form").NoValidate(true).OnSubmit(f.onNext).Body(
			append(s.body(), ds.Actions(
				ds.NewButton(t("ip.continue")).ID("btn-ip-continue").Submit().Busy(f.f.Busy, t("common.saving")),
				back,
			))...,
		))...)
}

// saveState tells whether the draft is saved: people trust a form that
// says it keeps what they typed.
func (f *filingForm) saveState() app.UI {
	text := t("ip.draftKept")
	if !f.savedAt.IsZero() {
		text = t("ip.draftSaved", page.FormatDateTime(f.savedAt))
	}
	if f.saveFail != "" {
		text = f.saveFail
	}
	return app.P().ID("ip-draft-state").Class("muted").Aria("live", "polite").Text(text)
}

// changed notes an edit and saves the draft when typing pauses.
func (f *filingForm) changed(ctx app.Context) {
	ctx = f.On(ctx)
	f.gen++
	gen := f.gen
	ctx.After(saveAfter, func(ctx app.Context) {
		if gen == f.gen {
			f.save(ctx, f.step, nil)
		}
	})
}

// save keeps the answers and the step on the server; then runs next. A
// draft with an error in what was typed is not sent (the server would
// refuse it); the error shows when the person goes on.
func (f *filingForm) save(ctx app.Context, step int, next func(app.Context)) {
	if err := f.validate(false); err != nil && next == nil {
		return
	}
	raw, _ := json.Marshal(f.answers())
	id := f.Filing.ID
	page.Do(ctx, func() (sharedip.Filing, error) {
		return page.API().SaveIPDraft(ctx, id, sharedip.DraftRequest{Step: step, Answers: raw})
	}, func(ctx app.Context, _ sharedip.Filing) {
		f.savedAt, f.saveFail = page.API().ServerNow(), ""
		if next != nil {
			next(ctx)
		}
	}, func(ctx app.Context, err error) {
		if next != nil {
			f.f.Fail(ctx, err)
			return
		}
		f.saveFail = t("ip.draftNotSaved")
	})
}

// onNext checks the step's answers here, as the server will, saves the
// draft at the next step and goes there.
func (f *filingForm) onNext(ctx app.Context, e app.Event) {
	ctx = f.On(ctx)
	e.PreventDefault()
	if !f.f.Start() {
		return
	}
	steps := f.steps()
	if steps[f.step].key == "scan" && f.uploadScan(ctx, f.next) {
		return
	}
	f.next(ctx)
}

// next goes on from a step whose answers the browser checks first.
func (f *filingForm) next(ctx app.Context) {
	for name, text := range f.stepErrors(f.steps()[f.step]) {
		f.f.Say(name, text)
	}
	if !f.f.Check(ctx) {
		return
	}
	next := f.step + 1
	f.gen++ // the pending save is this one
	f.save(ctx, next, func(ctx app.Context) {
		f.f.Done()
		f.step = next
		ds.Focus(ctx, "h1")
	})
}

// onBack goes a step back, keeping what was typed.
func (f *filingForm) onBack(ctx app.Context, e app.Event) {
	ctx = f.On(ctx)
	f.goTo(ctx, f.step-1)
}

// goTo opens a step (a «Изменить» of the answers) and keeps it as the
// draft's step.
func (f *filingForm) goTo(ctx app.Context, step int) {
	if step < 0 || f.f.Busy {
		return
	}
	f.f.Clear()
	f.step = step
	f.gen++
	f.save(ctx, step, func(ctx app.Context) {})
	ds.Focus(ctx, "h1")
}

// decodeAnswers reads a filing's answers by its form.
func decodeAnswers(form string, raw []byte) (any, error) {
	var v any
	switch form {
	case sharedip.FormRegistration:
		v = &sharedip.Registration{}
	case sharedip.FormChange:
		v = &sharedip.Change{}
	default:
		v = &sharedip.Closure{}
	}
	if len(raw) == 0 {
		return v, nil
	}
	return v, json.Unmarshal(raw, v)
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// labels are the catalogue keys of the forms' fields, for the error
// summary: «Место рождения: заполните это поле» says which field.
var labels = map[string]string{
	"lastName": "field.lastName", "firstName": "field.firstName", "middleName": "field.middleName",
	"birthDate": "field.birthDate", "birthPlace": "ip.birthPlace", "inn": "field.inn",
	"passport.series": "field.passportSeries", "passport.number": "field.passportNumber",
	"passport.issuedOn": "field.passportIssuedOn", "passport.issuedBy": "field.passportIssuedBy",
	"passport.divisionCode": "field.passportDivision", "address.region": "ip.region", "address.text": "ip.addressText",
	"mainOkved": "ip.mainOkved", "otherOkved": "ip.otherOkved", "addOkved": "ip.addOkved", "removeOkved": "ip.removeOkved",
	"regime": "ip.regime", "email": "field.email", "phone": "field.phone", "acknowledged": "ip.closureWarnings",
	"changes": "ip.changes", "passportScan": "oip.passportScan", "scanFile": "ip.scanFile",
}

// head is the error summary, each error with its field's label and a
// link to the field (or, for a code of a list, to the list), in the
// step's order; or the form's error.
func (f *filingForm) head(order []string) app.UI {
	if len(f.f.Fields) == 0 {
		return f.f.Head(order)
	}
	var items []ds.SummaryItem
	add := func(name, text string) {
		base, _, _ := strings.Cut(name, ".")
		key, ok := labels[name]
		if !ok {
			key, ok = labels[base]
		}
		field := ds.FieldID(name)
		if base == "mainOkved" || base == "otherOkved" || base == "addOkved" || base == "removeOkved" {
			field = ds.FieldID(base)
			if base == "otherOkved" || base == "addOkved" {
				field = ds.FieldID("mainOkved")
			}
		}
		if base == "passportScan" { // the file field is there even when «Мои документы» has no scan
			field = "f-scan-file"
		}
		if ok {
			text = t(key) + ": " + lowerFirst(text)
		}
		items = append(items, ds.SummaryItem{Field: field, Text: text})
	}
	seen := map[string]bool{}
	for _, name := range order {
		for k, v := range f.f.Fields {
			if !seen[k] && (k == name || strings.HasPrefix(k, name+".")) {
				seen[k] = true
				add(k, v)
			}
		}
	}
	for k, v := range f.f.Fields {
		if !seen[k] {
			add(k, v)
		}
	}
	return app.Div().Class("form-head").Body(ds.NewErrorSummary(t("form.errorsTitle"), items...))
}

// lowerFirst lower-cases a sentence's first letter after a label
// («Заполните» → «заполните»), not an abbreviation's (ИНН).
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) < 2 || unicode.IsUpper(r[1]) {
		return s
	}
	r[0] = unicode.ToLower(r[0])
	return string(r)
}
