package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"

	"kabinet/server/config"
	"kabinet/shared"
)

// The screens of the service centres' kiosks: portrait and landscape.
var (
	kioskPortrait  = size{1080, 1920}
	kioskLandscape = size{1920, 1080}
)

// kioskTab registers a kiosk in the back office (as TestQRKioskFlow does
// through the setup link) and returns a browser at sz that is that kiosk,
// on its sign-in screen.
func kioskTab(t *testing.T, e *env, sz size) context.Context {
	t.Helper()
	op := e.Client()
	op.SignInDemo(operatorLogin)
	var reg shared.KioskRegistered
	op.MustOK("POST", "/office/kiosks", shared.KioskRequest{Name: "Терминал №2", Centre: "МФЦ «Мои документы» Тверской", Address: "Москва, ул. Тверская, 8"}, &reg)
	ctx := browser(t, sz)
	open(ctx, reg.SetupURL)
	click(ctx, "btn-kiosk-install")
	click(ctx, "link-kiosk-start")
	waitPath(ctx, "/login", stepTimeout)
	if !until(ctx, stepTimeout, `() => document.querySelector(".app.kiosk") !== null`) {
		t.Fatal("the kiosk is not in kiosk mode")
	}
	waitVisible(ctx, "qr-code", stepTimeout)
	return ctx
}

// A kiosk's sign-in screen offers the QR code first and large, then the
// password; no registration, no passkey; large type and targets, laid out
// for the landscape and the portrait screen.
func TestKioskSignInScreen(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	e.seedDemo()
	ctx := kioskTab(t, e, kioskLandscape)

	for _, id := range []string{"link-register", "btn-passkey-login", "passkey-login"} {
		if n := mustJS[bool](t, ctx, fmt.Sprintf(`!!document.getElementById(%q)`, id)); n {
			t.Errorf("a kiosk's sign-in offers #%s", id)
		}
	}
	if !mustJS[bool](t, ctx, `!!(document.getElementById("qr-login").compareDocumentPosition(document.getElementById("form-login")) & Node.DOCUMENT_POSITION_FOLLOWING)`) {
		t.Error("the password form comes before the QR code")
	}
	checkKioskSizes(t, ctx)
	if !mustJS[bool](t, ctx, `(() => { const q = document.getElementById("qr-login").getBoundingClientRect(), f = document.getElementById("password-login").getBoundingClientRect();
		return q.right <= f.left && Math.abs(q.top - f.top) < 2 && q.width >= 700 && f.width >= 700; })()`) {
		t.Error("landscape: the QR code is not left of the form, side by side, each half the screen")
	}
	shot(t, ctx, "landscape")
	axeKiosk(t, ctx, "landscape")

	resize(t, ctx, kioskPortrait, false)
	checkKioskSizes(t, ctx)
	if !mustJS[bool](t, ctx, `(() => { const q = document.getElementById("qr-login").getBoundingClientRect(), f = document.getElementById("password-login").getBoundingClientRect(),
		img = document.getElementById("qr-code").getBoundingClientRect();
		return q.bottom <= f.top && q.width >= 900 && f.width >= 900 && img.width >= 400 && f.bottom > 1200; })()`) {
		t.Error("portrait: the QR code is not above the form, full width, with a large code and the form filling the screen")
	}
	shot(t, ctx, "portrait")
	axeKiosk(t, ctx, "portrait")

	// Nor does a kiosk open the front page, with its «Зарегистрироваться»,
	// or the registration itself: both lead to the sign-in; the footer
	// does not link to the front page.
	for _, path := range []string{"/", "/register"} {
		open(ctx, e.url+path)
		if !until(ctx, stepTimeout, `() => location.pathname === "/login" && !!document.getElementById("qr-code")`) {
			t.Errorf("a kiosk opens %s: the page is %s", path, location(ctx))
		}
	}
	if mustJS[bool](t, ctx, `!!document.querySelector('.footer a[href="/"]') || !!document.getElementById("link-register")`) {
		t.Error("a kiosk's sign-in links to the front page or the registration")
	}
}

// axeKiosk scans the kiosk's screen as it is, at its own size and with
// the on-screen keyboard open or not: WCAG 2.2 AA, as every page.
func axeKiosk(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	for _, v := range runAxe(t, ctx, axeScript(t)) {
		t.Errorf("kiosk, %s: %s [%s] on %d element(s): %s\n    %s", what, v.ID, v.Impact, v.Nodes, v.Help, strings.Join(v.Targets, "\n    "))
	}
}

