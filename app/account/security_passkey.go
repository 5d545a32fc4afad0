package account

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// Passkeys on «Вход и защита»: the list (name, when added, when last
// used, synced or not), adding one on this device, removing one. Adding a
// passkey beside another factor and removing one need a step-up, which a
// passkey itself can give.

// hasSecondFactor reports whether the account has any second factor.
func hasSecondFactor(f shared.Factors) bool { return f.TOTP || f.Passkeys > 0 }

func (p *securityPage) onAddPasskey(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	p.pkNameErr = ""
	req := shared.PasskeyBeginRequest{Name: p.pkName}
	if err := req.Validate(); err != nil {
		p.pkNameErr = page.FieldTexts(err)["name"]
		ds.Focus(ctx, "f-passkey-name")
		return
	}
	p.act(ctx, actAddPasskey)
}

// addPasskey asks the server for options, lets the browser create the
// passkey (fingerprint, face or PIN) and stores it.
func (p *securityPage) addPasskey(ctx app.Context) {
	if p.busy != "" {
		return
	}
	p.busy, p.actErr, p.notice = actAddPasskey, "", ""
	name := shared.NormalizePasskeyName(p.pkName)
	page.Do(ctx, func() (shared.Passkey, error) {
		o, err := page.API().BeginPasskey(ctx, name)
		if err != nil {
			return shared.Passkey{}, err
		}
		answer, err := client.CreatePasskey(o.Options)
		if err != nil {
			return shared.Passkey{}, err
		}
		return page.API().AddPasskey(ctx, shared.PasskeyRegisterRequest{Ceremony: o.Ceremony, Name: name, Credential: answer})
	}, func(ctx app.Context, pk shared.Passkey) {
		p.succeeded()
		p.notice = t("passkey.addedNotice", pk.Name)
		p.pkName = t("passkey.defaultName")
		ds.Focus(ctx, "security-notice")
		p.reload(ctx)
	}, func(ctx app.Context, err error) {
		if p.settle(ctx, actAddPasskey, err) {
			return
		}
		if f, ok := page.FieldTexts(err)["name"]; ok {
			p.pkNameErr = f
			ds.Focus(ctx, "f-passkey-name")
			return
		}
		p.actErr = page.PasskeyErrText(err)
		ds.Focus(ctx, "form-error")
	})
}

func (p *securityPage) removePasskey(ctx app.Context) {
	if p.busy != "" || p.pkTarget == "" {
		return
	}
	p.busy, p.actErr, p.notice = actRemovePasskey, "", ""
	id := p.pkTarget
	page.Run(ctx, func() error { return page.API().RemovePasskey(ctx, id) },
		func(ctx app.Context) {
			p.succeeded()
			p.pkTarget = ""
			p.notice = t("passkey.removedNotice")
			ds.Focus(ctx, "security-notice")
			p.reload(ctx)
		}, func(ctx app.Context, err error) {
			if !p.settle(ctx, actRemovePasskey, err) {
				p.actFailed(ctx, err)
				p.reload(ctx)
			}
		})
}

// confirmStepUpPasskey gives the step-up with one of the account's
// passkeys, then runs the waiting action.
func (p *securityPage) confirmStepUpPasskey(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if p.stepBusy || p.stepFor == "" {
		return
	}
	p.stepErr, p.stepBusy = "", true
	page.Do(ctx, func() (shared.SessionInfo, error) { return page.StepUpWithPasskey(ctx) }, func(ctx app.Context, s shared.SessionInfo) {
		p.stepBusy = false
		p.stepDone(ctx, s)
	}, func(ctx app.Context, err error) {
		p.stepBusy = false
		p.stepErr = page.PasskeyErrText(err)
		ds.Focus(ctx, "stepup-error")
	})
}

func (p *securityPage) stepUsePasskey(ctx app.Context, e app.Event) {
	p.stepSwitch(p.On(ctx), shared.FactorPasskey)
	ds.Focus(ctx, "btn-stepup-passkey")
}

// passkeyCard lists the passkeys and adds one on this device.
func (p *securityPage) passkeyCard() app.UI {
	var rows []app.UI
	if p.data.Data != nil {
		for i, k := range p.data.Data.Passkeys.Items {
			used := t("passkey.neverUsed")
			if !k.LastUsedAt.IsZero() {
				used = t("passkey.lastUsed", page.FormatDateTime(k.LastUsedAt))
			}
			var synced app.UI
			if k.Synced {
				synced = ds.NewTag(ds.Info, t("passkey.synced"))
			}
			id := k.ID
			rows = append(rows, app.Li().ID("passkey-"+strconv.Itoa(i)).Class("item").Body(
				app.Div().Class("item__main").Body(
					app.Strong().Class("item__title").Text(k.Name),
					app.Text(" "), synced,
					app.P().Class("muted").Text(t("passkey.added", page.FormatDate(k.CreatedAt))+" · "+used),
				),
				ds.NewButton(t("passkey.remove")).ID("btn-passkey-remove-"+strconv.Itoa(i)).Kind(ds.DangerBtn).
					Busy(p.busy == actRemovePasskey && p.pkTarget == id, t("common.wait")).
					Label(t("passkey.removeNamed", k.Name)).
					OnClick(func(ctx app.Context, e app.Event) {
						p.pkTarget = id
						p.act(p.On(ctx), actRemovePasskey)
					}),
			))
		}
	}
	var list app.UI
	if len(rows) > 0 {
		list = app.Ul().ID("passkey-list").Class("items").Body(rows...)
	} else {
		list = app.P().ID("passkey-empty").Class("muted").Text(t("passkey.none"))
	}
	var add app.UI
	if p.canPasskey {
		add = app.Form().ID("form-passkey").Class("form").NoValidate(true).OnSubmit(p.onAddPasskey).Body(
			app.H3().Text(t("passkey.addTitle")),
			ds.NewTextField("f-passkey-name", t("passkey.name")).
				Hint(t("passkey.nameHint")).
				AutoComplete("off").
				MaxLength(shared.PasskeyNameMax).
				Value(p.pkName).Error(p.pkNameErr).
				OnChange(func(v string) { p.pkName = v }),
			ds.Actions(
				ds.NewButton(t("passkey.add")).ID("btn-passkey-add").Submit().Busy(p.busy == actAddPasskey, t("passkey.addBusy")),
			),
		)
	} else if page.KioskMode() {
		add = ds.NewNotice(ds.Info, "").ID("passkey-kiosk").Text(t("err.passkey_kiosk"))
	} else {
		add = ds.NewNotice(ds.Info, "").ID("passkey-unsupported").Text(t("passkey.unsupportedHere"))
	}
	return ds.NewCard(t("passkey.title")).ID("passkey-card").Body(
		app.H2().ID("passkeys-title").Class("sr-only").TabIndex(-1).Text(t("passkey.title")),
		app.P().Text(t("passkey.lead")),
		list,
		add,
	)
}
