package account

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// qrApprovePage (/qr?c=…) is what the person's signed-in phone opens from
// a scanned QR code: who asks to sign in (a kiosk and its service centre,
// or a browser and its address), the three numbers to choose from, and —
// unless the phone proved a second factor a few minutes ago — a passkey or
// an app code to confirm. The phone must be signed in (else the sign-in
// page brings the person back here).
type qrApprovePage struct {
	app.Compo
	live
	authed

	code    string // a scanned QR code (?c=)
	id      string // or a request sent to this phone (?id=)
	scan    page.Remote[*qrScan]
	err     string // no code, or an answer failed
	chosen  int
	factors *shared.Factors // loaded when a factor is needed
	tcode   string
	codeErr string
	busy    bool
	done    string // "approved" or "denied"
}

// QRApprove is the phone's approval of a sign-in elsewhere (/qr).
func QRApprove() app.Composer { return &qrApprovePage{} }

func (p *qrApprovePage) OnNav(ctx app.Context) {
	p.code = ctx.Page().URL().Query().Get("c")
	p.id = ctx.Page().URL().Query().Get("id")
	page.SetTitle(ctx, p.word("qrok.title"))
	p.scan, p.err, p.chosen, p.factors, p.tcode, p.codeErr, p.busy, p.done = page.Remote[*qrScan]{}, "", 0, nil, "", "", false, ""
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) { p.load(p.On(ctx)) })
}

func (p *qrApprovePage) load(ctx app.Context) {
	if p.code == "" && p.id == "" {
		p.err = t("qrok.noCode")
		return
	}
	focused := false
	qQRRequest.Load(ctx, &p.scan, app.T("c", p.code), app.T("id", p.id)).OnChange(func() {
		if !focused && p.scan.Status == page.Loaded && p.req() != nil {
			focused = true
			ds.Focus(ctx, "qrok-choose")
		}
	})
}

// req is the request to decide on; nil until it loads (or if it cannot).
func (p *qrApprovePage) req() *shared.QRRequest {
	if p.scan.Data == nil {
		return nil
	}
	return p.scan.Data.Req
}

// scanErr is why there is no request to decide on; "" while it loads.
func (p *qrApprovePage) scanErr() string {
	switch {
	case p.err != "":
		return p.err
	case p.scan.Status == page.Failed:
		return p.scan.Err
	case p.scan.Data == nil || p.scan.Data.Req != nil:
		return ""
	case p.scan.Data.Gone == shared.CodeQRTaken:
		return t("err.qr_taken")
	}
	return t(p.word("qrok.expired"))
}

// push reports whether the page decides on an approval sent to this
// phone after a password (?id=, and the server says so once loaded)
// rather than on a QR code it scanned.
func (p *qrApprovePage) push() bool {
	if r := p.req(); r != nil {
		return r.Kind != shared.QRKindScan // a sign-in's or a step-up's
	}
	return p.id != ""
}

// word is the catalogue key for the page's kind: a push approval has its
// own words where the QR sign-in's would speak of a code that was never
// scanned (a security screen says only what is true).
func (p *qrApprovePage) word(key string) string {
	if r := p.req(); r != nil && r.Kind == shared.QRKindStepUp {
		return strings.Replace(key, "qrok.", "qrok.stepup.", 1)
	}
	if p.push() {
		return strings.Replace(key, "qrok.", "qrok.push.", 1)
	}
	return key
}

// qrErrText explains why the code (or the request) cannot be used.
func (p *qrApprovePage) qrErrText(err error) string {
	switch shared.ErrorCode(err) {
	case shared.CodeCodeExpired:
		return t(p.word("qrok.expired"))
	case shared.CodeQRTaken:
		return t("err.qr_taken")
	}
	return page.ErrText(err)
}

// choose sends the number; the server asks for a factor when the phone's
// last one is older than the step-up window.
func (p *qrApprovePage) choose(ctx app.Context, n int) {
	if p.busy || p.req() == nil {
		return
	}
	p.chosen = n
	p.approve(ctx, nil)
}

func (p *qrApprovePage) approve(ctx app.Context, factor *shared.SecondFactorRequest) {
	p.busy, p.err, p.codeErr = true, "", ""
	id, n := p.req().ID, p.chosen
	page.Do(ctx, func() (*shared.Factors, error) {
		err := page.API().ApproveQR(ctx, id, shared.QRApproveRequest{Number: n, Factor: factor})
		if shared.ErrorCode(err) == shared.CodeStepUpRequired {
			f, _ := page.API().Factors(ctx)
			return &f, nil // the factor to ask for
		}
		return nil, err
	}, func(ctx app.Context, f *shared.Factors) {
		p.busy = false
		if f != nil {
			p.factors = f
			ds.Focus(ctx, "qrok-factor")
			return
		}
		p.done = shared.QRApproved
		ds.Focus(ctx, "qrok-done")
	}, func(ctx app.Context, err error) { p.approveFailed(ctx, err, factor) })
}

