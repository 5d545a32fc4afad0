package page

import (
	"strings"
	"unicode"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/shared"
)

// Form is the error and busy state of one form: field errors (shown in the
// error summary and next to each field) or one form-level error (a danger
// notice with id "form-error").
type Form struct {
	Busy    bool
	Fields  map[string]string // JSON field name → text
	Message string            // form-level error
	Code    shared.Code       // code of the form-level error
	Retry   int               // RetryAfter of the form-level error
}

// Start begins a submission; false when one is already running.
func (f *Form) Start() bool {
	if f.Busy {
		return false
	}
	f.Busy = true
	f.Clear()
	return true
}

// Done ends a successful submission.
func (f *Form) Done() { f.Busy = false; f.Clear() }

func (f *Form) Clear() {
	f.Fields, f.Message, f.Code, f.Retry = nil, "", "", 0
}

// Fail shows err: field errors in the summary (focused), anything else as
// the form's error (focused).
func (f *Form) Fail(ctx app.Context, err error) {
	f.Busy = false
	f.Clear()
	if fs := FieldTexts(err); fs != nil {
		f.Fields = fs
		ds.Focus(ctx, "error-summary")
		return
	}
	e, _ := shared.AsError(err)
	if e != nil {
		f.Code, f.Retry = e.Code, e.RetryAfter
	}
	f.Message = ErrText(err)
	ds.Focus(ctx, "form-error")
}

// SetField records one field's error, as a local check would.
func (f *Form) SetField(name string, code shared.Code) {
	if f.Fields == nil {
		f.Fields = map[string]string{}
	}
	if _, ok := f.Fields[name]; !ok {
		f.Fields[name] = CodeText(code, "")
	}
}

// Say sets the field's error to text: the page's own words for it, in
// place of the code's (or of the server's).
func (f *Form) Say(name, text string) {
	if f.Fields == nil {
		f.Fields = map[string]string{}
	}
	f.Fields[name] = text
}

// Check shows the collected local field errors; true when there are none.
func (f *Form) Check(ctx app.Context) bool {
	if len(f.Fields) == 0 {
		return true
	}
	f.Busy = false
	ds.Focus(ctx, "error-summary")
	return false
}

// Err is the error text of the field, or "".
func (f *Form) Err(field string) string { return f.Fields[field] }

// Head draws the error summary (fields in page order) and the form error;
// extra follows the form error's text (a link to what helps). It always
// returns one element, so that the form below keeps its place in the tree.
func (f *Form) Head(order []string, extra ...app.UI) app.UI {
	return app.Div().Class("form-head").Body(f.headContent(order, extra...))
}

func (f *Form) headContent(order []string, extra ...app.UI) app.UI {
	if len(f.Fields) > 0 {
		items := make([]ds.SummaryItem, 0, len(f.Fields))
		seen := map[string]bool{}
		for _, name := range order {
			if txt, ok := f.Fields[name]; ok {
				items = append(items, ds.SummaryItem{Field: ds.FieldID(name), Text: summaryText(name, txt)})
				seen[name] = true
			}
		}
		for name, txt := range f.Fields {
			if !seen[name] {
				items = append(items, ds.SummaryItem{Text: txt})
			}
		}
		return ds.NewErrorSummary(t("form.errorsTitle"), items...)
	}
	if f.Message != "" {
		body := append([]app.UI{app.P().Text(f.Message)}, extra...)
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

// ClearInputs empties inputs after a successful change (go-app does not
// clear a typed value when the rendered value becomes empty).
func ClearInputs(ids ...string) {
	if app.IsServer {
		return
	}
	for _, id := range ids {
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Set("value", "")
		}
	}
}
