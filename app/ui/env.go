package ui

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
// are the app's own, set once at start (Routes) and read by every page. On
// the server (prerendering) they stay at Russian and an unused client.
var (
	lang = i18n.RU
	api  = client.New("")
)

// langKey is where the chosen language lives in localStorage; kioskKey
// holds a kiosk's device secret (set up once by staff at /kiosk/setup).
const (
	langKey  = "kabinet.lang"
	kioskKey = "kabinet.kiosk"
)

// envDev is the go-app environment variable that tells the pages they run
// in development mode (the dev outbox link shows in the footer).
const envDev = "KABINET_DEV"

// envOperator carries the personal data operator's name and address
// (config PD_OPERATOR) to the policy page.
const envOperator = "KABINET_PD_OPERATOR"

// kioskMode is true in a service centre kiosk's browser: large type, QR
// sign-in first, a short idle timeout, and everything wiped after a visit.
var kioskMode bool

// startBrowser picks the stored language and points the client at the
// page's origin. It runs only in the browser.
func startBrowser() {
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

// setLang stores the language and reloads the page in it.
func setLang(ctx app.Context, l i18n.Lang) {
	if ls := app.Window().Get("localStorage"); ls.Truthy() {
		ls.Call("setItem", langKey, string(l))
	}
	ctx.Reload()
}

// t returns the interface text of key in the current language.
func t(key string, args ...any) string { return i18n.T(lang, key, args...) }

// setTitle sets the document title «<page> — Кабинет».
func setTitle(ctx app.Context, key string) {
	ctx.Page().SetTitle("%s — %s", t(key), t("app.name"))
	if app.IsClient {
		ctx.Page().SetLang(string(lang))
	}
}

// errText is the sentence a person reads for an API or validation error.
func errText(err error) string {
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
	return codeText(e.Code, e.Message)
}

func codeText(code shared.Code, fallback string) string {
	if key := "err." + string(code); i18n.Has(key) {
		return t(key)
	}
	if fallback != "" {
		return fallback
	}
	return t("common.error")
}

// fieldTexts turns the field errors of err into texts keyed by JSON field
// name ("passport.series"); nil when err has none.
func fieldTexts(err error) map[string]string {
	e, ok := shared.AsError(err)
	if !ok || len(e.Fields) == 0 {
		return nil
	}
	out := make(map[string]string, len(e.Fields))
	for name, f := range e.Fields {
		out[name] = codeText(f.Code, f.Message)
	}
	return out
}

// isAuthError reports whether err means the session is gone.
func isAuthError(err error) bool {
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

// safeNext keeps only local paths as the after-login destination; "" when
// none was asked for (or one from elsewhere).
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return ""
	}
	return next
}

// landing is where a sign-in ends: the page the person was on, or else
// the back office for staff (their work is there, not in a cabinet of
// their own), or else the cabinet.
func landing(next string, s shared.SessionInfo) string {
	switch {
	case next != "":
		return next
	case len(s.Account.Permissions) > 0:
		return PathOffice
	}
	return PathCabinet
}

// callName is how the portal greets a person: first name and patronymic.
func callName(a shared.Account) string {
	return strings.TrimSpace(a.FirstName + " " + a.MiddleName)
}

// live is embedded in every page: it keeps the page component's own
// context. Event handlers run with the context of the element that fired
// them, and that element may be replaced before an answer arrives (an error
// summary appearing above a form shifts it); results dispatched through a
// replaced element's context would be dropped. Handlers start with
// ctx = p.on(ctx).
type live struct {
	self    app.Context
	mounted bool
}

// OnMount remembers the page's context.
func (l *live) OnMount(ctx app.Context) { l.self, l.mounted = ctx, true }

// OnDismount forgets it.
func (l *live) OnDismount() { l.mounted = false }

// on returns the page's context (or ctx before the page is mounted).
func (l *live) on(ctx app.Context) app.Context {
	if l.mounted {
		return l.self
	}
	return ctx
}

// lifetime is a context for a component's long-running work (long polls,
// timers): go-app's context lives as long as the app, so work started in a
// component must be ended when it goes away, or its requests would go on
// in the background and take the browser's connections.
type lifetime struct{ cancel context.CancelFunc }

// begin ends the previous work, if any, and returns the context of the new.
func (l *lifetime) begin(parent context.Context) context.Context {
	l.end()
	ctx, cancel := context.WithCancel(parent)
	l.cancel = cancel
	return ctx
}

// end stops the current work.
func (l *lifetime) end() {
	if l.cancel != nil {
		l.cancel()
		l.cancel = nil
	}
}
