package page

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/shared"
	"kabinet/shared/i18n"
)

// t returns the interface text of key in the current language.
//
// It is called out of line, as is each area's t: the pages call it some
// 1 200 times, and inlined at each call (through an area's t and T, three
// levels deep) it made app.wasm 40 KB of brotli (175 KB raw) larger.
//
//go:noinline
func t(key string, args ...any) string { return i18n.T(lang, key, args...) }

// T is t for the areas' pages (each area calls it through its own t).
func T(key string, args ...any) string { return t(key, args...) }

// SetTitle sets the document title «<page> — Кабинет».
func SetTitle(ctx app.Context, key string) {
	ctx.Page().SetTitle("%s — %s", t(key), t("app.name"))
	if app.IsClient {
		ctx.Page().SetLang(string(lang))
	}
}

// ErrText is the sentence a person reads for an API or validation error.
func ErrText(err error) string {
	e, ok := shared.AsError(err)
	if !ok {
		return t("common.error")
	}
	if e.Code == shared.CodeUnavailable && offline() {
		// Not the service: this device has no connection, as the notice
		// at the top of the page says with what still works.
		return t("offline.title")
	}
	if len(e.Args) > 0 { // the text names what the code alone cannot (a date, a year)
		args := make([]any, len(e.Args))
		for i, a := range e.Args {
			args[i] = a
		}
		return t("err."+string(e.Code), args...)
	}
	return CodeText(e.Code, e.Message)
}

// CodeText is the catalogue's sentence for an error code, or fallback
// (the server's own words) when the catalogue has none.
func CodeText(code shared.Code, fallback string) string {
	if key := "err." + string(code); i18n.Has(key) {
		return t(key)
	}
	if fallback != "" {
		return fallback
	}
	return t("common.error")
}

// FieldTexts turns the field errors of err into texts keyed by JSON field
// name ("passport.series"); nil when err has none.
func FieldTexts(err error) map[string]string {
	e, ok := shared.AsError(err)
	if !ok || len(e.Fields) == 0 {
		return nil
	}
	out := make(map[string]string, len(e.Fields))
	for name, f := range e.Fields {
		out[name] = CodeText(f.Code, f.Message)
	}
	return out
}