// checkKioskSizes fails the test for a target under 48 px or type less
// than 25 % larger than the 16 px of an ordinary screen.
func checkKioskSizes(t *testing.T, ctx context.Context) {
	t.Helper()
	small := mustJS[[]string](t, ctx, `Array.from(document.querySelectorAll("main button, main a, main input, header button, header a"))
		.filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden" && !el.closest(".sr-only, .skip-link"))
		.filter(el => { const r = el.getBoundingClientRect(); return r.height < 48 || r.width < 48; })
		.map(el => (el.id || el.tagName) + " " + Math.round(el.getBoundingClientRect().width) + "×" + Math.round(el.getBoundingClientRect().height))`)
	if len(small) > 0 {
		t.Errorf("targets under 48 px: %v", small)
	}
	tiny := mustJS[[]string](t, ctx, `Array.from(document.querySelectorAll("main p, main label, main input, main button, main li, #btn-lang"))
		.filter(el => el.getClientRects().length && parseFloat(getComputedStyle(el).fontSize) < 20 && !el.closest(".field__hint, .muted"))
		.map(el => (el.id || el.tagName) + " " + getComputedStyle(el).fontSize)`)
	if len(tiny) > 0 {
		t.Errorf("type under 20 px (16 px + 25 %%): %v", tiny)
	}
	if h := mustJS[float64](t, ctx, `document.getElementById("btn-lang").getBoundingClientRect().height`); h < 56 {
		t.Errorf("the language toggle is %v px high, want a large one", h)
	}
}

// oskType types text into the focused field with the on-screen keyboard,
// switching layouts and pressing Shift as a person would.
func oskType(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	for _, r := range text {
		id := fmt.Sprintf("kbd-u%04x", unicode.ToLower(r))
		if r == ' ' {
			id = "kbd-space"
		}
		for _, layout := range []string{"", "en", "ru", "sym", "en"} {
			if isVisible(ctx, id) {
				break
			}
			if layout != "" && isVisible(ctx, "kbd-layout-"+layout) {
				click(ctx, "kbd-layout-"+layout)
				// The keys change at the app's next frame: wait for them,
				// or the next tap lands on a key of the old layout.
				if !until(ctx, stepTimeout, `(l) => (document.getElementById("kbd") || {dataset: {}}).dataset.layout === l`, layout) {
					t.Fatalf("the keyboard did not switch to %s", layout)
				}
			}
		}
		if unicode.IsUpper(r) {
			click(ctx, "kbd-shift")
		}
		before := mustJS[int](t, ctx, `(document.activeElement.value || "").length`)
		click(ctx, id)
		// A key is written at the end of the app's frame.
		if !until(ctx, stepTimeout, `(n) => (document.activeElement.value || "").length > n`, before) {
			t.Fatalf("the key %q typed nothing", string(r))
		}
	}
}

// waitValue waits until the field holds want (a key is written at the end
// of the app's frame, a moment after the tap).
func waitValue(t *testing.T, ctx context.Context, id, want string) {
	t.Helper()
	if !until(ctx, stepTimeout, `(id, want) => document.getElementById(id).value === want`, id, want) {
		t.Fatalf("#%s holds %q, want %q", id, mustJS[string](t, ctx, fmt.Sprintf(`document.getElementById(%q).value`, id)), want)
	}
}

// fieldAboveKeyboard fails the test when the keyboard covers the field.
func fieldAboveKeyboard(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	if !until(ctx, stepTimeout, `(id) => { const f = document.getElementById(id), k = document.getElementById("kbd");
		return f && k && f.getBoundingClientRect().top >= 0 && f.getBoundingClientRect().bottom <= k.getBoundingClientRect().top; }`, id) {
		t.Errorf("the on-screen keyboard covers #%s", id)
	}
}

