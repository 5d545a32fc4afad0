package ip

import (
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// The pages of Р24001, changes to the record: the activities (add,
// remove, a new main one), the passport and the address; each page can
// be passed with no change.

func (f *filingForm) chgOKVED() []app.UI {
	c := &f.chg
	setMain := func(code string) {
		c.MainOKVED = code
		c.AddOKVED = slices.DeleteFunc(c.AddOKVED, func(x string) bool { return x == code })
		c.RemoveOKVED = slices.DeleteFunc(c.RemoveOKVED, func(x string) bool { return x == code })
	}
	drop := func(code string) {
		if c.MainOKVED == code {
			c.MainOKVED = ""
			return
		}
		c.AddOKVED = slices.DeleteFunc(c.AddOKVED, func(x string) bool { return x == code })
	}
	add := func(code string) { f.addOther(c.MainOKVED, &c.AddOKVED, code) }
	var current app.UI
	var removable []ds.Option
	if r := f.Record; r != nil {
		current = app.P().ID("ip-current-main").Body(app.Text(t("ip.currentMain")+" "), okvedText(r.MainOKVED))
		for _, o := range r.OtherOKVED {
			removable = append(removable, ds.Option{ID: "f-remove-" + dashed(o.Code), Value: o.Code, Label: o.Code + " " + o.Name})
		}
	}
	return []app.UI{
		app.P().Class("lead").Text(t("ip.changeOkvedLead")),
		current,
		f.chosenCodes(c.MainOKVED, c.AddOKVED, setMain, drop),
		f.okvedPicker(func(code string) bool { return code == c.MainOKVED || slices.Contains(c.AddOKVED, code) }, setMain, add),
		app.If(len(removable) > 0, func() app.UI {
			return ds.NewCheckboxes("removeOkved", t("ip.removeLegend")).Hint(t("ip.removeHint")).Error(f.f.Err("removeOkved")).
				Values(c.RemoveOKVED).Options(removable...).
				OnChange(func(v []string) { c.RemoveOKVED = v; f.changed(f.Self) })
		}),
	}
}

func (f *filingForm) chgPassport() []app.UI {
	c := &f.chg
	body := []app.UI{
		ds.NewCheckbox("f-change-passport", app.Text(t("ip.changePassport"))).Checked(c.Passport != nil).
			OnChange(func(on bool) {
				c.Passport = nil
				if on {
					c.Passport = &shared.Passport{}
				}
				f.changed(f.Self)
			}),
	}
	if c.Passport != nil {
		body = append(body, f.passportFields(c.Passport)...)
	}
	return body
}

func (f *filingForm) chgAddress() []app.UI {
	c := &f.chg
	body := []app.UI{
		app.If(f.Record != nil, func() app.UI {
			return app.P().ID("ip-current-address").Text(t("ip.currentAddress") + " " + addressText(f.Record.Address))
		}),
		ds.NewCheckbox("f-change-address", app.Text(t("ip.changeAddress"))).Checked(c.Address != nil).
			OnChange(func(on bool) {
				c.Address = nil
				if on {
					c.Address = &sharedip.Address{}
				}
				f.changed(f.Self)
			}),
	}
	if c.Address != nil {
		body = append(body, f.addressFields(c.Address)...)
	}
	return body
}

// The page of Р26001: the warnings the registry gives, read and
// acknowledged.
func (f *filingForm) cloWarnings() []app.UI {
	var ws []app.UI
	for _, w := range f.Filing.Warnings {
		ws = append(ws, app.Li().Text(t(w)))
	}
	return []app.UI{
		app.P().Class("lead").Text(t("ip.closureLead")),
		app.If(len(ws) > 0, func() app.UI {
			return ds.NewNotice(ds.Warning, t("ip.closureWarnings")).ID("ip-closure-warnings").Body(app.Ul().Body(ws...))
		}),
		app.P().Text(t("ip.closureAfter")),
		ds.NewCheckbox("f-acknowledged", app.Text(t("ip.closureAck"))).Checked(f.clo.Acknowledged).Error(f.f.Err("acknowledged")).
			OnChange(func(on bool) { f.clo.Acknowledged = on; f.changed(f.Self) }),
	}
}

// dashed is a code as a part of an element's id.
func dashed(code string) string { return strings.ReplaceAll(code, ".", "-") }
