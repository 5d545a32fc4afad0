package page

import (
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/shared"
	"kabinet/shared/i18n"
)

// Navigation items of the signed-in header.
const (
	NavNone     = ""
	NavCabinet  = "cabinet"
	NavProfile  = "profile"
	NavJournal  = "journal"
	NavSessions = "sessions"
	NavSecurity = "security"
	NavOffice   = "office"
	NavInbox    = "inbox"
)

// Shell is the frame of every page: skip link, header (logo, navigation,
// language, sign-out), the main area, the footer and, on signed-in pages,
// the idle-timeout warning.
type Shell struct {
	app.Compo

	Isess    *shared.SessionInfo // the signed-in person; nil on public pages
	Iprivate bool                // a signed-in page: run the idle timer
	Iactive  string
	Iwide    bool
	IonUse   string // the page's path when it starts the app on use (StartOnUse)
	Icontent []app.UI

	self      app.Context
	mounted   bool
	menuOpen  bool
	warn      bool
	left      int
	final     bool
	extending bool
	ticking   bool
	field     app.Value // the focused element at the last tick
	fieldLen  int       // the length of its text then
	typedAt   time.Time // when its text was last seen changing
}

// typingPause is how long a pause in typing may be while the person is
// still at the keyboard.
const typingPause = 3 * time.Second

// Public builds a public page's frame.
func Public(content ...app.UI) *Shell { return &Shell{Icontent: content} }

// Private builds a signed-in page's frame; sess may still be nil while
// the session loads.
func Private(sess *shared.SessionInfo, active string, content ...app.UI) *Shell {
	return &Shell{Isess: sess, Iprivate: true, Iactive: active, Icontent: content}
}

// Wide lets the content use the full width (tables of the back office).
func (s *Shell) Wide() *Shell { s.Iwide = true; return s }

// StartOnUse marks a public page that is complete in the server's HTML:
// app.wasm is downloaded and compiled at once but started only when the
// person first uses a control (app.js's kabinetWhenUsed), so that reading
// the page never waits for the app's start on a slow phone. What is typed
// and the first tap before then are handed to the app. path is the page's
// own: served for another address (the offline worker's fallback), the
// page starts the app at once.
func (s *Shell) StartOnUse(path string) *Shell { s.IonUse = path; return s }

// OnMount starts the idle timer of a signed-in page.
func (s *Shell) OnMount(ctx app.Context) {
	s.self, s.mounted = ctx, true
	if s.Iprivate && !s.ticking {
		s.ticking = true
		ctx.After(time.Second, s.tick)
	}
}

// tick runs once a second on the UI goroutine while the shell is mounted
// (ctx.After stops dispatching once it is not): it updates the warning and
// ends the visit when the session has gone idle.
func (s *Shell) tick(ctx app.Context) {
	idle := api.Idle()
	now := time.Now()
	if idle.Known {
		s.noteTyping(now)
	}
	switch {
	case !idle.Known:
		ctx.PreventUpdate()
	case idle.Left(now) <= 0:
		s.ticking = false
		api.ForgetSession()
		if kioskMode {
			endKioskVisit() // the next person must not see this one's pages
			return
		}
		toLogin(ctx, true)
		return
	case idle.Warning(now) && !idle.Final() && s.typing(now):
		// The warning is a modal dialog that takes the focus: the keys
		// of a person typing would go to its buttons (a space presses
		// «Продолжить») and vanish from the field. Typing is activity.
		ctx.PreventUpdate()
		s.onContinue(ctx)
	default:
		warn := idle.Warning(now)
		left := int((idle.Left(now) + time.Second - 1) / time.Second)
		if warn == s.warn && (!warn || left == s.left) {
			ctx.PreventUpdate()
		} else {
			s.warn, s.left, s.final = warn, left, idle.Final()
		}
	}
	ctx.After(time.Second, s.tick)
}

// noteTyping looks, once a tick, whether the text of the focused field
// changed since the last tick: the person is typing. No listener runs at
// each key, which would give go-app's frame a turn between a key landing
// in the field and its input event being handled.
func (s *Shell) noteTyping(now time.Time) {
	el := app.Window().Get("document").Get("activeElement")
	n := -1 // no field has the focus
	if el.Truthy() {
		if v := el.Get("value"); v.Type() == app.TypeString {
			n = len(v.String())
		}
	}
	// A field that took the focus since the last tick counts too: the
	// person clicked or tabbed into it and is typing its first keys — a
	// warning due at that tick took them («МВД России» lost on a slow CPU).
	// Not a button: the warning's own «Продолжить» takes the focus.
	if n >= 0 {
		same := s.field != nil && s.field.Equal(el)
		tag := el.Get("tagName").String()
		if same && n != s.fieldLen || !same && (tag == "INPUT" || tag == "TEXTAREA") {
			s.typedAt = now
		}
	}
	s.field, s.fieldLen = el, n
}

