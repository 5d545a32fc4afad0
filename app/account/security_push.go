package account

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// «Запросы на вход на этом телефоне»: a session opened with a second
// factor can approve sign-ins elsewhere. Requests always appear in the app
// while it is open; with notifications allowed they also arrive by push.

func (p *securityPage) loadPush(ctx app.Context) {
	ctx.Async(func() {
		st, err := page.API().PushStatus(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			if err == nil {
				p.pushSt = &st
			}
		})
	})
}

func (p *securityPage) pushOn(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if p.pushBusy || p.pushSt == nil {
		return
	}
	p.pushBusy, p.pushErr = true, ""
	key := p.pushSt.Key
	ctx.Async(func() {
		var err error
		if perm := ctx.Notifications().RequestPermission(); perm != app.NotificationGranted {
			ctx.Dispatch(func(ctx app.Context) { p.pushBusy, p.pushErr = false, t("pushdev.denied") })
			return
		}
		sub, err := ctx.Notifications().Subscribe(key)
		if err == nil {
			var s shared.PushSubscription
			s.Endpoint, s.Keys.P256dh, s.Keys.Auth = sub.Endpoint, sub.Keys.P256dh, sub.Keys.Auth
			err = page.API().SubscribePush(ctx, s)
		}
		ctx.Dispatch(func(ctx app.Context) {
			p.pushBusy = false
			if err != nil {
				if _, ok := shared.AsError(err); ok {
					p.pushErr = page.ErrText(err)
				} else {
					p.pushErr = t("pushdev.failed")
				}
				return
			}
			p.notice = t("pushdev.onNotice")
			ds.Focus(ctx, "security-notice")
			p.loadPush(ctx)
		})
	})
}

func (p *securityPage) pushOff(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if p.pushBusy {
		return
	}
	p.pushBusy = true
	ctx.Async(func() {
		err := page.API().UnsubscribePush(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			p.pushBusy = false
			if err != nil {
				p.pushErr = page.ErrText(err)
				return
			}
			p.notice = t("pushdev.offNotice")
			ds.Focus(ctx, "security-notice")
			p.loadPush(ctx)
		})
	})
}

func (p *securityPage) pushCard() app.UI {
	st := p.pushSt
	if st == nil || page.KioskMode() {
		return nil
	}
	body := []app.UI{app.P().Text(t("pushdev.lead"))}
	switch {
	case !st.CanApprove:
		body = append(body, ds.NewNotice(ds.Info, "").ID("push-weak-session").Text(t("pushdev.weakSession")))
	case st.Subscribed:
		body = append(body,
			ds.NewSummaryList(ds.Row{Key: t("pushdev.notifications"), Value: app.Span().ID("push-status").Body(ds.NewTag(ds.Success, t("security.on")))}),
			ds.Actions(ds.NewButton(t("pushdev.off")).ID("btn-push-off").Kind(ds.Secondary).Busy(p.pushBusy, t("common.wait")).OnClick(p.pushOff)))
	default:
		body = append(body,
			ds.NewSummaryList(ds.Row{Key: t("pushdev.notifications"), Value: app.Span().ID("push-status").Body(ds.NewTag(ds.Neutral, t("security.off")))}),
			ds.Actions(ds.NewButton(t("pushdev.on")).ID("btn-push-on").Kind(ds.Secondary).Busy(p.pushBusy, t("common.wait")).OnClick(p.pushOn)))
	}
	if p.pushErr != "" {
		body = append(body, ds.NewNotice(ds.Danger, "").ID("push-error").Text(p.pushErr))
	}
	return ds.NewCard(t("pushdev.title")).ID("push-card").Body(body...)
}
