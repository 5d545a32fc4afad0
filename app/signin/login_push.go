package signin

import (
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// Approval on the phone in the sign-in's second step: the request goes to
// the person's phones (push and in the app), this screen shows the number
// to pick there and waits; an approved request finishes the sign-in.

func (p *loginPage) usePush(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if p.sf.Busy {
		return
	}
	p.method, p.code, p.codeErr = shared.FactorPush, "", ""
	p.sf.Clear()
	p.startPush(ctx)
}

func (p *loginPage) retryPush(ctx app.Context, e app.Event) { p.startPush(p.On(ctx)) }

// startPush sends the request and follows it until it ends.
func (p *loginPage) startPush(ctx app.Context) {
	if p.step == nil {
		return
	}
	p.push, p.pushStatus, p.pushReason, p.pushErr = nil, "", "", ""
	ticket := p.step.Ticket
	lctx := p.pushLife.Begin(ctx)
	ctx.Async(func() {
		req, err := page.API().StartPushApproval(lctx, ticket)
		if err != nil {
			ctx.Dispatch(func(ctx app.Context) { p.pushFailed(ctx, err) })
			return
		}
		ctx.Dispatch(func(ctx app.Context) {
			p.push, p.pushStatus = &req, shared.QRScanned
			ds.Focus(ctx, "push-number")
		})
		seen := shared.QRScanned
		for lctx.Err() == nil {
			st, err := page.API().WaitQR(lctx, req.ID, req.Secret, seen)
			switch {
			case lctx.Err() != nil:
				return // another way was chosen, or the page went away
			case shared.ErrorCode(err) == shared.CodeUnavailable:
				time.Sleep(2 * time.Second)
				continue
			case err != nil:
				ctx.Dispatch(func(ctx app.Context) { p.pushFailed(ctx, err) })
				return
			}
			seen = st.Status
			ctx.Dispatch(func(ctx app.Context) { p.pushStatus, p.pushReason = st.Status, st.Reason })
			switch st.Status {
			case shared.QRApproved:
				sess, err := page.API().LoginSecondFactor(lctx, shared.SecondFactorRequest{Ticket: ticket, Method: shared.FactorPush, Code: req.ID})
				ctx.Dispatch(func(ctx app.Context) {
					if err != nil {
						p.pushFailed(ctx, err)
						return
					}
					p.step, p.password = nil, ""
					ctx.Navigate(page.Landing(p.next, sess))
				})
				return
			case shared.QRDenied, shared.QRExpired, shared.QRConsumed:
				return
			}
		}
	})
}

func (p *loginPage) pushFailed(ctx app.Context, err error) {
	if p.ticketGone(ctx, err) {
		return
	}
	p.pushErr = page.ErrText(err)
	ds.Focus(ctx, "push-error")
}

// pushStep shows the number and what the phone has done.
func (p *loginPage) pushStep() app.UI {
	var state []app.UI
	switch {
	case p.pushErr != "":
		state = append(state, ds.NewNotice(ds.Danger, "").ID("push-error").Text(p.pushErr))
	case p.push == nil:
		state = append(state, ds.NewSkeleton(2, t("common.loading")))
	case p.pushStatus == shared.QRApproved || p.pushStatus == shared.QRConsumed:
		state = append(state, ds.NewNotice(ds.Success, t("qr.approvedTitle")).ID("push-status").Text(t("qr.approvedText")))
	case p.pushStatus == shared.QRDenied:
		text := t("push.declined")
		if p.pushReason == shared.QRWrongNumber {
			text = t("push.wrongNumber")
		}
		state = append(state, ds.NewNotice(ds.Danger, t("qr.deniedTitle")).ID("push-status").Text(text),
			ds.NewButton(t("push.again")).ID("btn-push-again").Kind(ds.Secondary).OnClick(p.retryPush))
	case p.pushStatus == shared.QRExpired:
		state = append(state, ds.NewNotice(ds.Warning, t("qr.expiredTitle")).ID("push-status").Text(t("push.expired")),
			ds.NewButton(t("push.again")).ID("btn-push-again").Kind(ds.Secondary).OnClick(p.retryPush))
	default:
		state = append(state,
			app.P().Class("qr-login__number-label").Text(t("qr.numberLabel")),
			app.P().ID("push-number").Class("qr-login__number").TabIndex(-1).Text(strconv.Itoa(p.push.Number)),
			app.P().Class("muted").Text(t("push.waiting")))
	}
	return app.Div().ID("second-factor").Body(
		ds.NewPageHead(t("login.factorH1")).Lead(t("push.lead")),
		app.Div().ID("push-step").Class("qr-login").Body(state...),
		p.otherWays(),
	)
}
