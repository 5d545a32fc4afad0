package account

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

var profileOrder = []string{
	"lastName", "firstName", "middleName", "birthDate", "inn", "snils",
	"passport.series", "passport.number", "passport.issuedOn", "passport.issuedBy", "passport.divisionCode",
}

// keepEdit keeps the edit form's draft while the form is open: personal
// data only, never the password form below it.
func (p *profilePage) keepEdit(ctx app.Context, s shared.SessionInfo) {
	if !p.editing {
		p.kept.Stop()
		return
	}
	page.KeepDraft(ctx, &p.kept, s.Account.ID, "profile.edit",
		func() shared.ProfileRequest { return p.edit },
		func(r shared.ProfileRequest) { p.edit = r },
		func(ctx app.Context) { p.edit = requestOf(*p.me.Data) })
}

// requestOf fills the edit form from the account.
func requestOf(a shared.Account) shared.ProfileRequest {
	r := shared.ProfileRequest{
		LastName: a.LastName, FirstName: a.FirstName, MiddleName: a.MiddleName,
		BirthDate: a.BirthDate, INN: a.INN, SNILS: a.SNILS,
	}
	if r.SNILS != "" {
		r.SNILS = page.FormatSNILS(r.SNILS)
	}
	if a.Passport != nil {
		r.Passport = *a.Passport
	}
	return r
}

// save sends the edited data after the API's own checks, run first here.
func (p *profilePage) save(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	e.PreventDefault()
	if !p.f.Start() {
		return
	}
	r := p.edit
	r.Normalize()
	if err := r.Validate(); err != nil {
		p.f.Fail(ctx, err)
		return
	}
	p.send(ctx, r)
}

// send saves the profile; a change of ИНН or СНИЛС (sign-in identifiers)
// may first ask for the password again, and is sent again after it.
func (p *profilePage) send(ctx app.Context, r shared.ProfileRequest) {
	page.Do(ctx, func() (shared.Account, error) { return page.API().UpdateProfile(ctx, r) },
		func(ctx app.Context, acc shared.Account) {
			p.f.Done()
			p.me.Status, p.me.Data = page.Loaded, &acc
			qMe.Put(ctx, &acc)
			p.kept.Done(ctx)
			p.showToast(ctx, t("profile.saved"))
			ctx.Navigate(page.PathProfile)
			ds.Focus(ctx, "h1") // start reading from the top, not where the form was
		},
		func(ctx app.Context, err error) {
			if p.askReauth(ctx, err, func(ctx app.Context) { p.f.Busy = true; p.send(ctx, r) }) {
				p.f.Busy = false // «Сохранить» works again if the dialog is closed
				return
			}
			p.f.Fail(ctx, err)
		})
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
