package e2e

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"kabinet/server/account"
	"kabinet/server/config"
	"kabinet/shared"
)

// typeSignIn types the login and the password on /login and sends them.
func typeSignIn(ctx context.Context, e *env, login, password string) {
	open(ctx, e.url+"/login")
	typeInto(ctx, "f-login", login)
	typeInto(ctx, "f-password", password)
	click(ctx, "btn-login")
}

// signIn signs in on /login as a person does and waits for the cabinet.
func signIn(t *testing.T, ctx context.Context, e *env, login, password string) {
	t.Helper()
	typeSignIn(ctx, e, login, password)
	waitPath(ctx, "/cabinet", stepTimeout)
	waitVisible(ctx, "cabinet-status", stepTimeout)
}

// signInStaff signs the tab in as a demo staff member (README) with the
// password and the authenticator app's code: the back office opens only to
// a session with a second factor. It ends on /office.
func signInStaff(t *testing.T, ctx context.Context, e *env, login string) {
	t.Helper()
	var d account.Demo
	for _, d = range account.Demos {
		if d.Login == login {
			break
		}
	}
	if d.Login != login || d.TOTP == "" {
		t.Fatalf("%s is not a demo staff member", login)
	}
	typeSignIn(ctx, e, login, d.Password)
	typeInto(ctx, "f-code", e.TOTPCode(login, d.TOTP))
	click(ctx, "btn-second-factor")
	// Staff land in the back office, where their work is.
	waitPath(ctx, "/office", stepTimeout)
	waitVisible(ctx, "office-desks", stepTimeout)
}

var sixDigits = regexp.MustCompile(`\b(\d{6})\b`)

// codeFromOutbox reads the newest one-time code sent over channel ("sms",
// "email") to `to` (as the outbox shows it) from the /dev/outbox page.
func codeFromOutbox(ctx context.Context, channel, to string) string {
	tabOf(ctx).t.Helper()
	const msgs = `(ch, to) => Array.from(document.querySelectorAll(".outbox-msg"))
		.filter(m => m.dataset.channel === ch && (m.querySelector(".outbox-msg__to") || {}).innerText === to)
		.map(m => (m.querySelector(".outbox-msg__body") || m).innerText)`
	if !until(ctx, stepTimeout, msgs+`.length > 0`, channel, to) {
		fatalf(ctx, "the outbox shows no %s message to %s; it shows %q", channel, to, texts(ctx, ".outbox-msg"))
	}
	bodies, _ := js[[]string](ctx, fmt.Sprintf("(%s)(...%s)", msgs, jsArgs([]any{channel, to})))
	for _, b := range bodies { // newest first
		if m := sixDigits.FindStringSubmatch(b); m != nil {
			return m[1]
		}
	}
	fatalf(ctx, "no six-digit code in the %s messages to %s: %q", channel, to, bodies)
	return ""
}

