package signin

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// loginPage signs in with a login (phone, e-mail, ИНН or СНИЛС) and a
// password. ?next= is where to go afterwards, ?expired=1 says the session
// ended from inactivity, ?out=1 confirms a sign-out. When the account has a
// second factor the same page then asks for the code from the
// authenticator app (or a recovery code); the ticket of that step lives
// only in the component, never in the URL.
type loginPage struct {
	app.Compo
	live

	next     string
	expired  bool
	out      bool
	login    string
	password string
	f        page.Form

	// the second step (login_factor.go, login_lost.go)
	step      *shared.SecondFactorStep // the second-factor step, nil at the password
	method    string                   // shared.FactorTOTP or shared.FactorRecovery
	code      string
	codeErr   string    // inline error of the code field
	sf        page.Form // busy state and form-level error of the second step
	restarted string    // why the person is back at the password (ticket expired, too many codes)
	lostDone  bool      // «нет доступа к второму фактору» was filed

	// passkeys (login_passkey.go)
	passkeys bool      // the browser can use passkeys (known only once running)
	pk       page.Form // busy state and error of «Войти с ключом доступа»

	// SMS codes (login_sms.go)
	sms     *shared.Challenge // the SMS code of this sign-in, once sent
	smsErr  string
	smsBusy bool

	// the phone's approval (login_push.go)
	push       *shared.QRTicket // the request sent to the phone
	pushStatus string
	pushReason string
	pushErr    string
	pushLife   page.Lifetime // the wait for the phone
}

// Login is the sign-in page (/login).
func Login() app.Composer { return &loginPage{} }

func (p *loginPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "login.title")
	q := ctx.Page().URL().Query()
	p.next = page.SafeNext(q.Get("next"))
	p.expired = q.Get("expired") == "1"
	p.out = q.Get("out") == "1"
	if app.IsClient {
		p.passkeys = client.PasskeySupported() && !page.KioskMode() // a shared screen keeps no one's keys
		p.offerAutofill(ctx)
	} else {
		// The prerendered page offers passkeys too, as nearly every browser
		// can use them: the page does not grow under the person's eyes when
		// the app takes it over (only where passkeys are unsupported does
		// the offer go away then).
		p.passkeys = true
	}
}

// OnDismount stops offering passkeys in the login field's autofill.
func (p *loginPage) OnDismount() {
	p.live.OnDismount()
	p.pushLife.End()
	client.AbortPasskey()
}

func (p *loginPage) submit(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	e.PreventDefault()
	if !p.f.Start() {
		return
	}
	req := shared.LoginRequest{Login: p.login, Password: p.password}
	req.Normalize()
	if err := req.Validate(); err != nil {
		p.f.Fail(ctx, err)
		return
	}
	p.restarted = ""
	type answer struct {
		sess shared.SessionInfo
		step *shared.SecondFactorStep
	}
	page.Do(ctx, func() (answer, error) {
		sess, step, err := page.API().Login(ctx, req)
		return answer{sess, step}, err
	}, func(ctx app.Context, a answer) {
		p.f.Done()
		if a.step != nil {
			p.askFactor(ctx, a.step)
			return
		}
		ctx.Navigate(page.Landing(p.next, a.sess))
	}, func(ctx app.Context, err error) {
		p.f.Fail(ctx, err)
		switch {
		case p.f.Code == shared.CodePasswordLocked:
			p.f.Message = t("login.locked")
		case p.f.Code == shared.CodeRateLimited && p.f.Retry > 0:
			p.f.Message = t("login.rateLimited", ds.MinSec(p.f.Retry))
		}
	})
}

// failure is what follows the form error when a sentence is not enough: a
// locked password is unlocked by recovering it.
func (p *loginPage) failure() []app.UI {
	if p.f.Code == shared.CodePasswordLocked || p.f.Code == shared.CodeFactorLocked {
		return []app.UI{app.P().Body(app.A().ID("link-recover-locked").Href(page.PathRecover).Text(t("login.lockedLink")))}
	}
	return nil
}