// A visitor with no physical keyboard signs in with the on-screen one
// (login, password, the app's code on the digits), walks away, and the
// kiosk warns, wipes the visit and leaves the next visitor no trace.
func TestKioskKeyboardVisit(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, func(c *config.Config) {
		c.KioskIdle, c.KioskWarn = 20*time.Second, 10*time.Second // 2 min and 30 s by default
	})
	e.seedDemo()
	p, secret := personWithApp(t, e, shared.RegisterRequest{LastName: "Соколов", FirstName: "Пётр", MiddleName: "Ильич", Phone: "+79120000081", Email: "petr.sokolov@example.ru", Password: personPassword})
	ctx := kioskTab(t, e, kioskPortrait)

	click(ctx, "f-login")
	waitVisible(ctx, "kbd", stepTimeout)
	waitText(ctx, "#kbd-status", "Открыта экранная клавиатура", stepTimeout)
	if label := mustJS[string](t, ctx, `document.getElementById("kbd").getAttribute("role") + " " + document.getElementById("kbd").getAttribute("aria-label")`); label != "group Экранная клавиатура" {
		t.Errorf("the keyboard is %q for screen readers", label)
	}
	if small := mustJS[int](t, ctx, `Array.from(document.querySelectorAll("#kbd button")).filter(b => { const r = b.getBoundingClientRect(); return r.width < 48 || r.height < 48; }).length`); small > 0 {
		t.Errorf("%d keys under 48 px", small)
	}
	fieldAboveKeyboard(t, ctx, "f-login")
	oskType(t, ctx, p.Email)
	shot(t, ctx, "keyboard-login")
	axeKiosk(t, ctx, "with the keyboard open")
	waitValue(t, ctx, "f-login", p.Email)
	click(ctx, "kbd-done") // on to the password
	if !until(ctx, stepTimeout, `() => document.activeElement && document.activeElement.id === "f-password" && document.getElementById("kbd")`) {
		t.Fatal("«Готово» did not move to the password with the keyboard open")
	}
	fieldAboveKeyboard(t, ctx, "f-password")
	oskType(t, ctx, personPassword)
	waitValue(t, ctx, "f-password", personPassword)
	shot(t, ctx, "keyboard-password")
	click(ctx, "kbd-done") // submits the form, as its last field

	// The app's code: the digits only.
	waitVisible(ctx, "f-code", stepTimeout)
	if !until(ctx, stepTimeout, `() => { const k = document.getElementById("kbd"); return k && k.dataset.layout === "num"; }`) {
		t.Fatal("no numeric keyboard for the code")
	}
	fieldAboveKeyboard(t, ctx, "f-code")
	oskType(t, ctx, totpCode(t, secret, time.Now()))
	shot(t, ctx, "keyboard-code")
	click(ctx, "kbd-done")
	waitPath(ctx, "/cabinet", stepTimeout)
	waitText(ctx, ".nav__name", "Пётр Ильич", stepTimeout)
	if isVisible(ctx, "kbd") {
		t.Error("the keyboard stayed on screen without a field")
	}
	shot(t, ctx, "cabinet")

	// The visitor starts a profile edit, whose draft the kiosk keeps in
	// IndexedDB until the visit ends.
	open(ctx, e.url+"/profile/edit")
	typeInto(ctx, "f-passport-issuedBy", "ОВД района Сокол")
	if !waitDrafts(t, ctx, func(n int) bool { return n > 0 }) {
		t.Fatal("the profile edit left no draft on the kiosk")
	}

	// The visitor walks away: the warning, then the wipe.
	if _, err := js[bool](ctx, `localStorage.setItem("visitor.draft", "Соколов"), sessionStorage.setItem("visitor.step", "2"), true`); err != nil {
		t.Fatal(err)
	}
	waitVisible(ctx, "timeout-dialog", 20*time.Second)
	waitText(ctx, "#timeout-dialog", "Сеанс скоро завершится", stepTimeout)
	shot(t, ctx, "idle-warning")
	if !until(ctx, 20*time.Second, `() => location.pathname === "/login" && !document.querySelector(".nav__name")`) {
		t.Fatalf("the visit was not wiped: the page is %s", location(ctx))
	}
	waitApp(ctx)
	waitVisible(ctx, "qr-code", stepTimeout)
	noTrace(t, ctx)
	shot(t, ctx, "next-visitor")

	// Back, as the next visitor might press it: no page of the last visit.
	// Later than the evaluation's answer: going back while it is under way
	// closes the context the answer would come from.
	if _, err := js[bool](ctx, `setTimeout(() => history.back(), 0), true`); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	waitApp(ctx)
	if !until(ctx, stepTimeout, `() => location.pathname === "/login"`) {
		t.Errorf("back from the wiped screen shows %s", location(ctx))
	}
	noTrace(t, ctx)
	shot(t, ctx, "after-back")
}

