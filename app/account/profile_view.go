package account

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// readView is the summary of the person's data with change links, the
// level and status, and the password form.
func (p *profilePage) readView(a shared.Account) []app.UI {
	change := func(key, field string) (string, string, string) {
		return t("common.change"), page.PathProfileEdt + "#" + ds.FieldID(field), t(key)
	}
	row := func(key string, value app.UI, field string) ds.Row {
		r := ds.Row{Key: t(key), Value: value}
		if field != "" {
			r.ActionText, r.ActionHref, r.ActionHint = change(key, field)
		}
		return r
	}
	contact := func(value string, ok bool) app.UI {
		return app.Span().Class("contact").Body(app.Span().Text(value), app.Text(" "), page.ConfirmedTag(ok))
	}
	rows := []ds.Row{
		row("profile.name", page.OrDash(a.FullName()), "lastName"),
		row("field.birthDate", page.OrDash(page.FormatISODate(a.BirthDate)), "birthDate"),
		row("field.phone", contact(page.FormatPhone(a.Phone), a.PhoneConfirmed), ""),
		row("field.email", contact(a.Email, a.EmailConfirmed), ""),
		row("field.inn", page.OrDash(a.INN), "inn"),
		row("field.snils", page.OrDash(page.SNILSText(a.SNILS)), "snils"),
		row("profile.passport", page.PassportText(a.Passport), "passport.series"),
	}
	unconfirmed := !a.PhoneConfirmed || !a.EmailConfirmed
	return []app.UI{
		ds.BackLink(page.PathCabinet, t("common.toCabinet")),
		ds.NewPageHead(t("profile.title")).Lead(t("profile.lead")),
		app.Div().Class("tags").Body(
			app.Span().Class("tags__item").Body(app.Text(t("profile.level")+": "), page.LevelTag(a.Level)),
			app.Span().Class("tags__item").Body(app.Text(t("profile.status")+": "), page.StatusTag(a.Status)),
		),
		app.If(a.StatusReason != "", func() app.UI {
			return ds.NewNotice(page.StatusKind(a.Status), t("status."+string(a.Status))).Text(page.ReasonText(a.StatusReason))
		}),
		app.If(unconfirmed, func() app.UI {
			return ds.NewNotice(ds.Warning, t("profile.unconfirmedTitle")).Body(
				app.P().Text(t("profile.unconfirmedText")),
				app.P().Body(app.A().Href(page.PathConfirm).Text(t("cabinet.confirmContacts"))),
			)
		}),
		ds.Actions(
			ds.NewButton(t("profile.edit")).ID("btn-profile-edit").Href(page.PathProfileEdt),
		),
		ds.NewSummaryList(rows...).ID("profile-summary"),
		app.P().Class("muted").Text(t("profile.contactsNote")),
		p.passwordForm(),
	}
}

func (p *profilePage) passwordForm() app.UI {
	return ds.NewCard(t("profile.passwordTitle")).ID("password-card").Body(
		p.pf.Head([]string{"current", "password"}),
		app.Form().ID("form-password").Class("form").NoValidate(true).OnSubmit(p.changePassword).Body(
			ds.NewPasswordField("f-current", t("profile.currentPassword"), t("password.show"), t("password.hide")).
				Value(p.current).Error(p.pf.Err("current")).
				OnChange(func(v string) { p.current = v }),
			ds.NewPasswordField("f-password", t("field.newPassword"), t("password.show"), t("password.hide")).
				Hint(t("password.policy")).New(t("password.strength"), page.Strength).
				Value(p.newPw).Error(p.pf.Err("password")).
				OnChange(func(v string) { p.newPw = v }),
			ds.Actions(
				ds.NewButton(t("profile.passwordSave")).ID("btn-password-save").Submit().Busy(p.pf.Busy, t("common.saving")),
			),
		),
	)
}

// editView is the form of personal data.
func (p *profilePage) editView() []app.UI {
	r := &p.edit
	field := func(name, label string) *ds.TextField {
		return ds.NewTextField(ds.FieldID(name), label).Error(p.f.Err(name))
	}
	return []app.UI{
		ds.BackLink(page.PathProfile, t("profile.back")),
		ds.NewPageHead(t("profile.editTitle")).Lead(t("profile.editLead")),
		p.kept.Notice(),
		p.f.Head(profileOrder),
		app.Form().ID("form-profile").Class("form").NoValidate(true).OnSubmit(p.save).Body(
			app.FieldSet().Class("fieldset").Body(
				app.Legend().Class("fieldset__legend").Text(t("register.nameLegend")),
				field("lastName", t("field.lastName")).AutoComplete("family-name").Value(r.LastName).
					OnChange(func(v string) { r.LastName = v }),
				field("firstName", t("field.firstName")).AutoComplete("given-name").Value(r.FirstName).
					OnChange(func(v string) { r.FirstName = v }),
				field("middleName", t("field.middleName")).Optional(t("field.ifAny")).AutoComplete("additional-name").
					Value(r.MiddleName).OnChange(func(v string) { r.MiddleName = v }),
			),
			ds.NewDateField("f-birthDate", t("field.birthDate")).Hint(t("field.dateHint")).AutoComplete("bday").
				Value(r.BirthDate).Error(p.f.Err("birthDate")).OnChange(func(v string) { r.BirthDate = v }),
			field("inn", t("field.inn")).Hint(t("field.innHint")).InputMode("numeric").Width("20").MaxLength(14).
				Value(r.INN).Mask(ds.Digits).OnChange(func(v string) { r.INN = v }),
			field("snils", t("field.snils")).Hint(t("field.snilsHint")).InputMode("numeric").Width("20").MaxLength(14).
				Value(r.SNILS).Mask(page.MaskSNILS).OnChange(func(v string) { r.SNILS = v }),
			app.FieldSet().Class("fieldset").Body(
				app.Legend().Class("fieldset__legend").Text(t("profile.passport")),
				app.P().Class("field__hint").Text(t("profile.passportHint")),
				app.Div().Class("row").Body(
					field("passport.series", t("field.passportSeries")).InputMode("numeric").Width("4").MaxLength(5).
						Value(r.Passport.Series).OnChange(func(v string) { r.Passport.Series = v }),
					field("passport.number", t("field.passportNumber")).InputMode("numeric").Width("10").MaxLength(7).
						Value(r.Passport.Number).OnChange(func(v string) { r.Passport.Number = v }),
				),
				ds.NewDateField("f-passport-issuedOn", t("field.passportIssuedOn")).Hint(t("field.dateHint")).
					Value(r.Passport.IssuedOn).Error(p.f.Err("passport.issuedOn")).
					OnChange(func(v string) { r.Passport.IssuedOn = v }),
				field("passport.issuedBy", t("field.passportIssuedBy")).Spellcheck(true).
					Value(r.Passport.IssuedBy).OnChange(func(v string) { r.Passport.IssuedBy = v }),
				field("passport.divisionCode", t("field.passportDivision")).Hint(t("field.divisionHint")).
					InputMode("numeric").Width("10").MaxLength(7).
					Value(r.Passport.DivisionCode).OnChange(func(v string) { r.Passport.DivisionCode = v }),
			),
			ds.Actions(
				ds.NewButton(t("profile.save")).ID("btn-profile-save").Submit().Busy(p.f.Busy, t("common.saving")),
				app.A().ID("link-profile-cancel").Class("button button--link").Href(page.PathProfile).
					OnClick(func(ctx app.Context, e app.Event) { p.kept.Done(ctx) }).Text(t("common.cancel")),
			),
		),
	}
}