// A new person registers, confirms the phone and the e-mail with the codes
// from the dev outbox, is signed in by the second code, sees the cabinet,
// signs out and signs in again.
func TestRegisterConfirmSignInSignOut(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	ctx := browser(t, desktop)

	open(ctx, e.url+"/register")
	waitVisible(ctx, "btn-register", stepTimeout)
	shotBoth(t, ctx, "register")
	typeInto(ctx, "f-lastName", "Смирнова")
	typeInto(ctx, "f-firstName", "Ольга")
	typeInto(ctx, "f-middleName", "Павловна")
	typeInto(ctx, "f-phone", "+7 916 555-12-34")
	typeInto(ctx, "f-email", "olga.smirnova@example.ru")
	typeInto(ctx, "f-password", "Moy-Portal-2026!")

	// Without the consent to the processing of personal data the form
	// stops and says why, next to the box that links to the policy.
	before := requests(ctx, "POST", shared.APIPrefix+"/register")
	click(ctx, "btn-register")
	waitText(ctx, "#f-consent-error", "Нужно согласие на обработку персональных данных", stepTimeout)
	if n := requests(ctx, "POST", shared.APIPrefix+"/register") - before; n != 0 {
		t.Errorf("the form sent %d registrations without consent", n)
	}
	if href, _ := js[string](ctx, `document.getElementById("link-privacy").getAttribute("href")`); href != "/privacy" {
		t.Errorf("the consent links to %q, want /privacy", href)
	}
	shotBoth(t, ctx, "register-no-consent")
	click(ctx, "f-consent")
	shot(t, ctx, "register-filled")
	click(ctx, "btn-register")

	waitPath(ctx, "/register/confirm", stepTimeout)
	waitVisible(ctx, "f-code-sms", stepTimeout)
	waitVisible(ctx, "f-code-email", stepTimeout)
	shotBoth(t, ctx, "confirm")

	// The developer reads the codes on /dev/outbox in another tab.
	dev, closeDev := newTab(ctx)
	open(dev, e.url+"/dev/outbox")
	smsCode := codeFromOutbox(dev, shared.ChannelSMS, "+79165551234")
	emailCode := codeFromOutbox(dev, shared.ChannelEmail, "olga.smirnova@example.ru")
	shot(t, dev, "outbox")
	closeDev()

	typeInto(ctx, "f-code-sms", smsCode)
	click(ctx, "btn-confirm-sms")
	waitVisible(ctx, "confirm-done-sms", stepTimeout)
	shot(t, ctx, "phone-confirmed")
	typeInto(ctx, "f-code-email", emailCode)
	click(ctx, "btn-confirm-email")
	waitVisible(ctx, "confirm-done", stepTimeout)
	waitText(ctx, "#confirm-done", "", stepTimeout)
	shotBoth(t, ctx, "confirmed")

	// The second code ended the registration signed in: no password again.
	waitText(ctx, "#confirm-done", "вы уже вошли", stepTimeout)
	if label := waitText(ctx, "#btn-confirm-login", "", stepTimeout); !strings.Contains(label, "Перейти в кабинет") {
		t.Errorf("the button after the codes says %q, want «Перейти в кабинет»", label)
	}
	click(ctx, "btn-confirm-login")

	waitPath(ctx, "/cabinet", stepTimeout)
	waitText(ctx, "#main h1", "Ольга", stepTimeout)
	status := waitText(ctx, "#cabinet-status", "", stepTimeout)
	if strings.TrimSpace(status) == "" {
		t.Errorf("#cabinet-status is empty")
	}
	if name := texts(ctx, ".nav__name"); len(name) == 0 || !strings.Contains(name[0], "Ольга") {
		t.Errorf("the header does not name the person: %q", name)
	}
	shotBoth(t, ctx, "cabinet")
	t.Logf("cabinet: %q, status %q", texts(ctx, "#main h1"), status)

	click(ctx, "btn-logout")
	if !until(ctx, stepTimeout, `() => !document.getElementById("btn-logout") && (location.pathname === "/login" || location.pathname === "/")`) {
		fatalf(ctx, "after «Выйти» the page is %s and still offers btn-logout=%v", location(ctx), isVisible(ctx, "btn-logout"))
	}
	waitApp(ctx)
	shotBoth(t, ctx, "signed-out")
	t.Logf("signed out to %s", location(ctx))

	// The password chosen at registration signs in.
	signIn(t, ctx, e, "+7 916 555-12-34", "Moy-Portal-2026!")
	shot(t, ctx, "signed-in-again")
	click(ctx, "btn-logout")
	if !until(ctx, stepTimeout, `() => !document.getElementById("btn-logout")`) {
		fatalf(ctx, "«Выйти» did not sign out the second time")
	}

	// The cabinet is closed now: it sends the person to sign in.
	open(ctx, e.url+"/cabinet")
	t.Logf("/cabinet after signing out sends the person to %s", waitPath(ctx, "/login", stepTimeout))
	waitVisible(ctx, "f-login", stepTimeout)
	shot(t, ctx, "cabinet-after-sign-out")

	// The policy consented to names the version registration recorded.
	open(ctx, e.url+"/privacy")
	waitText(ctx, "#privacy-version", shared.PrivacyPolicyVersion, stepTimeout)
	waitText(ctx, "#main", "152-ФЗ", stepTimeout)
	shotBoth(t, ctx, "privacy")
}

