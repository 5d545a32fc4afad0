package page

import (
	"context"
	"strings"
	"sync/atomic"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/shared"
)

// This file is where the pages meet the shared validators and formatters:
// the same functions the API runs, so the browser shows the same errors,
// with the same codes, before the request is sent.

// Strength is the password meter of a password without personal data.
func Strength(pw string) ds.Strength { return StrengthFor(pw) }

// StrengthFor rates a password that must not contain the personal strings
// (phone, e-mail, names); it agrees with shared.CheckPassword.
func StrengthFor(pw string, personal ...string) ds.Strength {
	loadCommonPasswords()
	s := shared.PasswordStrength(pw, personal...)
	return ds.Strength{Score: s.Score, Text: t(s.Hint)}
}

// commonPasswordsAsked is set while the list of common passwords is on its
// way or has arrived. The list is not compiled into app.wasm (only the
// pages where a new password is chosen need it), so it is fetched the
// first time a password is rated; the meter and the form check take it
// into account from the next keystroke, and the API has it from the
// start. A failed fetch is tried again at the next keystroke.
var commonPasswordsAsked atomic.Bool

func loadCommonPasswords() {
	if app.IsServer || !commonPasswordsAsked.CompareAndSwap(false, true) {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		text, err := api.CommonPasswords(ctx)
		if err != nil {
			commonPasswordsAsked.Store(false)
			return
		}
		shared.LoadCommonPasswords(text)
	}()
}

// MaskPhone writes a phone as «+7 912 345-67-89» once it is a valid one.
func MaskPhone(v string) string {
	n, err := shared.NormalizePhone(v)
	if err != nil {
		return strings.TrimSpace(v)
	}
	return shared.FormatPhone(n)
}

// MaskSNILS writes a СНИЛС as «112-233-445 95» once it has 11 digits.
func MaskSNILS(v string) string {
	if d := shared.Digits(v); len(d) == 11 {
		return shared.FormatSNILS(d)
	}
	return strings.TrimSpace(v)
}

func FormatPhone(v string) string { return shared.FormatPhone(v) }

func FormatSNILS(v string) string { return shared.FormatSNILS(v) }

func FormatDate(tm time.Time) string { return shared.FormatDate(tm, string(lang)) }

func FormatDateTime(tm time.Time) string { return shared.FormatDateTime(tm, string(lang)) }

// FormatISODate formats "1990-11-23" as «23 ноября 1990».
func FormatISODate(v string) string {
	tm, err := shared.ParseDate(v)
	if err != nil {
		return v
	}
	return FormatDate(tm)
}

// ValidateCode checks a one-time code's format (six digits) as the API does.
func ValidateCode(code string) error {
	r := shared.VerifyRequest{ChallengeID: "-", Code: code}
	r.Normalize()
	if e, ok := shared.AsError(r.Validate()); ok {
		if f, ok := e.Fields["code"]; ok {
			return shared.E(f.Code)
		}
	}
	return nil
}

func FormatMoney(k shared.Kopecks) string { return shared.FormatRubles(k, true) }
