package documents

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// stepUp is the second-factor dialog the security page shows before a
// sensitive action, for signing: the app's code, a recovery code
// (POST /me/step-up) or a passkey, then the waiting action runs again.
type stepUp struct {
	why    string // the text: what the confirmation is for
	method string
	code   string
	err    string
	busy   bool
	then   func(app.Context)
}

// ask opens the dialog; then runs after a confirmed step-up.
func (s *stepUp) ask(ctx app.Context, why string, then func(app.Context)) {
	s.why, s.method, s.code, s.err, s.busy, s.then = why, shared.FactorTOTP, "", "", false, then
	page.ClearInputs("f-stepup-code")
	ds.Focus(ctx, "f-stepup-code")
}

func (s *stepUp) open() bool { return s.then != nil }

func (s *stepUp) close(ctx app.Context) {
	if !s.busy {
		s.then = nil
	}
}

func (s *stepUp) confirm(ctx app.Context) {
	if s.busy || s.then == nil {
		return
	}
	req, err := page.FactorRequest("", s.method, s.code)
	if err != nil {
		s.err = page.FactorCodeError(err, s.method)
		ds.Focus(ctx, "f-stepup-code")
		return
	}
	s.busy, s.err = true, ""
	page.Do(ctx, func() (shared.SessionInfo, error) { return page.API().StepUp(ctx, req.Method, req.Code) },
		func(ctx app.Context, _ shared.SessionInfo) {
			then := s.then
			s.busy, s.then, s.code = false, nil, ""
			page.ClearInputs("f-stepup-code")
			then(ctx)
		},
		func(ctx app.Context, err error) {
			s.busy = false
			if s.err = page.FactorCodeError(err, s.method); s.err == "" {
				s.err = page.ErrText(err)
			}
			s.code = ""
			page.ClearInputs("f-stepup-code")
			ds.Focus(ctx, "f-stepup-code")
		})
}

// confirmPasskey confirms with one of the account's passkeys.
func (s *stepUp) confirmPasskey(ctx app.Context) {
	if s.busy || s.then == nil {
		return
	}
	s.busy, s.err = true, ""
	page.Do(ctx, func() (shared.SessionInfo, error) { return page.StepUpWithPasskey(ctx) },
		func(ctx app.Context, _ shared.SessionInfo) {
			then := s.then
			s.busy, s.then, s.code = false, nil, ""
			then(ctx)
		},
		func(ctx app.Context, err error) {
			s.busy, s.err = false, page.PasskeyErrText(err)
			ds.Focus(ctx, "btn-stepup-passkey")
		})
}

func (s *stepUp) toggleMethod() {
	if s.method == shared.FactorTOTP {
		s.method = shared.FactorRecovery
	} else {
		s.method = shared.FactorTOTP
	}
	s.code, s.err = "", ""
	page.ClearInputs("f-stepup-code")
}

// dialog draws it; on is the page's live context (Live.On).
func (s *stepUp) dialog(on func(app.Context) app.Context) app.UI {
	other := t("stepup.useRecovery")
	if s.method == shared.FactorRecovery {
		other = t("stepup.useApp")
	}
	submit := func(ctx app.Context, e app.Event) { e.PreventDefault(); s.confirm(on(ctx)) }
	return ds.NewDialog("stepup-dialog", t("stepup.title")).
		Open(s.open()).
		OnClose(func(ctx app.Context) { s.close(on(ctx)) }).
		Body(
			app.P().Text(s.why),
			app.Form().ID("form-stepup").Class("form").NoValidate(true).OnSubmit(submit).Body(
				page.FactorField("f-stepup-code", s.method, s.code, s.err, func(v string) { s.code = v }),
			),
			app.Ul().Class("links").Body(
				app.Li().Body(
					ds.NewButton(other).ID("btn-stepup-other").Kind(ds.LinkBtn).OnClick(func(ctx app.Context, e app.Event) { s.toggleMethod() }),
				),
				app.Li().Body(
					ds.NewButton(t("stepup.usePasskey")).ID("btn-stepup-passkey").Kind(ds.LinkBtn).
						OnClick(func(ctx app.Context, e app.Event) { s.confirmPasskey(on(ctx)) }),
				),
			),
		).
		Actions(
			ds.NewButton(t("docs.stepupConfirm")).ID("btn-stepup-confirm").Busy(s.busy, t("common.checking")).OnClick(submit),
			ds.NewButton(t("common.cancel")).ID("btn-stepup-cancel").Kind(ds.Secondary).OnClick(func(ctx app.Context, e app.Event) { s.close(on(ctx)) }),
		)
}
