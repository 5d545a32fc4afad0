package account

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// Actions of the security page that need a fresh second factor (step-up).
const (
	actRemoveTOTP    = "remove"
	actRenewCodes    = "renew"
	actStartTOTP     = "start"
	actAddPasskey    = "passkey-add"
	actRemovePasskey = "passkey-remove"
	actStartSMS      = "sms-start"
	actRemoveSMS     = "sms-remove"
	actChangeContact = "contact"
)

// securityPage («Вход и защита») shows the second factors and manages
// them: connect an authenticator app (QR code, key, first code), show the
// recovery codes once, renew them, remove the app. Removing and renewing
// need a fresh second factor: when the API asks for one, a dialog takes the
// code (POST /me/step-up) and the action continues by itself.
type securityPage struct {
	app.Compo
	live
	authed
	reauth

	data   page.Remote[*securityData] // the factors and the passkeys
	notice string                     // what just succeeded
	busy   string                     // "start", "confirm", actRemoveTOTP or actRenewCodes
	actErr string                     // an action's error

	// the authenticator app and the recovery codes (security_totp.go)
	enrol   *shared.TOTPEnrolment // the app being connected
	code    string
	codeErr string

	codes   []string // recovery codes, shown once
	renewed bool     // they replace older ones

	// the step-up dialog (security_stepup.go)
	stepFor    string // the action waiting for a step-up; "" while the dialog is closed
	stepMethod string
	stepCode   string
	stepErr    string
	stepBusy   bool
	stepped    bool // a step-up was just confirmed: do not ask again in a loop

	// passkeys (security_passkey.go)
	pkName     string // name of the passkey being added
	pkNameErr  string
	pkTarget   string // id of the passkey being removed
	canPasskey bool   // the browser can create passkeys

	// SMS codes (security_sms.go)
	smsEnrol   *shared.Challenge // the code that switches SMS codes on, once sent
	smsCode    string
	smsCodeErr string
	stepSMS    *shared.Challenge // the step-up code by SMS, once sent

	// this phone as an approver (security_push.go)
	pushSt   page.Remote[*shared.PushStatus] // this session as an approver of sign-ins
	pushBusy bool
	pushErr  string

	// a new phone or e-mail (security_contact.go)
	contactFor      string // "sms" or "email" while changing it
	contactValue    string
	contactPassword string
	contactCh       *shared.Challenge // the code sent to the new contact
	contactCode     string
	contactF        page.Form
}

// Security is «Вход и защита» (/security): second factors, passkeys, contacts.
func Security() app.Composer { return &securityPage{} }

func (p *securityPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "security.title")
	p.notice, p.actErr, p.busy = "", "", ""
	p.enrol, p.code, p.codeErr, p.codes, p.renewed = nil, "", "", nil, false
	p.stepFor, p.stepCode, p.stepErr, p.stepBusy, p.stepped = "", "", "", false, false
	p.pkName, p.pkNameErr, p.pkTarget = t("passkey.defaultName"), "", ""
	p.smsEnrol, p.smsCode, p.smsCodeErr, p.stepSMS = nil, "", "", nil
	p.pushBusy, p.pushErr = false, ""
	p.contactFor, p.contactCh, p.contactF = "", nil, page.Form{}
	p.canPasskey = client.PasskeySupported() && !page.KioskMode() // a shared screen keeps no one's keys
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) { p.reload(p.On(ctx)); p.loadPush(p.On(ctx)) })
}

// reload loads the factors and the passkeys; an account that has a
// second factor (or needs none) no longer gets the warning of the frame.
func (p *securityPage) reload(ctx app.Context) {
	qSecurity.Load(ctx, &p.data).OnChange(func() {
		if f := p.factors(); f != nil && p.data.Status == page.Loaded && p.Sess != nil && (hasSecondFactor(*f) || !f.Required) {
			p.Sess.NeedsFactor = false
		}
	})
}

// factors are the account's second factors; nil until loaded.
func (p *securityPage) factors() *shared.Factors {
	if p.data.Data == nil {
		return nil
	}
	return &p.data.Data.Factors
}