// A visitor's session that ends on the server (staff ended it, or it
// expired there first) ends the kiosk's visit as the idle timeout does:
// the sign-in that follows does not lead back to the last visitor's page,
// and the kiosk keeps none of the visit's drafts or storage.
func TestKioskLostSession(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	e.seedDemo()
	p, secret := personWithApp(t, e, shared.RegisterRequest{LastName: "Зайцева", FirstName: "Ольга", MiddleName: "Игоревна", Phone: "+79120000082", Email: "olga.zaitseva@example.ru", Password: personPassword})
	ctx := kioskTab(t, e, kioskLandscape)
	typeInto(ctx, "f-login", p.Email)
	typeInto(ctx, "f-password", personPassword)
	click(ctx, "kbd-done") // submits the form, as its last field
	typeInto(ctx, "f-code", totpCode(t, secret, time.Now()))
	click(ctx, "kbd-done")
	waitPath(ctx, "/cabinet", stepTimeout)

	open(ctx, e.url+"/profile/edit")
	typeInto(ctx, "f-passport-issuedBy", "ОВД района Зябликово")
	if !waitDrafts(t, ctx, func(n int) bool { return n > 0 }) {
		t.Fatal("the profile edit left no draft on the kiosk")
	}
	var id string
	if err := e.DB.NewRaw("SELECT id FROM accounts WHERE email = ?", p.Email).Scan(context.Background(), &id); err != nil {
		t.Fatal(err)
	}
	op := e.Client()
	op.SignInDemo(operatorLogin)
	op.MustOK("POST", "/office/people/"+id+"/sessions/end", nil, nil)

	open(ctx, e.url+"/profile") // its check of the session meets the end
	if !until(ctx, stepTimeout, `() => location.pathname === "/login" && location.search === "" && !!document.getElementById("qr-code")`) {
		t.Fatalf("after the lost session the kiosk shows %s", location(ctx))
	}
	waitApp(ctx)
	if !waitDrafts(t, ctx, func(n int) bool { return n == 0 }) {
		t.Errorf("after the lost session the kiosk keeps %d drafts", draftCount(t, ctx))
	}
	if keys := mustJS[string](t, ctx, `Object.keys(localStorage).sort().join(",")`); keys != "kabinet.kiosk" {
		t.Errorf("after the lost session the kiosk keeps %q in localStorage", keys)
	}
	shot(t, ctx, "lost-session")
}

// noTrace fails the test when the screen or the browser's storage keeps
// anything of the last visitor.
func noTrace(t *testing.T, ctx context.Context) {
	t.Helper()
	text := mustJS[string](t, ctx, `document.body.innerText`)
	for _, s := range []string{"Пётр", "Соколов", "petr.sokolov"} {
		if strings.Contains(text, s) {
			t.Errorf("the screen still shows %q", s)
		}
	}
	if keys := mustJS[string](t, ctx, `Object.keys(localStorage).sort().join(",")`); keys != "kabinet.kiosk" {
		t.Errorf("after the visit the kiosk keeps %q in localStorage", keys)
	}
	if n := mustJS[int](t, ctx, `sessionStorage.length`); n != 0 {
		t.Errorf("after the visit sessionStorage keeps %d items", n)
	}
	if v := mustJS[string](t, ctx, `(document.getElementById("f-login") || {}).value || ""`); v != "" {
		t.Errorf("the login field holds %q", v)
	}
	if n := draftCount(t, ctx); n != 0 {
		t.Errorf("after the visit the kiosk keeps %d drafts in IndexedDB", n)
	}
}

// draftCount is how many form drafts the browser's IndexedDB holds (0
// when the app never opened its database; opening it here would create
// it without its store).
func draftCount(t *testing.T, ctx context.Context) int {
	t.Helper()
	return mustJS[int](t, ctx, `indexedDB.databases().then(dbs => !dbs.some(d => d.name === "kabinet-drafts") ? 0 :
		new Promise(done => { const q = indexedDB.open("kabinet-drafts");
			q.onerror = () => done(-1);
			q.onsuccess = () => { const db = q.result;
				if (!db.objectStoreNames.contains("drafts")) { db.close(); return done(0); }
				const c = db.transaction("drafts").objectStore("drafts").count();
				c.onsuccess = () => { db.close(); done(c.result); };
				c.onerror = () => { db.close(); done(-1); }; }; }))`)
}

// waitDrafts waits until the number of drafts satisfies ok (a form saves
// its draft a second after it changes).
func waitDrafts(t *testing.T, ctx context.Context, ok func(int) bool) bool {
	t.Helper()
	for deadline := time.Now().Add(stepTimeout); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if ok(draftCount(t, ctx)) {
			return true
		}
	}
	return false
}