// approveFailed says why the approval did not go through.
func (p *qrApprovePage) approveFailed(ctx app.Context, err error, factor *shared.SecondFactorRequest) {
	p.busy = false
	switch code := shared.ErrorCode(err); {
	case code == shared.CodeQRDenied:
		p.done = shared.QRDenied
		ds.Focus(ctx, "qrok-done")
	case factor != nil && factor.Method == shared.FactorTOTP && page.FactorCodeError(err, shared.FactorTOTP) != "":
		p.codeErr = page.FactorCodeError(err, shared.FactorTOTP)
		ds.Focus(ctx, "f-qr-code")
	default:
		p.err = page.PasskeyErrText(err)
		if code == shared.CodeCodeExpired {
			p.err = t(p.word("qrok.expired"))
		}
		ds.Focus(ctx, "qrok-error")
	}
}

func (p *qrApprovePage) withPasskey(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if p.busy {
		return
	}
	p.busy, p.err = true, ""
	type answer struct {
		ceremony string
		cred     []byte
	}
	page.Do(ctx, func() (answer, error) {
		o, err := page.API().StepUpOptions(ctx)
		if err != nil {
			return answer{}, err
		}
		cred, err := page.AskPasskey(o)
		return answer{o.Ceremony, cred}, err
	}, func(ctx app.Context, a answer) {
		p.busy = false
		p.approve(ctx, &shared.SecondFactorRequest{Method: shared.FactorPasskey, Ceremony: a.ceremony, Credential: a.cred})
	}, func(ctx app.Context, err error) {
		p.busy = false
		p.err = page.PasskeyErrText(err)
		ds.Focus(ctx, "qrok-error")
	})
}

func (p *qrApprovePage) withCode(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	if p.busy {
		return
	}
	req, err := page.FactorRequest("", shared.FactorTOTP, p.tcode)
	if err != nil {
		p.codeErr = page.FactorCodeError(err, shared.FactorTOTP)
		ds.Focus(ctx, "f-qr-code")
		return
	}
	p.approve(ctx, &req)
}

func (p *qrApprovePage) deny(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if p.busy || p.req() == nil {
		return
	}
	p.busy = true
	id := p.req().ID
	page.Run(ctx, func() error { return page.API().DenyQR(ctx, id) },
		func(ctx app.Context) {
			p.busy = false
			p.done = shared.QRDenied
			ds.Focus(ctx, "qrok-done")
		}, func(ctx app.Context, err error) {
			p.busy = false
			p.err = p.qrErrText(err)
		})
}

func (p *qrApprovePage) Render() app.UI {
	head := []app.UI{ds.NewPageHead(t(p.word("qrok.h1")))}
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavNone, append(head, g)...)
	}
	body := head
	switch {
	case p.done == shared.QRApproved:
		body = append(body, ds.NewNotice(ds.Success, t(p.word("qrok.approvedTitle"))).ID("qrok-done").Text(t(p.word("qrok.approvedText"))))
		return page.Private(p.Sess, page.NavNone, append(body, backToCabinet())...)
	case p.done == shared.QRDenied:
		body = append(body, ds.NewNotice(ds.Warning, t(p.word("qrok.deniedTitle"))).ID("qrok-done").Text(t(p.word("qrok.deniedText"))))
		return page.Private(p.Sess, page.NavNone, append(body, backToCabinet())...)
	case p.req() == nil && p.scanErr() != "":
		body = append(body, ds.NewNotice(ds.Danger, t("qrok.cannotTitle")).ID("qrok-error").Text(p.scanErr()))
		return page.Private(p.Sess, page.NavNone, append(body, backToCabinet())...)
	case p.req() == nil:
		return page.Private(p.Sess, page.NavNone, append(body, ds.NewSkeleton(4, t("common.loading")))...)
	}
	if p.err != "" {
		body = append(body, ds.NewNotice(ds.Danger, "").ID("qrok-error").Text(p.err))
	}
	// On a phone: who asks and the choice first, the details below.
	body = append(body, p.asker())
	if p.factors != nil {
		body = append(body, p.factorStep())
	} else {
		body = append(body, p.choices())
	}
	body = append(body, ds.Actions(
		ds.NewButton(t("qrok.deny")).ID("btn-qr-deny").Kind(ds.Secondary).OnClick(p.deny),
	), p.who())
	return page.Private(p.Sess, page.NavNone, body...)
}

