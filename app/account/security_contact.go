package account

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// «Телефон и почта»: changing the phone or the e-mail that sign in and get
// the codes. A code goes to the new contact; the old one is told. With a
// second factor the change waits for a step-up (the dialog of this page);
// without one the current password proves the owner.

func (p *securityPage) onChangePhone(ctx app.Context, e app.Event) {
	p.openContact(p.On(ctx), shared.ChannelSMS)
}

func (p *securityPage) onChangeEmail(ctx app.Context, e app.Event) {
	p.openContact(p.On(ctx), shared.ChannelEmail)
}

func (p *securityPage) openContact(ctx app.Context, channel string) {
	p.contactFor, p.contactValue, p.contactPassword, p.contactCh, p.contactCode = channel, "", "", nil, ""
	p.contactF = page.Form{}
	page.ClearInputs("f-contact-value", "f-contact-password")
	ds.Focus(ctx, "f-contact-value")
}

func (p *securityPage) onCancelContact(ctx app.Context, e app.Event) {
	p.contactFor, p.contactCh = "", nil
	p.contactF = page.Form{}
}

func (p *securityPage) onSubmitContact(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	req := shared.ContactChangeRequest{Channel: p.contactFor, Value: p.contactValue, Password: p.contactPassword}
	p.contactF.Clear()
	if err := req.Validate(); err != nil {
		p.contactF.Fail(ctx, err)
		return
	}
	p.act(ctx, actChangeContact)
}

// startContact asks for the code to the new contact.
func (p *securityPage) startContact(ctx app.Context) {
	if p.busy != "" || p.contactFor == "" {
		return
	}
	p.busy = actChangeContact
	req := shared.ContactChangeRequest{Channel: p.contactFor, Value: p.contactValue, Password: p.contactPassword}
	page.Do(ctx, func() (shared.Challenge, error) { return page.API().StartContactChange(ctx, req) },
		func(ctx app.Context, ch shared.Challenge) {
			p.succeeded()
			p.contactCh, p.contactCode = &ch, ""
			ds.Focus(ctx, "f-contact-code")
		}, func(ctx app.Context, err error) {
			if !p.settle(ctx, actChangeContact, err) {
				p.contactF.Fail(ctx, err)
			}
		})
}

func (p *securityPage) onConfirmContact(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	if p.contactCh == nil || !p.contactF.Start() {
		return
	}
	req := shared.VerifyRequest{ChallengeID: p.contactCh.ID, Code: shared.Digits(p.contactCode)}
	if err := req.Validate(); err != nil {
		p.contactF.Fail(ctx, err)
		return
	}
	page.Do(ctx, func() (shared.Account, error) { return page.API().ConfirmContactChange(ctx, req) },
		func(ctx app.Context, acc shared.Account) {
			p.contactF.Done()
			if p.Sess != nil {
				p.Sess.Account = acc
			}
			key := "contact.phoneChanged"
			if p.contactFor == shared.ChannelEmail {
				key = "contact.emailChanged"
			}
			p.contactFor, p.contactCh = "", nil
			p.notice = t(key)
			ds.Focus(ctx, "security-notice")
		}, p.contactF.Fail)
}

func (p *securityPage) contactCard(f shared.Factors) app.UI {
	if p.Sess == nil {
		return nil
	}
	a := p.Sess.Account
	rows := []ds.Row{
		{Key: t("field.phone"), Value: app.Span().ID("contact-phone").Text(page.FormatPhone(a.Phone))},
		{Key: t("field.email"), Value: app.Span().ID("contact-email").Text(a.Email)},
	}
	body := []app.UI{ds.NewSummaryList(rows...)}
	switch {
	case p.contactFor == "":
		body = append(body, ds.Actions(
			ds.NewButton(t("contact.changePhone")).ID("btn-change-phone").Kind(ds.Secondary).OnClick(p.onChangePhone),
			ds.NewButton(t("contact.changeEmail")).ID("btn-change-email").Kind(ds.Secondary).OnClick(p.onChangeEmail),
		))
	case p.contactCh == nil:
		label, hint := t("contact.newPhone"), t("contact.newPhoneHint")
		if p.contactFor == shared.ChannelEmail {
			label, hint = t("contact.newEmail"), t("contact.newEmailHint")
		}
		field := ds.NewTextField("f-contact-value", label).Hint(hint).Value(p.contactValue).Error(p.contactF.Err("value")).
			OnChange(func(v string) { p.contactValue = v })
		if p.contactFor == shared.ChannelSMS {
			field = field.Type("tel").AutoComplete("tel")
		} else {
			field = field.Type("email").AutoComplete("email")
		}
		parts := []app.UI{p.contactF.Head([]string{"value", "password"}), field}
		if !hasSecondFactor(f) {
			parts = append(parts, ds.NewPasswordField("f-contact-password", t("profile.currentPassword"), t("password.show"), t("password.hide")).
				Value(p.contactPassword).Error(p.contactF.Err("password")).OnChange(func(v string) { p.contactPassword = v }))
		}
		parts = append(parts, ds.Actions(
			ds.NewButton(t("contact.send")).ID("btn-contact-send").Submit().Busy(p.busy == actChangeContact, t("common.wait")),
			ds.NewButton(t("common.cancel")).ID("btn-contact-cancel").Kind(ds.Secondary).OnClick(p.onCancelContact),
		))
		body = append(body, app.Form().ID("form-contact").Class("form").NoValidate(true).OnSubmit(p.onSubmitContact).Body(parts...))
	default:
		body = append(body, app.Form().ID("form-contact-code").Class("form").NoValidate(true).OnSubmit(p.onConfirmContact).Body(
			p.contactF.Head([]string{"code"}),
			app.P().ID("contact-sent").Text(t("login.smsSent", p.contactCh.Destination)),
			ds.NewTextField("f-contact-code", t("contact.code")).InputMode("numeric").AutoComplete("one-time-code").Width("10").MaxLength(7).
				Value(p.contactCode).Error(p.contactF.Err("code")).OnChange(func(v string) { p.contactCode = v }),
			ds.Actions(
				ds.NewButton(t("contact.confirm")).ID("btn-contact-confirm").Submit().Busy(p.contactF.Busy, t("common.checking")),
				ds.NewButton(t("common.cancel")).ID("btn-contact-cancel").Kind(ds.Secondary).OnClick(p.onCancelContact),
			),
		))
	}
	return ds.NewCard(t("contact.title")).ID("contact-card").Body(body...)
}
