package account

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// reauth asks for the password again when the server answers
// CodeReauthRequired (an account without a second factor, before a
// sensitive change), then runs the change again. Pages embed it and
// render reauthDialog.
type reauth struct {
	reauthRetry func(ctx app.Context) // the change waiting; nil while the dialog is closed
	reauthPass  string
	reauthErr   string
	reauthBusy  bool
}

// askReauth opens the dialog when err asks for the password, with retry
// to run after it; it reports whether it did.
func (r *reauth) askReauth(ctx app.Context, err error, retry func(ctx app.Context)) bool {
	if shared.ErrorCode(err) != shared.CodeReauthRequired {
		return false
	}
	r.reauthRetry, r.reauthPass, r.reauthErr = retry, "", ""
	page.ClearInputs("f-reauth-password")
	ds.Focus(ctx, "f-reauth-password")
	return true
}

func (r *reauth) confirmReauth(ctx app.Context, e app.Event) {
	e.PreventDefault()
	if r.reauthBusy || r.reauthRetry == nil {
		return
	}
	if err := (shared.ReauthRequest{Password: r.reauthPass}).Validate(); err != nil {
		r.reauthErr = page.FieldTexts(err)["password"]
		ds.Focus(ctx, "f-reauth-password")
		return
	}
	r.reauthBusy = true
	pass := r.reauthPass
	page.Run(ctx, func() error { _, err := page.API().Reauth(ctx, pass); return err },
		func(ctx app.Context) {
			r.reauthBusy = false
			retry := r.reauthRetry
			r.reauthRetry, r.reauthPass = nil, ""
			page.ClearInputs("f-reauth-password")
			retry(ctx)
		}, func(ctx app.Context, err error) {
			r.reauthBusy = false
			if r.reauthErr = page.FieldTexts(err)["password"]; r.reauthErr == "" {
				r.reauthErr = page.ErrText(err)
			}
			ds.Focus(ctx, "f-reauth-password")
		})
}

func (r *reauth) cancelReauth(ctx app.Context) {
	if !r.reauthBusy {
		r.reauthRetry, r.reauthPass, r.reauthErr = nil, "", ""
	}
}

func (r *reauth) onCancelReauth(ctx app.Context, e app.Event) { r.cancelReauth(ctx) }

// reauthDialog is the password dialog.
func (r *reauth) reauthDialog() app.UI {
	return ds.NewDialog("reauth-dialog", t("reauth.title")).
		Open(r.reauthRetry != nil).
		OnClose(r.cancelReauth).
		Body(
			app.P().Text(t("reauth.lead")),
			app.Form().ID("form-reauth").Class("form").NoValidate(true).OnSubmit(r.confirmReauth).Body(
				ds.NewPasswordField("f-reauth-password", t("profile.currentPassword"), t("password.show"), t("password.hide")).
					Value(r.reauthPass).Error(r.reauthErr).OnChange(func(v string) { r.reauthPass = v }),
			),
		).
		Actions(
			ds.NewButton(t("reauth.confirm")).ID("btn-reauth-confirm").Busy(r.reauthBusy, t("common.checking")).OnClick(r.confirmReauth),
			ds.NewButton(t("common.cancel")).ID("btn-reauth-cancel").Kind(ds.Secondary).OnClick(r.onCancelReauth),
		)
}
