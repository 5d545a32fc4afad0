package page

import (
	"context"
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/shared"
	"kabinet/shared/i18n"
)

// The browser runs one app for one person: the language and the API client
// are the app's own, set once at start (Start) and read by every page. On
// the server (prerendering) they stay at Russian and an unused client.
var (
	lang = i18n.RU
	api  = client.New("")
)

// API is the app's client of the portal's API.
func API() *client.Client { return api }

// Lang is the language the person reads the portal in.
func Lang() i18n.Lang { return lang }

// KioskMode reports whether this browser is a service centre's kiosk.
func KioskMode() bool { return kioskMode }

// langKey is where the chosen language lives in localStorage; kioskKey
// holds a kiosk's device secret (set up once by staff at /kiosk/setup).
const (
	langKey  = "kabinet.lang"
	kioskKey = "kabinet.kiosk"
)

// EnvDev is the go-app environment variable that tells the pages they run
// in development mode (the dev outbox link shows in the footer).
const EnvDev = "KABINET_DEV"

// EnvOperator carries the personal data operator's name and address
// (config PD_OPERATOR) to the policy page.
const EnvOperator = "KABINET_PD_OPERATOR"

// kioskMode is true in a service centre kiosk's browser: large type, QR
// sign-in first, a short idle timeout, and everything wiped after a visit.
var kioskMode bool

// Start picks the stored language and points the client at the
// page's origin. It runs only in the browser.
func Start() {
	if app.IsServer {
		return
	}
	kiosk := ""
	if ls := app.Window().Get("localStorage"); ls.Truthy() {
		if v := ls.Call("getItem", langKey); v.Truthy() {
			lang = i18n.ParseLang(v.String())
		}
		if v := ls.Call("getItem", kioskKey); v.Truthy() {
			kiosk = v.String()
		}
	}
	u := app.Window().URL()
	api = client.New(u.Scheme + "://" + u.Host)
	api.SetLang(string(lang))
	if kiosk != "" {
		api.SetKiosk(kiosk)
		kioskMode = true
	}
}

// endKioskVisit wipes what the visit left in the kiosk's browser (storage
// but the kiosk's own secret, every form's draft, the page's memory by a
// full reload) and opens the sign-in page for the next person. The drafts
// go first: IndexedDB answers later, and the reload must not cut it short.
func endKioskVisit() {
	go func() {
		_ = drafts.WipeAll()
		leaveKiosk()
	}()
}

// leaveKiosk clears the kiosk's web storage and reloads at the sign-in page.
func leaveKiosk() {
	w := app.Window()
	if ls := w.Get("localStorage"); ls.Truthy() {
		secret := ls.Call("getItem", kioskKey)
		ls.Call("clear")
		if secret.Truthy() {
			ls.Call("setItem", kioskKey, secret.String())
		}
	}
	if ss := w.Get("sessionStorage"); ss.Truthy() {
		ss.Call("clear")
	}
	w.Get("location").Call("replace", PathLogin)
}

// SetKiosk makes this browser a kiosk with the device secret, or with ""
// an ordinary browser again: kept for the next start, and in force at once.
func SetKiosk(secret string) {
	if ls := app.Window().Get("localStorage"); ls.Truthy() {
		if secret == "" {
			ls.Call("removeItem", kioskKey)
		} else {
			ls.Call("setItem", kioskKey, secret)
		}
	}
	api.SetKiosk(secret)
	kioskMode = secret != ""
}

// setLang stores the language and reloads the page in it.
func setLang(ctx app.Context, l i18n.Lang) {
	if ls := app.Window().Get("localStorage"); ls.Truthy() {
		ls.Call("setItem", langKey, string(l))
	}
	ctx.Reload()
}

// t returns the interface text of key in the current language.
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
	if len(e.Args) > 0 { // the text names what the code alone cannot (a date, a year)
		args := make([]any, len(e.Args))
		for i, a := range e.Args {
			args[i] = a
		}
		return t("err."+string(e.Code), args...)
	}
	return CodeText(e.Code, e.Message)
}

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

// IsAuthError reports whether err means the session is gone.
func IsAuthError(err error) bool {
	c := shared.ErrorCode(err)
	return c == shared.CodeUnauthenticated || c == shared.CodeSessionExpired
}

// toLogin sends the person to the login page, coming back to the current
// page after signing in.
func toLogin(ctx app.Context, expired bool) {
	q := url.Values{}
	if next := ctx.Page().URL().RequestURI(); next != "" && next != "/" && !strings.HasPrefix(next, "/login") {
		q.Set("next", next)
	}
	if expired {
		q.Set("expired", "1")
	}
	target := "/login"
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	ctx.Navigate(target)
}

// SafeNext keeps only local paths as the after-login destination; "" when
// none was asked for (or one from elsewhere).
func SafeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return ""
	}
	return next
}

// Landing is where a sign-in ends: the page the person was on, or else
// the back office for staff (their work is there, not in a cabinet of
// their own), or else the cabinet.
func Landing(next string, s shared.SessionInfo) string {
	switch {
	case next != "":
		return next
	case len(s.Account.Permissions) > 0:
		return PathOffice
	}
	return PathCabinet
}

// CallName is how the portal greets a person: first name and patronymic.
func CallName(a shared.Account) string {
	return strings.TrimSpace(a.FirstName + " " + a.MiddleName)
}

// Live is embedded in every page: it keeps the page component's own
// context. Event handlers run with the context of the element that fired
// them, and that element may be replaced before an answer arrives (an error
// summary appearing above a form shifts it); results dispatched through a
// replaced element's context would be dropped. Handlers start with
// ctx = p.on(ctx).
type Live struct {
	Self    app.Context
	mounted bool
}

// OnMount remembers the page's context.
func (l *Live) OnMount(ctx app.Context) { l.Self, l.mounted = ctx, true }

// OnDismount forgets it.
func (l *Live) OnDismount() { l.mounted = false }

// On returns the page's context (or ctx before the page is mounted).
func (l *Live) On(ctx app.Context) app.Context {
	if l.mounted {
		return l.Self
	}
	return ctx
}

// Lifetime is a context for a component's long-running work (long polls,
// timers): go-app's context lives as long as the app, so work started in a
// component must be ended when it goes away, or its requests would go on
// in the background and take the browser's connections.
type Lifetime struct{ cancel context.CancelFunc }

// Begin ends the previous work, if any, and returns the context of the new.
func (l *Lifetime) Begin(parent context.Context) context.Context {
	l.End()
	ctx, cancel := context.WithCancel(parent)
	l.cancel = cancel
	return ctx
}

// End stops the current work.
func (l *Lifetime) End() {
	if l.cancel != nil {
		l.cancel()
		l.cancel = nil
	}
}
