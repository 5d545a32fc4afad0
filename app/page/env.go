package page

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
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

// KioskMode reports whether this browser is a service centre's kiosk.
func KioskMode() bool { return kioskMode }

// KioskAway sends a kiosk from a page it does not offer (the front page
// with its «Зарегистрироваться», the registration) to its start, the
// sign-in: a kiosk signs people in, and an account is opened on one's own
// device. It reports whether it did.
func KioskAway(ctx app.Context) bool {
	if !kioskMode {
		return false
	}
	ctx.Navigate(PathLogin)
	return true
}

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

// EnvTexts is the go-app environment variable with the address of the
// catalogue's texts, TextsLang standing for the language
// ("/i18n/{lang}.3f2a….txt"): app.wasm does not carry them (shared/i18n).
const (
	EnvTexts  = "KABINET_TEXTS"
	TextsLang = "{lang}"
)

// kioskMode is true in a service centre kiosk's browser: large type, QR
// sign-in first, a short idle timeout, and everything wiped after a visit.
var kioskMode bool

// Start picks the stored language, points the client at the page's
// origin and loads the texts. It runs only in the browser, first thing in
// main: it hands the browser a turn (Yield) after Go's start and after the
// texts, so that neither makes one long task with the first render.
func Start() {
	if app.IsServer {
		return
	}
	Yield()
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
	loadTexts(lang)
	if kiosk != "" {
		api.SetKiosk(kiosk)
		kioskMode = true
	}
	Yield()
}

// endKioskVisit wipes what the visit left in the kiosk's browser (storage
// but the kiosk's own secret, every form's draft, any «Ключ Кабинета»,
// the page's memory by a full reload) and opens the sign-in page for the
// next person. The drafts and keys go first: IndexedDB answers later, and
// the reload must not cut it short.
func endKioskVisit() {
	go func() {
		_ = drafts.WipeAll()
		_ = client.WipeBrowserKeys()
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