// typing reports whether the person is typing at now.
func (s *Shell) typing(now time.Time) bool {
	return !s.typedAt.IsZero() && now.Sub(s.typedAt) < typingPause
}

// OnDismount forgets the shell's context.
func (s *Shell) OnDismount() { s.mounted = false }

// on returns the shell's own context for async work (see Live).
func (s *Shell) on(ctx app.Context) app.Context {
	if s.mounted {
		return s.self
	}
	return ctx
}

func (s *Shell) onContinue(ctx app.Context) {
	ctx = s.on(ctx)
	if s.extending {
		return
	}
	s.extending = true
	ctx.Async(func() {
		_, err := api.ExtendSession(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			s.extending = false
			if err != nil {
				if IsAuthError(err) {
					toLogin(ctx, true)
				}
				return
			}
			s.warn = false
		})
	})
}

func (s *Shell) onLogout(ctx app.Context) {
	ctx = s.on(ctx)
	account := ""
	if s.Isess != nil {
		account = s.Isess.Account.ID
	}
	ctx.Async(func() {
		_ = api.Logout(ctx)
		wipeDrafts(account) // signing out says: leave nothing of mine here
		ctx.Dispatch(func(ctx app.Context) {
			Forget(ctx)
			if kioskMode {
				endKioskVisit()
				return
			}
			ctx.Navigate("/login?out=1")
		})
	})
}

func (s *Shell) onLogoutClick(ctx app.Context, e app.Event) { s.onLogout(ctx) }

func (s *Shell) toggleMenu(ctx app.Context, e app.Event) { s.menuOpen = !s.menuOpen }

func (s *Shell) switchLang(ctx app.Context, e app.Event) {
	if lang == i18n.EN {
		setLang(ctx, i18n.RU)
	} else {
		setLang(ctx, i18n.EN)
	}
}

// Render draws the frame.
func (s *Shell) Render() app.UI {
	mainClass := "main container"
	if s.Iwide {
		mainClass += " container--wide"
	}
	appClass := "app"
	if kioskMode {
		appClass += " kiosk"
	}
	return app.Div().Class(appClass).Body(
		app.A().Class("skip-link").Href("#main").Text(t("shell.skip")),
		s.header(),
		app.Main().ID("main").Class(mainClass).TabIndex(-1).Body(prerendered(s.main(), s.IonUse)...),
		s.footer(),
		app.If(kioskMode, func() app.UI { return ds.NewKeyboard(keyboardText()) }),
		app.If(s.Iprivate, func() app.UI {
			return ds.NewTimeoutWarning(t("timeout.title"), func(left string) string {
				return t("timeout.text", left)
			}, t("timeout.continue"), t("timeout.logout")).
				Open(s.warn, s.left).
				Final(s.final, t("timeout.final")).
				Busy(s.extending, t("common.wait")).
				OnContinue(s.onContinue).
				OnLogout(s.onLogout)
		}),
	)
}

// prerendered wraps the content the server renders in a disabled
// fieldset: the page is readable at once, but its fields and buttons wait
// for app.wasm, which replaces this whole tree when it starts — anything
// typed before would be lost, and a form submitted natively would put the
// password into the URL. On a page that starts the app on use, app.js
// enables the fieldset once it holds what is typed and stops native
// submits (data-start-on-use). The browser renders the content as it is.
func prerendered(content []app.UI, onUse string) []app.UI {
	if !app.IsServer {
		return content
	}
	fs := app.FieldSet().Class("prerendered").Disabled(true)
	if onUse != "" {
		fs = fs.DataSet("start-on-use", onUse)
	}
	return []app.UI{fs.Body(content...)}
}

// main is the content, after the notice of a lost connection and, on
// signed-in pages, the banner of sign-ins waiting for this phone. The banner is always there on those pages (it
// renders nothing until there is a request), so the content keeps its
// place in the tree when the session arrives.
func (s *Shell) main() []app.UI {
	if !s.Iprivate {
		return append([]app.UI{&offlineNotice{}}, s.Icontent...)
	}
	return append([]app.UI{&offlineNotice{}, &approvalBanner{Isess: s.Isess}}, s.Icontent...)
}

