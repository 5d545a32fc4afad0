package page

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/shared"
)

// approvalBanner sits at the top of every signed-in page of a phone that
// can approve sign-ins (its session was opened with a second factor): when
// someone enters the person's password elsewhere and asks this phone, the
// banner appears at once and leads to the request; so does a step-up
// asked elsewhere (a signature to confirm). Listening is passive:
// it does not keep the session alive.
type approvalBanner struct {
	app.Compo

	Isess *shared.SessionInfo

	items     []shared.QRRequest
	listening bool
	life      Lifetime
}

// OnDismount stops listening.
func (b *approvalBanner) OnDismount() {
	b.life.End()
	b.listening = false
}

// canApprove mirrors the server's rule: a second factor at sign-in, not a kiosk.
func canApprove(s *shared.SessionInfo) bool {
	if s == nil || s.Kiosk != nil {
		return false
	}
	for _, m := range s.Methods {
		switch m {
		case shared.FactorPasskey, shared.FactorTOTP, shared.FactorSMS, shared.FactorRecovery:
			return true
		}
	}
	return false
}

func (b *approvalBanner) OnMount(ctx app.Context) { b.listen(ctx) }

// OnUpdate starts listening once the session is known (it arrives after
// the page mounted).
func (b *approvalBanner) OnUpdate(ctx app.Context) { b.listen(ctx) }

func (b *approvalBanner) listen(ctx app.Context) {
	if b.listening || !canApprove(b.Isess) {
		return
	}
	b.listening = true
	lctx := b.life.Begin(ctx)
	ctx.Async(func() {
		var seen []string
		for lctx.Err() == nil {
			l, err := api.WaitApprovals(lctx, seen)
			switch {
			case lctx.Err() != nil:
				return
			case IsAuthError(err):
				return // signed out: the page handles it
			case err != nil:
				time.Sleep(5 * time.Second)
				continue
			}
			seen = seen[:0]
			for _, it := range l.Items {
				seen = append(seen, it.ID)
			}
			ctx.Dispatch(func(ctx app.Context) { b.items = l.Items })
		}
	})
}

func (b *approvalBanner) Render() app.UI {
	if len(b.items) == 0 {
		return app.Div().ID("approvals").Aria("live", "polite")
	}
	r := b.items[0]
	device := OrWord(r.Device, t("sessions.unknownDevice"))
	k := "approve." // a sign-in, or a step-up: "approve.step_up."
	if r.Kind == shared.QRKindStepUp {
		k += r.Kind + "."
	}
	title, text := t(k+"title"), t(k+"text", device, r.IP, r.Subject)
	return app.Div().ID("approvals").Aria("live", "polite").Body(
		ds.NewNotice(ds.Warning, title).ID("approval-banner").Body(
			app.P().Text(text),
			ds.Actions(
				ds.NewButton(t("approve.open")).ID("btn-approval-open").Href(PathQR+"?id="+r.ID),
			),
		),
	)
}