// asker names in one line who asks: the kiosk and its centre, or the
// browser.
func (p *qrApprovePage) asker() app.UI {
	r := p.req()
	device := page.OrWord(r.Device, t("sessions.unknownDevice"))
	switch {
	case r.Kiosk != nil:
		return ds.NewNotice(ds.Info, r.Kiosk.Name).ID("qrok-asker").Text(r.Kiosk.Centre)
	case p.push(): // a step-up's says what it confirms, of what
		return ds.NewNotice(ds.Info, device).ID("qrok-asker").Text(t(p.word("qrok.asker"), device, r.IP, placeText(r.Place), r.Subject, r.SubjectHash))
	}
	return ds.NewNotice(ds.Info, device).ID("qrok-asker").Text(t("journal.ip") + " " + r.IP)
}

// placeText is what can be said of where an address is.
func placeText(place string) string {
	if place == "" {
		return t("qrok.place.unknown")
	}
	return t("qrok.place." + place)
}

// who asks, in detail: the kiosk and its centre, or the browser and its address.
func (p *qrApprovePage) who() app.UI {
	r := p.req()
	var rows []ds.Row
	if r.Kiosk != nil {
		rows = append(rows,
			ds.Row{Key: t("qrok.kiosk"), Value: app.Text(r.Kiosk.Name)},
			ds.Row{Key: t("qrok.centre"), Value: app.Text(r.Kiosk.Centre)},
			ds.Row{Key: t("qrok.address"), Value: app.Text(r.Kiosk.Address)})
	} else {
		rows = append(rows, ds.Row{Key: t("qrok.device"), Value: app.Text(page.OrWord(r.Device, t("sessions.unknownDevice")))})
	}
	rows = append(rows,
		ds.Row{Key: t("journal.ip"), Value: app.Text(r.IP)},
		ds.Row{Key: t("qrok.place"), Value: app.Text(placeText(r.Place))},
		ds.Row{Key: t(p.word("qrok.until")), Value: app.Text(page.FormatDateTime(r.ExpiresAt))})
	return ds.NewCard(t(p.word("qrok.whoTitle"))).ID("qrok-who").Body(
		app.P().Text(t(p.word("qrok.lead"))),
		ds.NewSummaryList(rows...),
		app.P().Class("muted").Text(t(p.word("qrok.notYou"))),
	)
}

// choices are three large buttons; the right one is on the big screen.
func (p *qrApprovePage) choices() app.UI {
	buttons := make([]app.UI, len(p.req().Choices))
	for i, n := range p.req().Choices {
		buttons[i] = ds.NewButton(strconv.Itoa(n)).ID("btn-qr-choice-"+strconv.Itoa(n)).Kind(ds.Secondary).
			Busy(p.busy && p.chosen == n, t("common.wait")).
			OnClick(func(ctx app.Context, e app.Event) { p.choose(p.On(ctx), n) })
	}
	return app.Section().ID("qrok-choices").Aria("labelledby", "qrok-choose").Body(
		app.H2().ID("qrok-choose").TabIndex(-1).Text(t("qrok.choose")),
		app.P().Class("muted").Text(t(p.word("qrok.chooseText"))),
		app.Div().Class("qr-choices").Body(buttons...),
	)
}

// factorStep confirms with a passkey or an app code.
func (p *qrApprovePage) factorStep() app.UI {
	f := *p.factors
	var parts []app.UI
	if f.Passkeys > 0 && client.PasskeySupported() {
		parts = append(parts, ds.NewButton(t("stepup.passkeyConfirm")).ID("btn-qr-passkey").
			Busy(p.busy, t("login.passkeyBusy")).OnClick(p.withPasskey))
	}
	if f.TOTP {
		parts = append(parts, app.Form().ID("form-qr-code").Class("form").NoValidate(true).OnSubmit(p.withCode).Body(
			page.FactorField("f-qr-code", shared.FactorTOTP, p.tcode, p.codeErr, func(v string) { p.tcode = v }),
			ds.Actions(
				ds.NewButton(t("qrok.confirm")).ID("btn-qr-confirm").Submit().Busy(p.busy, t("common.checking")),
			),
		))
	}
	if len(parts) == 0 {
		parts = append(parts, ds.NewNotice(ds.Warning, t("qrok.noFactorTitle")).ID("qrok-no-factor").
			Body(app.P().Text(t("qrok.noFactorText")), app.P().Body(app.A().Href(page.PathSecurity).Text(t("cabinet.toSecurity")))))
	}
	return app.Section().ID("qrok-factor").TabIndex(-1).Body(
		append([]app.UI{app.H2().Text(t("qrok.factorTitle")), app.P().Text(t("qrok.factorText", p.chosen))}, parts...)...,
	)
}

func backToCabinet() app.UI {
	return app.P().Body(app.A().ID("link-qrok-cabinet").Href(page.PathCabinet).Text(t("common.toCabinet")))
}
