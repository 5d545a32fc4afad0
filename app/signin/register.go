package signin

import (
	"net/url"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// registerPage creates a person account: ФИО, phone, e-mail and password,
// checked in the browser with the shared validation before the request.
type registerPage struct {
	app.Compo
	live

	r shared.RegisterRequest
	f page.Form
}

// Register is the registration page (/register).
func Register() app.Composer { return &registerPage{} }

var registerOrder = []string{"lastName", "firstName", "middleName", "phone", "email", "password", "consent"}

func (p *registerPage) OnNav(ctx app.Context) {
	if page.KioskAway(ctx) {
		return
	}
	page.SetTitle(ctx, "register.title")
}

func (p *registerPage) submit(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	e.PreventDefault()
	if !p.f.Start() {
		return
	}
	req := p.r
	req.Normalize()
	if err := req.Validate(); err != nil {
		p.f.Fail(ctx, err)
		return
	}
	page.Do(ctx, func() (shared.RegisterResponse, error) { return page.API().Register(ctx, req) },
		func(ctx app.Context, res shared.RegisterResponse) {
			p.f.Done()
			q := url.Values{}
			q.Set("phone", res.Phone.ID)
			q.Set("email", res.Email.ID)
			ctx.Navigate(page.PathConfirm + "?" + q.Encode())
		}, p.f.Fail)
}

// strength rates the password against the names, phone and e-mail typed
// above it, as the API will.
func (p *registerPage) strength(pw string) ds.Strength {
	return page.StrengthFor(pw, shared.PersonalStrings(p.r.Phone, p.r.Email, p.r.LastName, p.r.FirstName, p.r.MiddleName)...)
}

func (p *registerPage) Render() app.UI {
	return page.Public(
		app.Div().Class("narrow").Body(
			ds.BackLink(page.PathHome, t("common.back")),
			ds.NewPageHead(t("register.h1")).Lead(t("register.lead")),
			p.f.Head(registerOrder),
			app.Form().ID("form-register").Class("form").Method("post").NoValidate(true).OnSubmit(p.submit).Body(
				app.FieldSet().Class("fieldset").Body(
					app.Legend().Class("fieldset__legend").Text(t("register.nameLegend")),
					ds.NewTextField("f-lastName", t("field.lastName")).
						AutoComplete("family-name").Value(p.r.LastName).Error(p.f.Err("lastName")).
						OnChange(func(v string) { p.r.LastName = v }),
					ds.NewTextField("f-firstName", t("field.firstName")).
						AutoComplete("given-name").Value(p.r.FirstName).Error(p.f.Err("firstName")).
						OnChange(func(v string) { p.r.FirstName = v }),
					ds.NewTextField("f-middleName", t("field.middleName")).Optional(t("field.ifAny")).
						AutoComplete("additional-name").Value(p.r.MiddleName).Error(p.f.Err("middleName")).
						OnChange(func(v string) { p.r.MiddleName = v }),
				),
				ds.NewTextField("f-phone", t("field.phone")).
					Hint(t("register.phoneHint")).Type("tel").InputMode("tel").AutoComplete("tel").Width("20").
					Value(p.r.Phone).Error(p.f.Err("phone")).Mask(page.MaskPhone).
					OnChange(func(v string) { p.r.Phone = v }),
				ds.NewTextField("f-email", t("field.email")).
					Hint(t("register.emailHint")).Type("email").InputMode("email").AutoComplete("email").
					Value(p.r.Email).Error(p.f.Err("email")).
					OnChange(func(v string) { p.r.Email = v }),
				ds.NewPasswordField("f-password", t("field.newPassword"), t("password.show"), t("password.hide")).
					Hint(t("password.policy")).New(t("password.strength"), p.strength).
					Value(p.r.Password).Error(p.f.Err("password")).
					OnChange(func(v string) { p.r.Password = v }),
				ds.NewCheckbox("f-consent",
					app.Text(t("register.consent")+" "),
					app.A().ID("link-privacy").Href(page.PathPrivacy).Target("_blank").Text(t("register.consentLink")),
				).Checked(p.r.Consent).Error(p.f.Err("consent")).OnChange(func(v bool) { p.r.Consent = v }),
				ds.Actions(
					ds.NewButton(t("register.submit")).ID("btn-register").Submit().Busy(p.f.Busy, t("register.busy")),
				),
			),
			app.P().Body(app.Text(t("register.haveAccount")+" "), app.A().Href(page.PathLogin).Text(t("register.login"))),
		),
	).StartOnUse(page.PathRegister)
}
