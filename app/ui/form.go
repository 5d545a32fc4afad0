package ui

import (
	"strings"
	"unicode"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/shared"
)

// form is the error and busy state of one form: field errors (shown in the
// error summary and next to each field) or one form-level error (a danger
// notice with id "form-error").
type form struct {
	busy    bool
	fields  map[string]string // JSON field name → text
	message string            // form-level error
	code    shared.Code       // code of the form-level error
	retry   int               // RetryAfter of the form-level error
}

// start begins a submission; false when one is already running.
func (f *form) start() bool {
	if f.busy {
		return false
	}
	f.busy = true
	f.clear()
	return true
}

// done ends a successful submission.
func (f *form) done() { f.busy = false; f.clear() }

func (f *form) clear() {
	f.fields, f.message, f.code, f.retry = nil, "", "", 0
}

// fail shows err: field errors in the summary (focused), anything else as
// the form's error (focused).
func (f *form) fail(ctx app.Context, err error) {
	f.busy = false
	f.clear()
	if fs := fieldTexts(err); fs != nil {
		f.fields = fs
		ds.Focus(ctx, "error-summary")
		return
	}
	e, _ := shared.AsError(err)
	if e != nil {
		f.code, f.retry = e.Code, e.RetryAfter
	}
	f.message = errText(err)
	ds.Focus(ctx, "form-error")
}

// setField records one field's error, as a local check would.
func (f *form) setField(name string, code shared.Code) {
	if f.fields == nil {
		f.fields = map[string]string{}
	}
	if _, ok := f.fields[name]; !ok {
		f.fields[name] = codeText(code, "")
	}
}

// say sets the field's error to text: the page's own words for it, in
// place of the code's (or of the server's).
func (f *form) say(name, text string) {
	if f.fields == nil {
		f.fields = map[string]string{}
	}
	f.fields[name] = text
}

// check shows the collected local field errors; true when there are none.
func (f *form) check(ctx app.Context) bool {
	if len(f.fields) == 0 {
		return true
	}
	f.busy = false
	ds.Focus(ctx, "error-summary")
	return false
}

// err is the error text of the field, or "".
func (f *form) err(field string) string { return f.fields[field] }

// head draws the error summary (fields in page order) and the form error;
// extra follows the form error's text (a link to what helps). It always
// returns one element, so that the form below keeps its place in the tree.
func (f *form) head(order []string, extra ...app.UI) app.UI {
	return app.Div().Class("form-head").Body(f.headContent(order, extra...))
}

func (f *form) headContent(order []string, extra ...app.UI) app.UI {
	if len(f.fields) > 0 {
		items := make([]ds.SummaryItem, 0, len(f.fields))
		seen := map[string]bool{}
		for _, name := range order {
			if txt, ok := f.fields[name]; ok {
				items = append(items, ds.SummaryItem{Field: ds.FieldID(name), Text: summaryText(name, txt)})
				seen[name] = true
			}
		}
		for name, txt := range f.fields {
			if !seen[name] {
				items = append(items, ds.SummaryItem{Text: txt})
			}
		}
		return ds.NewErrorSummary(t("form.errorsTitle"), items...)
	}
	if f.message != "" {
		body := append([]app.UI{app.P().Text(f.message)}, extra...)
		return ds.NewNotice(ds.Danger, "").ID("form-error").Body(body...)
	}
	return nil
}

// fieldLabels are the catalogue keys of the fields' labels, for the error
// summary: «Фамилия: заполните это поле» says which field, the inline error
// next to the field does not need to.
var fieldLabels = map[string]string{
	"lastName": "field.lastName", "firstName": "field.firstName", "middleName": "field.middleName",
	"phone": "field.phone", "email": "field.email", "password": "login.password",
	"birthDate": "field.birthDate", "inn": "field.inn", "snils": "field.snils",
	"passport.series": "field.passportSeries", "passport.number": "field.passportNumber",
	"passport.issuedOn": "field.passportIssuedOn", "passport.issuedBy": "field.passportIssuedBy",
	"passport.divisionCode": "field.passportDivision",
	"login":                 "login.login", "current": "profile.currentPassword", "code": "recover.code",
	"channel": "recover.channel", "q": "office.q", "reason": "person.reason",
	"document": "person.document", "note": "person.note",
	"region": "npd.region", "activities": "npd.activities",
}

// summaryText is an error as the summary lists it: the field's label, then
// the error.
func summaryText(field, text string) string {
	key, ok := fieldLabels[field]
	if !ok || text == "" {
		return text
	}
	label := t(key)
	if strings.Contains(text, label) {
		return text // «Контрольная цифра ИНН не совпадает» already names it
	}
	if strings.HasPrefix(field, "passport.") {
		label = t("profile.passport") + ", " + lowerFirst(label)
	}
	return label + ": " + lowerFirst(text)
}

// lowerFirst lower-cases the first letter («Заполните» → «заполните»),
// unless the word is an abbreviation (ИНН, СНИЛС).
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) < 2 || unicode.IsUpper(r[1]) {
		return s
	}
	r[0] = unicode.ToLower(r[0])
	return string(r)
}

// clearInputs empties inputs after a successful change (go-app does not
// clear a typed value when the rendered value becomes empty).
func clearInputs(ids ...string) {
	if app.IsServer {
		return
	}
	for _, id := range ids {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Set("value", "")
		}
	}
}
