package page

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/shared"
)

// StepUp is the second-factor dialog a page shows before it signs: the
// app's code, an SMS code, a recovery code or a passkey, as the account
// has them (the first of app, SMS, recovery is asked; the others are a
// click away; an account with passkeys only is asked for one, with no
// code field), or approval on the person's phone where the page offers it
// (WithPhone). Confirmed (POST /me/step-up, or the phone's approval that
// the action then spends), the waiting action runs.
// The ids and texts are those of the security page's dialog. A page keeps
// one as state and renders Dialog.
type StepUp struct {
	why, confirm string
	back         string // focused when the dialog is given up
	method       string
	code         string
	err          string
	busy         bool
	factors      *shared.Factors
	sms          *shared.Challenge
	then         func(app.Context)
	// Approval on the phone (WithPhone): how to ask it, the request the
	// dialog waits for, the one approved (Approval takes it).
	phoneDoc string
	ticket   *shared.QRTicket
	approved string
	life     Lifetime
}

// Ask opens the dialog: why says what it confirms, confirm is its
// button, back the id focused if it is given up; then runs once a second
// factor confirmed.
func (s *StepUp) Ask(ctx app.Context, why, confirm, back string, then func(app.Context)) {
	s.life.End()
	*s = StepUp{why: why, confirm: confirm, back: back, then: then, method: shared.FactorTOTP, busy: true}
	ClearInputs("f-stepup-code")
	Do(ctx, func() (shared.Factors, error) { return API().Factors(ctx) },
		func(ctx app.Context, fs shared.Factors) {
			s.busy, s.factors = false, &fs
			switch {
			case fs.TOTP:
			case fs.SMS:
				s.useSMS(ctx)
				return
			case fs.RecoveryLeft > 0:
				s.method = shared.FactorRecovery
			case fs.Passkeys > 0:
				s.method = shared.FactorPasskey
				ds.Focus(ctx, "btn-stepup-confirm")
				return
			}
			ds.Focus(ctx, "f-stepup-code")
		},
		func(ctx app.Context, err error) { s.busy, s.err = false, ErrText(err) })
}

// WithPhone offers, in the dialog Ask opened, approval on the person's
// phone (when the account has one that can approve) for signing the
// document docID.
func (s *StepUp) WithPhone(docID string) { s.phoneDoc = docID }

// Approval takes the request the phone approved for the waiting action
// ("" when another factor confirmed it).
func (s *StepUp) Approval() string {
	a := s.approved
	s.approved = ""
	return a
}

// usePhone asks the phone and waits, showing the number to choose there,
// until it approves (the action runs), declines or the request expires.
func (s *StepUp) usePhone(ctx app.Context) {
	if s.busy || s.phoneDoc == "" {
		return
	}
	s.method, s.err, s.ticket, s.busy = shared.FactorPush, "", nil, true
	doc, lctx := s.phoneDoc, s.life.Begin(ctx)
	ctx.Async(func() {
		tk, err := API().AskPhoneToSign(lctx, doc)
		st := shared.QRStatus{Status: shared.QRScanned}
		for lctx.Err() == nil { // until given up, or decided
			ctx.Dispatch(func(ctx app.Context) { s.phoneState(ctx, &tk, st.Status, err) })
			if err != nil || st.Status != shared.QRScanned {
				return
			}
			st, err = API().WaitQR(lctx, tk.ID, tk.Secret, st.Status)
		}
	})
}

// phoneState shows the wait for the phone: the number while it decides;
// approved, the action runs; else why not.
func (s *StepUp) phoneState(ctx app.Context, tk *shared.QRTicket, status string, err error) {
	s.busy, s.ticket = false, nil
	switch {
	case err != nil:
		s.err = ErrText(err)
	case status == shared.QRScanned:
		s.ticket = tk
	case status == shared.QRApproved:
		s.approved = tk.ID
		s.done(ctx, shared.SessionInfo{})
	default:
		s.err = T("stepup.phone." + status) // denied or expired
	}
}

// Open reports whether the dialog is showing.
func (s *StepUp) Open() bool { return s.then != nil }

func (s *StepUp) useSMS(ctx app.Context) {
	s.method, s.code, s.err, s.busy = shared.FactorSMS, "", "", true
	ClearInputs("f-stepup-code")
	Do(ctx, func() (shared.Challenge, error) { return API().StepUpSMS(ctx) },
		func(ctx app.Context, ch shared.Challenge) {
			s.busy, s.sms = false, &ch
			ds.Focus(ctx, "f-stepup-code")
		},
		func(ctx app.Context, err error) { s.busy, s.err = false, ErrText(err) })
}

func (s *StepUp) switchTo(ctx app.Context, method string) {
	if s.busy {
		return
	}
	s.life.End()
	s.ticket = nil
	switch method {
	case shared.FactorSMS:
		s.useSMS(ctx)
		return
	case shared.FactorPush:
		s.usePhone(ctx)
		return
	}
	s.method, s.code, s.err = method, "", ""
	ClearInputs("f-stepup-code")
	ds.Focus(ctx, "f-stepup-code")
}