func (p *loginPage) Render() app.UI {
	if p.step != nil {
		switch p.method {
		case shared.FactorPasskey:
			return page.Public(app.Div().Class("narrow").Body(p.passkeyStep()))
		case shared.FactorPush:
			return page.Public(app.Div().Class("narrow").Body(p.pushStep()))
		case methodLost:
			return page.Public(app.Div().Class("narrow").Body(p.lostStep()))
		}
		return page.Public(app.Div().Class("narrow").Body(p.factorStep()))
	}
	if page.KioskMode() {
		return page.Public(p.kioskLayout())
	}
	return page.Public(app.Div().Class("login-layout").Body(
		app.Div().Class("narrow login-layout__main").Body(
			p.notices(),
			ds.NewPageHead(t("login.h1")).Lead(t("login.lead")),
			p.passwordForm(),
			p.passkeyButton(),
			&keyLogin{Inext: p.next},
			app.Ul().Class("links").Body(
				app.Li().Body(app.A().ID("link-recover").Href(page.PathRecover).Text(t("login.recover"))),
				app.Li().Body(app.Text(t("login.noAccount")+" "), app.A().ID("link-register").Href(page.PathRegister).Text(t("login.register"))),
			),
		),
		app.Aside().Class("login-layout__qr").Body(&qrLogin{Inext: p.next}),
	)).StartOnUse(page.PathLogin)
}

// kioskLayout is the sign-in screen of a kiosk: the QR code first and
// large (nobody has to type on a shared screen), the password second. No
// registration and no passkeys: a kiosk is not the visitor's own device.
func (p *loginPage) kioskLayout() app.UI {
	return app.Div().Class("login-layout login-layout--kiosk").Body(
		app.Div().Class("login-layout__head").Body(p.notices(), ds.NewPageHead(t("login.h1"))),
		app.Div().Class("login-layout__qr").Body(&qrLogin{Inext: p.next}),
		app.Section().ID("password-login").Class("login-layout__main").Aria("labelledby", "password-title").Body(
			app.H2().ID("password-title").Text(t("kiosk.passwordH2")),
			app.P().Class("muted").Text(t("kiosk.passwordLead")),
			p.passwordForm(),
			app.Ul().Class("links").Body(
				app.Li().Body(app.A().ID("link-recover").Href(page.PathRecover).Text(t("login.recover"))),
			),
		),
	)
}

// notices say why the person is at the sign-in page again.
func (p *loginPage) notices() app.UI {
	return app.Div().Body(
		app.If(p.restarted != "", func() app.UI {
			return ds.NewNotice(ds.Warning, t("login.restartTitle")).ID("notice-restart").Text(p.restarted)
		}),
		app.If(p.expired && p.restarted == "", func() app.UI {
			return ds.NewNotice(ds.Warning, t("login.expiredTitle")).ID("notice-expired").Text(t("login.expiredText"))
		}),
		app.If(p.out, func() app.UI {
			return ds.NewNotice(ds.Success, t("login.outTitle")).ID("notice-out")
		}),
	)
}

// passwordForm is the login and the password, with the form's errors.
func (p *loginPage) passwordForm() app.UI {
	return app.Div().Body(
		p.f.Head([]string{"login", "password"}, p.failure()...),
		app.Form().ID("form-login").Class("form").Method("post").NoValidate(true).OnSubmit(p.submit).Body(
			ds.NewTextField("f-login", t("login.login")).
				Hint(t("login.loginHint")).
				AutoComplete(p.loginAutocomplete()).
				InputMode(p.loginMode()).
				Value(p.login).
				Error(p.f.Err("login")).
				OnChange(func(v string) { p.login = v }),
			ds.NewPasswordField("f-password", t("login.password"), t("password.show"), t("password.hide")).
				Value(p.password).
				Error(p.f.Err("password")).
				OnChange(func(v string) { p.password = v }),
			ds.Actions(
				ds.NewButton(t("login.submit")).ID("btn-login").Submit().Busy(p.f.Busy, t("login.busy")),
			),
		),
	)
}

// loginMode asks a kiosk's keyboard for Latin letters first: most logins
// are e-mail addresses; phones and numbers are on its top row.
func (p *loginPage) loginMode() string {
	if page.KioskMode() {
		return "email"
	}
	return ""
}

// loginAutocomplete offers saved passkeys in the login field's autofill,
// but not on a kiosk, whose browser holds nobody's keys.
func (p *loginPage) loginAutocomplete() string {
	if page.KioskMode() {
		return "off"
	}
	return "username webauthn"
}
