package ip

import (
	"slices"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// The pages of Р21001, registration as an ИП: the person (filled from
// the account), the passport, the address, the activities, the tax
// regime and the contacts.

// text is a text field of the form bound to *v: it shows the field's
// error and saves the draft as the person types.
func (f *filingForm) text(name, label string, v *string) *ds.TextField {
	return ds.NewTextField(ds.FieldID(name), label).Error(f.f.Err(name)).Value(*v).
		OnChange(func(s string) { *v = s; f.changed(f.Self) })
}

// date is a date field bound to *v (YYYY-MM-DD).
func (f *filingForm) date(name, label string, v *string) *ds.DateField {
	return ds.NewDateField(ds.FieldID(name), label).Hint(t("field.dateHint")).Error(f.f.Err(name)).Value(*v).
		OnChange(func(s string) { *v = s; f.changed(f.Self) })
}

func (f *filingForm) regPerson() []app.UI {
	r := &f.reg
	return []app.UI{
		app.P().Class("lead").Text(t("ip.personLead")),
		f.text("lastName", t("field.lastName"), &r.LastName).AutoComplete("family-name"),
		f.text("firstName", t("field.firstName"), &r.FirstName).AutoComplete("given-name"),
		f.text("middleName", t("field.middleName"), &r.MiddleName).Optional(t("field.ifAny")).AutoComplete("additional-name"),
		f.date("birthDate", t("field.birthDate"), &r.BirthDate).AutoComplete("bday"),
		f.text("birthPlace", t("ip.birthPlace"), &r.BirthPlace).Hint(t("ip.birthPlaceHint")),
		f.text("inn", t("field.inn"), &r.INN).Hint(t("ip.innOwnHint")).InputMode("numeric").Width("20").MaxLength(14).Mask(ds.Digits),
	}
}

// passportFields are a passport's fields bound to *p.
func (f *filingForm) passportFields(p *shared.Passport) []app.UI {
	return []app.UI{
		app.Div().Class("row").Body(
			f.text("passport.series", t("field.passportSeries"), &p.Series).InputMode("numeric").Width("4").MaxLength(5),
			f.text("passport.number", t("field.passportNumber"), &p.Number).InputMode("numeric").Width("10").MaxLength(7),
		),
		f.date("passport.issuedOn", t("field.passportIssuedOn"), &p.IssuedOn),
		f.text("passport.issuedBy", t("field.passportIssuedBy"), &p.IssuedBy).Spellcheck(true),
		f.text("passport.divisionCode", t("field.passportDivision"), &p.DivisionCode).Hint(t("field.divisionHint")).
			InputMode("numeric").Width("10").MaxLength(7),
	}
}

func (f *filingForm) regPassport() []app.UI {
	return append([]app.UI{app.P().Class("lead").Text(t("ip.passportLead"))}, f.passportFields(&f.reg.Passport)...)
}

// addressFields are an address's fields bound to *a.
func (f *filingForm) addressFields(a *sharedip.Address) []app.UI {
	return []app.UI{
		f.text("address.region", t("ip.region"), &a.Region).Hint(t("ip.regionHint")).InputMode("numeric").Width("4").MaxLength(2),
		f.text("address.text", t("ip.addressText"), &a.Text).Hint(t("ip.addressHint")).AutoComplete("street-address"),
	}
}

func (f *filingForm) regAddress() []app.UI {
	return append([]app.UI{app.P().Class("lead").Text(t("ip.addressLead"))}, f.addressFields(&f.reg.Address)...)
}

func (f *filingForm) regOKVED() []app.UI {
	r := &f.reg
	return []app.UI{
		app.P().Class("lead").Text(t("ip.okvedLead")),
		f.chosenCodes(r.MainOKVED, r.OtherOKVED, func(code string) { f.setMain(&r.MainOKVED, &r.OtherOKVED, code) },
			func(code string) { f.drop(&r.MainOKVED, &r.OtherOKVED, code) }),
		f.okvedPicker(func(code string) bool { return code == r.MainOKVED || slices.Contains(r.OtherOKVED, code) },
			func(code string) { f.setMain(&r.MainOKVED, &r.OtherOKVED, code) },
			func(code string) { f.addOther(r.MainOKVED, &r.OtherOKVED, code) }),
	}
}

func (f *filingForm) regRegime() []app.UI {
	r := &f.reg
	opts := make([]ds.Option, 0, len(sharedip.Regimes))
	for _, g := range sharedip.Regimes {
		opts = append(opts, ds.Option{ID: "f-regime-" + g, Value: g, Label: t("ip.regime." + g), Hint: t("ip.regimeHint." + g)})
	}
	usn := r.Regime == sharedip.RegimeUSN6 || r.Regime == sharedip.RegimeUSN15
	return []app.UI{
		ds.NewRadios("regime", t("ip.regimeLegend")).Error(f.f.Err("regime")).Value(r.Regime).Options(opts...).
			OnChange(func(v string) { r.Regime = v; f.changed(f.Self) }),
		app.If(usn, func() app.UI {
			return ds.NewNotice(ds.Info, t("ip.usnTitle")).ID("ip-usn-notice").Body(
				app.P().Text(t("ip.usnText1")), app.P().Text(t("ip.usnText2")))
		}),
	}
}

func (f *filingForm) regContact() []app.UI {
	r := &f.reg
	return []app.UI{
		app.P().Class("lead").Text(t("ip.contactLead")),
		f.text("email", t("field.email"), &r.Email).Type("email").AutoComplete("email").Spellcheck(false),
		f.text("phone", t("field.phone"), &r.Phone).Type("tel").AutoComplete("tel").Mask(page.MaskPhone),
	}
}