// act runs a sensitive action. The server decides whether the last second
// factor is fresh enough (StepUpUntil in the future: it just happens);
// when it answers step_up_required, the dialog asks for a code and then
// runs the action again.
func (p *securityPage) act(ctx app.Context, action string) {
	switch action {
	case actStartTOTP:
		p.doStartTOTP(ctx)
		return
	case actAddPasskey:
		p.addPasskey(ctx)
		return
	case actRemovePasskey:
		p.removePasskey(ctx)
		return
	case actStartSMS:
		p.startSMS(ctx)
		return
	case actRemoveSMS:
		p.removeSMS(ctx)
		return
	case actChangeContact:
		p.startContact(ctx)
		return
	}
	if p.busy != "" {
		return
	}
	p.busy, p.actErr, p.notice = action, "", ""
	page.Do(ctx, func() (rc shared.RecoveryCodes, err error) {
		if action == actRemoveTOTP {
			return rc, page.API().RemoveTOTP(ctx)
		}
		return page.API().RenewRecoveryCodes(ctx)
	}, func(ctx app.Context, rc shared.RecoveryCodes) {
		p.succeeded()
		if action == actRemoveTOTP {
			p.notice = t("security.removedNotice")
			ds.Focus(ctx, "security-notice")
		} else {
			p.codes, p.renewed = rc.Codes, true
			ds.Focus(ctx, "recovery-title")
		}
		p.reload(ctx)
	}, func(ctx app.Context, err error) {
		if !p.settle(ctx, action, err) {
			p.actFailed(ctx, err)
			p.reload(ctx)
		}
	})
}

// actFailed shows why an action failed, above the cards.
func (p *securityPage) actFailed(ctx app.Context, err error) {
	p.actErr = page.ErrText(err)
	ds.Focus(ctx, "form-error")
}

// succeeded ends a sensitive action's request that went through.
func (p *securityPage) succeeded() { p.busy, p.stepped = "", false }

// settle ends a sensitive action's failed request: the busy state goes,
// and the errors the page handles the same way are handled — the server
// asking for a fresh second factor (the step-up dialog, once; the action
// runs again after it) or the password. It reports whether err was
// handled so; any other error is the caller's to show. (A session that
// ended went to the sign-in page in page.Do.)
func (p *securityPage) settle(ctx app.Context, action string, err error) bool {
	p.busy = ""
	stepped := p.stepped
	p.stepped = false
	switch {
	case shared.ErrorCode(err) == shared.CodeStepUpRequired && !stepped:
		p.askStepUp(ctx, action)
		return true
	case !stepped && p.askReauth(ctx, err, func(ctx app.Context) { p.stepped = true; p.act(ctx, action) }):
		return true
	}
	return false
}

func (p *securityPage) Render() app.UI {
	head := []app.UI{
		ds.BackLink(page.PathCabinet, t("common.toCabinet")),
		ds.NewPageHead(t("security.title")).Lead(t("security.lead")),
	}
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavSecurity, append(head, g)...)
	}
	body := head
	failed := p.data.Status == page.Failed
	if failed {
		body = append(body, ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("form-error").Text(p.data.Err))
	}
	if p.codes != nil {
		return page.Private(p.Sess, page.NavSecurity, append(body, p.codesView()...)...)
	}
	if p.notice != "" {
		body = append(body, ds.NewNotice(ds.Success, p.notice).ID("security-notice"))
	}
	if p.actErr != "" {
		body = append(body, ds.NewNotice(ds.Danger, "").ID("form-error").Text(p.actErr))
	}
	if p.factors() == nil {
		if !failed {
			body = append(body, ds.NewSkeleton(4, t("common.loading")))
		}
		return page.Private(p.Sess, page.NavSecurity, body...)
	}
	f := *p.factors()
	if f.Required && !hasSecondFactor(f) {
		body = append(body, ds.NewNotice(ds.Warning, t("security.needTitle")).ID("notice-need-factor").Text(t("security.needText")))
	}
	body = append(body, p.passkeyCard())
	body = append(body, p.factorCard(f))
	if p.enrol != nil {
		body = append(body, p.setupView(*p.enrol))
	}
	body = append(body, p.smsCard(f), p.pushCard(), p.contactCard(f))
	body = append(body, &keyCerts{})
	body = append(body,
		app.H2().Text(t("security.moreTitle")),
		app.Ul().Class("shortcuts").Body(
			ds.Shortcut(page.PathSessions, t("security.toSessions"), t("security.toSessionsText")),
			ds.Shortcut(page.PathProfile, t("security.toPassword"), t("security.toPasswordText")),
			ds.Shortcut(page.PathJournal, t("cabinet.toJournal"), t("cabinet.toJournalText")),
		),
		p.stepUpDialog(),
		p.reauthDialog(),
	)
	return page.Private(p.Sess, page.NavSecurity, body...)
}