func (s *Shell) header() app.UI {
	home := "/"
	if s.Isess != nil {
		home = "/cabinet"
	}
	langLabel, langCode := "English", "en"
	if lang == i18n.EN {
		langLabel, langCode = "Русский", "ru"
	}
	navClass := "nav"
	if s.menuOpen {
		navClass += " nav--open"
	}
	return app.Header().Class("header").Body(
		app.Div().Class("header__inner container").Body(
			app.A().Class("logo").Href(home).Body(
				app.Span().Class("logo__mark"),
				app.Span().Class("logo__text").Text(t("app.name")),
			),
			app.Div().Class("header__tools").Body(
				app.Button().
					ID("btn-lang").
					Class("header__lang").
					Type("button").
					Lang(langCode).
					Disabled(app.IsServer).            // it works once app.wasm runs
					DataSet("wait-app", app.IsServer). // app.js enables it on a page that starts on use
					OnClick(s.switchLang).
					Text(langLabel),
				app.If(s.Isess != nil, func() app.UI {
					return app.Button().
						ID("btn-menu").
						Class("header__menu").
						Type("button").
						Aria("expanded", strconv.FormatBool(s.menuOpen)).
						Aria("controls", "nav").
						OnClick(s.toggleMenu).
						Body(ds.Icon("menu"), app.Span().Text(t("shell.menu")))
				}),
				app.If(s.Isess == nil && !s.Iprivate, func() app.UI {
					return app.A().ID("link-login").Class("header__signin").Href("/login").Text(t("shell.login"))
				}),
			),
			app.If(s.Isess != nil, func() app.UI {
				return app.Nav().ID("nav").Class(navClass).Aria("label", t("shell.nav")).Body(s.navItems()...)
			}),
		),
	)
}

func (s *Shell) navItems() []app.UI {
	a := s.Isess.Account
	link := func(key, href, id string) app.UI {
		l := app.A().Class("nav__link").Href(href).Text(t(key))
		if s.Iactive == id {
			l = l.Aria("current", "page")
		}
		return app.Li().Body(l)
	}
	items := []app.UI{
		link("nav.cabinet", "/cabinet", NavCabinet),
		link("nav.profile", "/profile", NavProfile),
		link("nav.journal", "/journal", NavJournal),
		link("nav.sessions", "/sessions", NavSessions),
		link("nav.security", "/security", NavSecurity),
	}
	// Any staff permission leads to the back office, whose landing page
	// lists the desks by permission: a new desk needs no change here.
	if len(a.Permissions) > 0 {
		items = append(items, link("nav.office", "/office", NavOffice))
	}
	return []app.UI{
		app.Ul().Class("nav__list").Body(items...),
		app.Div().Class("nav__user").Body(
			app.Span().Class("nav__name").Text(CallName(a)),
			app.Button().ID("btn-logout").Class("button button--secondary nav__logout").Type("button").
				OnClick(s.onLogoutClick).Text(t(logoutKey())),
		),
	}
}

func (s *Shell) footer() app.UI {
	return app.Footer().Class("footer").Body(
		app.Div().Class("container footer__inner").Body(
			app.P().Text(t("footer.about")),
			app.Ul().Class("footer__links").Body(
				app.If(!kioskMode, func() app.UI { // a kiosk has no front page
					return app.Li().Body(app.A().Href("/").Text(t("footer.home")))
				}),
				app.Li().Body(app.A().Href(PathPrivacy).Text(t("footer.privacy"))),
				app.If(app.Getenv(EnvDev) == "1", func() app.UI {
					return app.Li().Body(app.A().Href("/dev/outbox").Text(t("footer.outbox")))
				}),
			),
		),
	)
}

// logoutKey names the sign-out button: on a kiosk the visit ends.
func logoutKey() string {
	if kioskMode {
		return "shell.endVisit"
	}
	return "shell.logout"
}

// keyboardText is what the kiosk's on-screen keyboard says.
func keyboardText() ds.KeyboardText {
	return ds.KeyboardText{
		Label: t("kbd.label"), Opened: t("kbd.opened"), Closed: t("kbd.closed"),
		Shift: t("kbd.shift"), Backspace: t("kbd.backspace"), Space: t("kbd.space"), Done: t("kbd.done"),
		Layouts: map[string]string{
			ds.LayoutRU: t("kbd.ru"), ds.LayoutEN: t("kbd.en"), ds.LayoutSym: t("kbd.sym"), ds.LayoutNum: t("kbd.num"),
		},
	}
}