func (s *StepUp) confirmCode(ctx app.Context) {
	if s.busy || s.then == nil {
		return
	}
	switch s.method {
	case shared.FactorPasskey:
		s.confirmPasskey(ctx)
		return
	case shared.FactorPush:
		s.usePhone(ctx) // once more, after a decline or an expiry
		return
	}
	req, err := FactorRequest("", s.method, s.code)
	if err != nil {
		s.err = FactorCodeError(err, s.method)
		ds.Focus(ctx, "f-stepup-code")
		return
	}
	s.busy, s.err = true, ""
	Do(ctx, func() (shared.SessionInfo, error) { return API().StepUp(ctx, req.Method, req.Code) }, s.done,
		func(ctx app.Context, err error) {
			s.busy = false
			if s.err = FactorCodeError(err, s.method); s.err == "" {
				s.err = ErrText(err)
			}
			s.code = ""
			ClearInputs("f-stepup-code")
			ds.Focus(ctx, "f-stepup-code")
		})
}

func (s *StepUp) confirmPasskey(ctx app.Context) {
	if s.busy || s.then == nil {
		return
	}
	s.busy, s.err = true, ""
	Do(ctx, func() (shared.SessionInfo, error) { return StepUpWithPasskey(ctx) }, s.done,
		func(ctx app.Context, err error) {
			s.busy, s.err = false, PasskeyErrText(err)
			if s.method == shared.FactorPasskey {
				ds.Focus(ctx, "btn-stepup-confirm")
				return
			}
			ds.Focus(ctx, "btn-stepup-passkey")
		})
}

// done closes the dialog and runs the waiting action.
func (s *StepUp) done(ctx app.Context, _ shared.SessionInfo) {
	then := s.then
	s.busy, s.then, s.code = false, nil, ""
	ClearInputs("f-stepup-code")
	then(ctx)
}

func (s *StepUp) close(ctx app.Context) {
	if s.busy || s.then == nil {
		return
	}
	s.then, s.ticket = nil, nil
	s.life.End()
	if s.back != "" {
		ds.Focus(ctx, s.back)
	}
}

// Dialog draws it; on is the page's live context (Live.On).
func (s *StepUp) Dialog(on func(app.Context) app.Context) app.UI {
	fs := s.factors
	var switchers []app.UI
	link := func(id, key string, onClick app.EventHandler) {
		switchers = append(switchers, app.Li().Body(ds.NewButton(T(key)).ID(id).Kind(ds.LinkBtn).OnClick(onClick)))
	}
	to := func(method string) app.EventHandler {
		return func(ctx app.Context, e app.Event) { s.switchTo(on(ctx), method) }
	}
	if fs != nil {
		if s.method != shared.FactorTOTP && fs.TOTP {
			link("btn-stepup-app", "stepup.useApp", to(shared.FactorTOTP))
		}
		if s.method != shared.FactorSMS && fs.SMS {
			link("btn-stepup-use-sms", "login.useSMS", to(shared.FactorSMS))
		}
		if s.method != shared.FactorRecovery && fs.RecoveryLeft > 0 {
			link("btn-stepup-recovery", "stepup.useRecovery", to(shared.FactorRecovery))
		}
		if fs.Phone && s.phoneDoc != "" && s.method != shared.FactorPush {
			link("btn-stepup-phone", "stepup.usePhone", to(shared.FactorPush))
		}
		if fs.Passkeys > 0 && s.method != shared.FactorPasskey {
			link("btn-stepup-passkey", "stepup.usePasskey", func(ctx app.Context, e app.Event) { s.confirmPasskey(on(ctx)) })
		}
	}
	var sent app.UI
	if s.method == shared.FactorSMS && s.sms != nil {
		sent = app.P().ID("stepup-sms-sent").Text(T("login.smsSent", s.sms.Destination))
	}
	submit := func(ctx app.Context, e app.Event) { e.PreventDefault(); s.confirmCode(on(ctx)) }
	var field app.UI = FactorField("f-stepup-code", s.method, s.code, s.err, func(v string) { s.code = v })
	confirm := s.confirm
	if s.method == shared.FactorPasskey || s.method == shared.FactorPush {
		field = app.If(s.err != "", func() app.UI { return ds.NewNotice(ds.Danger, s.err).ID("stepup-error") })
		confirm = T("stepup.usePasskey")
	}
	why, busy := s.why, T("common.checking")
	if s.method == shared.FactorPush {
		confirm, busy = T("stepup.phoneAgain"), T("stepup.phoneWaiting")
		if s.ticket != nil { // the number to choose on the phone
			why = T("stepup.phoneText")
			field = app.P().ID("stepup-number").Class("qr-login__number").Text(strconv.Itoa(s.ticket.Number))
		}
	}
	return ds.NewDialog("stepup-dialog", T("stepup.title")).
		Open(s.Open()).
		OnClose(func(ctx app.Context) { s.close(on(ctx)) }).
		Body(
			app.P().Text(why),
			app.Form().ID("form-stepup").Class("form").NoValidate(true).OnSubmit(submit).Body(
				sent,
				field,
			),
			app.Ul().Class("links").Body(switchers...),
		).
		Actions(
			ds.NewButton(confirm).ID("btn-stepup-confirm").Busy(s.busy || s.ticket != nil, busy).OnClick(submit),
			ds.NewButton(T("common.cancel")).ID("btn-stepup-cancel").Kind(ds.Secondary).
				OnClick(func(ctx app.Context, e app.Event) { s.close(on(ctx)) }),
		)
}