// Five wrong passwords lock password sign-in; then even the right one is
// refused with the same message.
func TestFiveWrongPasswordsLock(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	e.seedDemo()
	ctx := browser(t, desktop)

	open(ctx, e.url+"/login")
	typeInto(ctx, "f-login", annaLogin)
	locked := regexp.MustCompile(`(?i)заблокирован`)
	for i := 1; i <= 6; i++ {
		password, what := fmt.Sprintf("Wrong-Password-%d", i), "wrong"
		if i == 6 {
			password, what = demoPassword, "right"
		}
		typeInto(ctx, "f-password", password)
		code := submit(ctx, "btn-login", "POST", "/api/v1/login")
		msg := waitText(ctx, "#form-error, .notice--danger", "", stepTimeout)
		switch {
		case i < e.cfg.LockoutThreshold && locked.MatchString(msg):
			t.Errorf("attempt %d (%s password): locked too early: %q", i, what, msg)
		case i >= e.cfg.LockoutThreshold && !locked.MatchString(msg):
			t.Errorf("attempt %d (%s password): no locked message, the page says %q", i, what, msg)
		}
		if p := location(ctx); !strings.HasPrefix(p, "/login") {
			t.Fatalf("attempt %d (%s password): the page moved to %s", i, what, p)
		}
		t.Logf("attempt %d (%s password): HTTP %d, %q", i, what, code, msg)
		switch i {
		case 1:
			shot(t, ctx, "wrong-password")
		case 5:
			shotBoth(t, ctx, "locked")
		case 6:
			shot(t, ctx, "locked-right-password")
		}
	}
	if isVisible(ctx, "link-recover-locked") {
		t.Logf("the locked message offers password recovery")
	} else {
		t.Errorf("the locked message does not offer the way out (link-recover-locked)")
	}
}

// The idle warning shows before the session ends, «Продолжить работу»
// keeps it, and without activity the person lands on /login?expired=1.
func TestIdleWarning(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, func(c *config.Config) {
		// The warning comes 4 s after the last use and leaves 10 s to
		// answer: room for two screenshots on a loaded CI machine.
		c.SessionIdle = 14 * time.Second
		c.SessionWarn = 10 * time.Second
	})
	e.seedDemo()
	ctx := browser(t, desktop)

	signIn(t, ctx, e, annaLogin, demoPassword)
	shot(t, ctx, "cabinet")
	dialogOpen := `() => { const d = document.getElementById("timeout-dialog"); return !!d && d.open; }`
	if !until(ctx, 15*time.Second, dialogOpen) {
		fatalf(ctx, "no idle warning (#timeout-dialog) within 15 s of signing in with SESSION_IDLE=14s, SESSION_WARN=10s")
	}
	warned := time.Now()
	t.Logf("the warning showed: %q", texts(ctx, "#timeout-dialog .dialog__countdown"))
	waitVisible(ctx, "btn-continue", 2*time.Second)
	waitText(ctx, "#timeout-dialog", "", time.Second)
	shotBoth(t, ctx, "warning")
	t.Logf("warning: %q", texts(ctx, "#timeout-dialog"))

	click(ctx, "btn-continue")
	if !until(ctx, 5*time.Second, `() => { const d = document.getElementById("timeout-dialog"); return !d || !d.open; }`) {
		fatalf(ctx, "the warning stayed open after «Продолжить работу»")
	}
	shot(t, ctx, "continued")

	// The session would have ended at most SESSION_WARN after the warning
	// showed; one more second and it must still be alive.
	time.Sleep(time.Until(warned.Add(e.cfg.SessionWarn + time.Second)))
	if p := location(ctx); p != "/cabinet" {
		t.Fatalf("after «Продолжить работу» the page moved to %s", p)
	}
	status, err := js[int](ctx, `fetch("/api/v1/session?passive=1", {credentials: "same-origin"}).then(r => r.status)`)
	if err != nil {
		t.Fatalf("asking for the session: %v", err)
	}
	if status != 200 {
		t.Fatalf("the session ended although «Продолжить работу» was pressed: GET /session?passive=1 = %d", status)
	}
	shot(t, ctx, "still-signed-in")

	// Without activity it ends: the page goes to /login?expired=1.
	if !until(ctx, e.cfg.SessionIdle+5*time.Second, `() => location.pathname === "/login" && new URLSearchParams(location.search).get("expired") === "1"`) {
		fatalf(ctx, "the session did not end within %s of inactivity (the page is %s)", e.cfg.SessionIdle+5*time.Second, location(ctx))
	}
	waitApp(ctx)
	waitVisible(ctx, "notice-expired", stepTimeout)
	shotBoth(t, ctx, "expired")
	status, err = js[int](ctx, `fetch("/api/v1/session?passive=1", {credentials: "same-origin"}).then(r => r.status)`)
	if err != nil || status != 401 {
		t.Errorf("after the expiry GET /session?passive=1 = %d, %v; want 401", status, err)
	}
}

