package account

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// changePassword changes the password (POST /me/password).
func (p *profilePage) changePassword(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	e.PreventDefault()
	if !p.pf.Start() {
		return
	}
	req := shared.PasswordChangeRequest{Current: p.current, Password: p.newPw}
	req.Normalize()
	if err := req.Validate(); err != nil {
		p.pf.Fail(ctx, err)
		return
	}
	page.Run(ctx, func() error { return page.API().ChangePassword(ctx, req) },
		func(ctx app.Context) {
			p.pf.Done()
			p.current, p.newPw = "", ""
			page.ClearInputs("f-current", "f-password")
			p.showToast(ctx, t("profile.passwordSaved"))
		},
		func(ctx app.Context, err error) {
			if shared.ErrorCode(err) == shared.CodeWrongPassword {
				err = &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{"current": {Code: shared.CodeWrongPassword}}}
			}
			p.pf.Fail(ctx, err)
		})
}

// passwordForm is the form that changes the password: the current one
// and the new one with its strength.
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
