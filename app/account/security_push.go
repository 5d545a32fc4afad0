package account

import (
	"errors"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// «Запросы на вход на этом телефоне»: a session opened with a second
// factor can approve sign-ins elsewhere. Requests always appear in the app
// while it is open; with notifications allowed they also arrive by push.

func (p *securityPage) loadPush(ctx app.Context) { qPush.Load(ctx, &p.pushSt) }

// errPushDenied is the browser's refusal to show notifications.
var errPushDenied = errors.New("notifications denied")

func (p *securityPage) pushOn(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if p.pushBusy || p.pushSt.Data == nil {
		return
	}
	p.pushBusy, p.pushErr = true, ""
	key := p.pushSt.Data.Key
	page.Run(ctx, func() error {
		if perm := ctx.Notifications().RequestPermission(); perm != app.NotificationGranted {
			return errPushDenied
		}
		sub, err := ctx.Notifications().Subscribe(key)
		if err != nil {
			return err
		}
		var s shared.PushSubscription
		s.Endpoint, s.Keys.P256dh, s.Keys.Auth = sub.Endpoint, sub.Keys.P256dh, sub.Keys.Auth
		return page.API().SubscribePush(ctx, s)
	}, func(ctx app.Context) { p.pushDone(ctx, "pushdev.onNotice") }, func(ctx app.Context, err error) {
		p.pushBusy = false
		_, ours := shared.AsError(err)
		switch {
		case errors.Is(err, errPushDenied):
			p.pushErr = t("pushdev.denied")
		case ours:
			p.pushErr = page.ErrText(err)
		default:
			p.pushErr = t("pushdev.failed")
		}
	})
}

func (p *securityPage) pushOff(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if p.pushBusy {
		return
	}
	p.pushBusy = true
	page.Run(ctx, func() error { return page.API().UnsubscribePush(ctx) },
		func(ctx app.Context) { p.pushDone(ctx, "pushdev.offNotice") },
		func(ctx app.Context, err error) { p.pushBusy, p.pushErr = false, page.ErrText(err) })
}

// pushDone tells what changed and shows this phone's new state.
func (p *securityPage) pushDone(ctx app.Context, key string) {
	p.pushBusy = false
	p.notice = t(key)
	ds.Focus(ctx, "security-notice")
	p.loadPush(ctx)
}

func (p *securityPage) pushCard() app.UI {
	st := p.pushSt.Data
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