// A wrong ИНН is caught in the browser with the shared check: the field
// says why, and no request is sent.
func TestProfileINNErrorWithoutRequest(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	e.seedDemo()
	ctx := browser(t, desktop)

	signIn(t, ctx, e, annaLogin, demoPassword)
	open(ctx, e.url+"/profile")
	waitVisible(ctx, "btn-profile-edit", stepTimeout)
	shot(t, ctx, "profile")
	click(ctx, "btn-profile-edit")
	waitVisible(ctx, "f-inn", stepTimeout)
	shot(t, ctx, "profile-edit")

	const badINN = "561100409546" // 561100409545 is valid: the last digit is wrong
	if err := shared.ValidateINN(badINN); err == nil {
		t.Fatalf("test data: %s is a valid ИНН", badINN)
	}
	typeInto(ctx, "f-inn", badINN)
	before := requests(ctx, "PUT", "/me/profile")
	click(ctx, "btn-profile-save")
	msg := waitText(ctx, "#f-inn-error", "Контрольная цифра", stepTimeout)
	time.Sleep(time.Second) // a request, if one were sent, would show by now
	if n := requests(ctx, "PUT", "/me/profile") - before; n != 0 {
		t.Errorf("the browser sent %d PUT /me/profile with an invalid ИНН; the form should stop it", n)
	}
	if p := location(ctx); p != "/profile/edit" {
		t.Errorf("the page left the form: %s", p)
	}
	t.Logf("#f-inn-error: %q", msg)
	shotBoth(t, ctx, "inn-error")

	// Corrected, the form is saved.
	const goodINN = "500100732259"
	if err := shared.ValidateINN(goodINN); err != nil {
		t.Fatalf("test data: %s: %v", goodINN, err)
	}
	typeInto(ctx, "f-inn", goodINN)
	if st := submit(ctx, "btn-profile-save", "PUT", "/me/profile"); st != 200 {
		t.Errorf("saving the corrected profile: PUT /me/profile = %d", st)
	}
	waitPath(ctx, "/profile", stepTimeout)
	waitText(ctx, "#profile-summary", goodINN, stepTimeout)
	shot(t, ctx, "profile-saved")
}

