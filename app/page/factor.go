package page

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/shared"
)

// FactorRequest builds a second-factor answer from what was typed: the
// digits of an authenticator code, a recovery code as written. The error
// is a field error on "code" when the format is wrong, as the API checks it.
func FactorRequest(ticket, method, typed string) (shared.SecondFactorRequest, error) {
	code := strings.TrimSpace(typed)
	digits := method == shared.FactorTOTP || method == shared.FactorSMS
	if digits {
		code = shared.Digits(code) // without the spaces of «123 456»
	}
	r := shared.SecondFactorRequest{Ticket: ticket, Method: method, Code: code}
	if digits && code != "" {
		if err := ValidateCode(code); err != nil { // six digits, letters too
			return r, &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{"code": {Code: shared.ErrorCode(err)}}}
		}
	}
	return r, r.Validate()
}

// FactorCodeError is the sentence next to the code field for an answer of
// the API to a second factor, or "" when the error is not about the code
// (then it is the form's). A wrong code says how many tries are left when
// the server tells (its message); a reused one says to wait for the next.
func FactorCodeError(err error, method string) string {
	e, ok := shared.AsError(err)
	if !ok {
		return ""
	}
	wrong := t("factor.wrong." + method)
	if f, ok := e.Fields["code"]; ok {
		if f.Code == shared.CodeCodeInvalid {
			if f.Message != "" && f.Message != t("err.code_invalid") {
				return f.Message // «Неверный код. Осталось попыток: 2»
			}
			return wrong
		}
		if f.Code == shared.CodeBadFormat && method == shared.FactorRecovery {
			return t("factor.recoveryFormat")
		}
		return CodeText(f.Code, f.Message)
	}
	switch e.Code {
	case shared.CodeCodeInvalid:
		return wrong // the catalogue's text speaks of a message with digits
	case shared.CodeCodeReused:
		return t("err.code_reused")
	}
	return ""
}

// FactorField is the code input of a second factor: six digits from the
// app (with the one-time-code autofill) or a recovery code.
func FactorField(id, method, value, errText string, onChange func(string)) app.UI {
	if method == shared.FactorRecovery {
		return ds.NewTextField(id, t("factor.recoveryLabel")).
			Hint(t("factor.recoveryHint")).
			AutoComplete("off").
			Width("10").MaxLength(20).
			Value(value).Error(errText).
			OnChange(onChange)
	}
	label, hint := t("factor.totpLabel"), t("factor.totpHint")
	if method == shared.FactorSMS {
		label, hint = t("factor.smsLabel"), t("factor.smsHint")
	}
	return ds.NewTextField(id, label).
		Hint(hint).
		InputMode("numeric").
		AutoComplete("one-time-code").
		Width("10").MaxLength(7).
		Value(value).Error(errText).
		OnChange(onChange)
}

// HasMethod reports whether methods offers m (an empty list offers all).
func HasMethod(methods []string, m string) bool {
	if len(methods) == 0 {
		return true
	}
	for _, x := range methods {
		if x == m {
			return true
		}
	}
	return false
}

// GroupSecret shows an authenticator secret in groups of four for reading
// aloud and typing («ABCD EFGH …»).
func GroupSecret(s string) string {
	s = strings.ReplaceAll(strings.ToUpper(s), " ", "")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
