package ip

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// The signature's step-up: the security page's second-factor dialog
// (page.FactorField, page.FactorRequest and page.FactorCodeError in a
// ds.Dialog with the same ids and texts), asking the app's code, an SMS
// code or a recovery code; confirmed, the filing is submitted again.
// A passkey, when the account has one, confirms it too.
// TODO(ip): move the dialog into app/page, one for every page that signs.

// stepUp is the dialog's state.
type stepUp struct {
	method  string
	code    string
	err     string
	busy    bool
	factors *shared.Factors
	sms     *shared.Challenge
}

// openStepUp opens the dialog with the account's first factor: the app,
// else SMS, else a recovery code.
func (f *filingForm) openStepUp(ctx app.Context) {
	f.signing, f.su = true, stepUp{method: shared.FactorTOTP, busy: true}
	page.Do(ctx, func() (shared.Factors, error) { return page.API().Factors(ctx) },
		func(ctx app.Context, fs shared.Factors) {
			f.su.busy, f.su.factors = false, &fs
			switch {
			case fs.TOTP:
			case fs.SMS:
				f.useSMS(ctx)
				return
			case fs.RecoveryLeft > 0:
				f.su.method = shared.FactorRecovery
			}
			ds.Focus(ctx, "f-stepup-code")
		},
		func(ctx app.Context, err error) { f.su.busy, f.su.err = false, page.ErrText(err) })
}

func (f *filingForm) useSMS(ctx app.Context) {
	f.su.method, f.su.code, f.su.err, f.su.busy = shared.FactorSMS, "", "", true
	page.Do(ctx, func() (shared.Challenge, error) { return page.API().StepUpSMS(ctx) },
		func(ctx app.Context, ch shared.Challenge) {
			f.su.busy, f.su.sms = false, &ch
			ds.Focus(ctx, "f-stepup-code")
		},
		func(ctx app.Context, err error) { f.su.busy, f.su.err = false, page.ErrText(err) })
}

func (f *filingForm) switchTo(method string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		ctx = f.On(ctx)
		if f.su.busy {
			return
		}
		if method == shared.FactorSMS {
			f.useSMS(ctx)
			return
		}
		f.su.method, f.su.code, f.su.err = method, "", ""
		page.ClearInputs("f-stepup-code")
		ds.Focus(ctx, "f-stepup-code")
	}
}

// onStepUp sends the code; confirmed, it submits the filing.
func (f *filingForm) onStepUp(ctx app.Context, e app.Event) {
	ctx = f.On(ctx)
	e.PreventDefault()
	su := &f.su
	if su.busy {
		return
	}
	req, err := page.FactorRequest("", su.method, su.code)
	if err != nil {
		su.err = page.FactorCodeError(err, su.method)
		ds.Focus(ctx, "f-stepup-code")
		return
	}
	su.busy, su.err = true, ""
	page.Do(ctx, func() (shared.SessionInfo, error) { return page.API().StepUp(ctx, req.Method, req.Code) },
		f.steppedUp,
		func(ctx app.Context, err error) {
			su.busy = false
			if su.err = page.FactorCodeError(err, su.method); su.err == "" {
				su.err = page.ErrText(err)
			}
			su.code = ""
			page.ClearInputs("f-stepup-code")
			ds.Focus(ctx, "f-stepup-code")
		})
}

// steppedUp submits the filing again once a second factor confirmed it.
func (f *filingForm) steppedUp(ctx app.Context, _ shared.SessionInfo) {
	f.su.busy, f.su.code = false, ""
	page.ClearInputs("f-stepup-code")
	f.signing = false
	if f.f.Start() {
		f.submit(ctx)
	}
}

// onStepUpPasskey confirms with one of the account's passkeys.
func (f *filingForm) onStepUpPasskey(ctx app.Context, e app.Event) {
	ctx = f.On(ctx)
	su := &f.su
	if su.busy {
		return
	}
	su.busy, su.err = true, ""
	page.Do(ctx, func() (shared.SessionInfo, error) { return page.StepUpWithPasskey(ctx) },
		f.steppedUp,
		func(ctx app.Context, err error) {
			su.busy, su.err = false, page.PasskeyErrText(err)
			ds.Focus(ctx, "btn-stepup-passkey")
		})
}

func (f *filingForm) closeStepUp(ctx app.Context) {
	if f.su.busy {
		return
	}
	f.signing = false
	ds.Focus(f.On(ctx), "btn-ip-sign")
}

// stepUpDialog asks for a second factor before the signature.
func (f *filingForm) stepUpDialog() app.UI {
	su := &f.su
	fs := su.factors
	var switchers []app.UI
	link := func(id, key, method string) {
		switchers = append(switchers, app.Li().Body(ds.NewButton(t(key)).ID(id).Kind(ds.LinkBtn).OnClick(f.switchTo(method))))
	}
	if fs != nil {
		if su.method != shared.FactorTOTP && fs.TOTP {
			link("btn-stepup-app", "stepup.useApp", shared.FactorTOTP)
		}
		if su.method != shared.FactorSMS && fs.SMS {
			link("btn-stepup-use-sms", "login.useSMS", shared.FactorSMS)
		}
		if su.method != shared.FactorRecovery && fs.RecoveryLeft > 0 {
			link("btn-stepup-recovery", "stepup.useRecovery", shared.FactorRecovery)
		}
		if fs.Passkeys > 0 {
			switchers = append(switchers, app.Li().Body(ds.NewButton(t("stepup.usePasskey")).ID("btn-stepup-passkey").
				Kind(ds.LinkBtn).OnClick(f.onStepUpPasskey)))
		}
	}
	var sent app.UI
	if su.method == shared.FactorSMS && su.sms != nil {
		sent = app.P().ID("stepup-sms-sent").Text(t("login.smsSent", su.sms.Destination))
	}
	return ds.NewDialog("stepup-dialog", t("stepup.title")).
		Open(f.signing).
		OnClose(f.closeStepUp).
		Body(
			app.P().Text(t("ip.stepupWhy")),
			app.Form().ID("form-stepup").Class("form").NoValidate(true).OnSubmit(f.onStepUp).Body(
				sent,
				page.FactorField("f-stepup-code", su.method, su.code, su.err, func(v string) { su.code = v }),
			),
			app.Ul().Class("links").Body(switchers...),
		).
		Actions(
			ds.NewButton(t("ip.stepupConfirm")).ID("btn-stepup-confirm").Busy(su.busy, t("common.checking")).OnClick(f.onStepUp),
			ds.NewButton(t("common.cancel")).ID("btn-stepup-cancel").Kind(ds.Secondary).
				OnClick(func(ctx app.Context, e app.Event) { f.closeStepUp(ctx) }),
		)
}