// An operator finds a person by phone in the back office and blocks the
// account with a reason.
func TestOfficeBlocksPerson(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	e.seedDemo()
	p := person{LastName: "Кузнецов", FirstName: "Пётр", MiddleName: "Андреевич",
		Phone: "+7 926 111-22-33", Email: "petr.kuznetsov@example.ru", Password: "Zima-Portal-2026!"}
	e.register(p)
	ctx := browser(t, desktop)

	signInStaff(t, ctx, e, operatorLogin)
	open(ctx, e.url+"/office")
	waitVisible(ctx, "f-q", stepTimeout)
	shot(t, ctx, "office")
	typeInto(ctx, "f-q", p.Phone)
	click(ctx, "btn-search")
	waitText(ctx, "#results", p.LastName, stepTimeout)
	shotBoth(t, ctx, "search")

	clickSel(ctx, "#results a.person-link")
	if !until(ctx, stepTimeout, `() => location.pathname.startsWith("/office/people/")`) {
		fatalf(ctx, "the person's page did not open: %s", location(ctx))
	}
	waitText(ctx, "#main", p.LastName, stepTimeout)
	waitVisible(ctx, "person-status", stepTimeout)
	before := waitText(ctx, "#person-status", "", stepTimeout)
	shot(t, ctx, "person")

	typeInto(ctx, "f-reason", "Заявление владельца об утере телефона")
	click(ctx, "btn-block")
	if until(ctx, 2*time.Second, visible, "btn-dialog-confirm") {
		shot(t, ctx, "block-confirm")
		click(ctx, "btn-dialog-confirm")
	}
	status := waitText(ctx, "#person-status", "Заблокирован", stepTimeout)
	waitText(ctx, "#main", "Заявление владельца об утере телефона", stepTimeout)
	t.Logf("status %q → %q", before, status)
	scrollTo(ctx, "person-status")
	shotBoth(t, ctx, "blocked")

	// The person notices: signing in is refused with the reason to call.
	click(ctx, "btn-logout")
	waitPath(ctx, "/login", stepTimeout)
	waitApp(ctx)
	typeInto(ctx, "f-login", p.Phone)
	typeInto(ctx, "f-password", p.Password)
	submit(ctx, "btn-login", "POST", "/api/v1/login")
	msg := waitText(ctx, "#form-error, .notice--danger", "заблокирован", stepTimeout)
	if p := location(ctx); !strings.HasPrefix(p, "/login") {
		t.Errorf("the blocked person got in: %s", p)
	}
	t.Logf("the blocked person reads: %q", msg)
	shot(t, ctx, "blocked-person-signs-in")
}

// A person signed in on a phone and a laptop sees both on «Сеансы и
// устройства» and signs the phone out from the laptop; the phone is then
// signed out.
func TestSignOutAnotherDevice(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	e.seedDemo()
	phoneCtx := browser(t, phone)
	laptop := browser(t, desktop)
	signIn(t, phoneCtx, e, annaLogin, demoPassword)
	signIn(t, laptop, e, annaLogin, demoPassword)

	open(laptop, e.url+"/sessions")
	waitText(laptop, "#sessions", "Это устройство", stepTimeout)
	if n := len(texts(laptop, "#sessions button[data-session]")); n != 1 {
		t.Fatalf("%d «Завершить сеанс» buttons, want 1 (the phone's)", n)
	}
	shotBoth(t, laptop, "sessions")
	clickSel(laptop, "#sessions button[data-session]")
	waitText(laptop, "#sessions-notice", "Сеанс завершён", stepTimeout)
	// The notice comes first, the reloaded list right after it.
	if !until(laptop, stepTimeout, `() => document.querySelectorAll("#sessions button[data-session]").length === 0`) {
		t.Fatalf("the phone's session is still listed (%d buttons)", len(texts(laptop, "#sessions button[data-session]")))
	}
	shot(t, laptop, "phone-signed-out")

	open(phoneCtx, e.url+"/profile")
	if !until(phoneCtx, stepTimeout, `() => location.pathname === "/login"`) {
		fatalf(phoneCtx, "the signed-out phone stayed on %s", location(phoneCtx))
	}
	shot(t, phoneCtx, "phone-at-login")
}
