package account

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// sessionsPage lists every browser signed in to the account and signs out
// any one of them, or all but this one.
type sessionsPage struct {
	app.Compo
	live
	authed
	reauth

	data   page.Remote[*shared.SessionList]
	busy   string // id being signed out, or "others"
	err    string // a sign-out failed
	notice string
}

// Sessions is the account's signed-in browsers (/sessions).
func Sessions() app.Composer { return &sessionsPage{} }

func (p *sessionsPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "sessions.title")
	p.err, p.notice = "", ""
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) { p.reload(p.On(ctx)) })
}

func (p *sessionsPage) reload(ctx app.Context) { qSessions.Load(ctx, &p.data) }

// revoke signs out the session whose id the clicked button carries (read
// from the DOM: a handler must not capture a list item).
func (p *sessionsPage) revoke(ctx app.Context, e app.Event) {
	p.revokeOne(p.On(ctx), ctx.JSSrc().Get("dataset").Get("session").String())
}

func (p *sessionsPage) revokeOne(ctx app.Context, id string) {
	p.busy, p.notice = id, ""
	retry := func(ctx app.Context) { p.revokeOne(ctx, id) }
	page.Run(ctx, func() error { return page.API().RevokeSession(ctx, id) },
		func(ctx app.Context) { p.done(ctx, "sessions.revokedOne") },
		func(ctx app.Context, err error) { p.failed(ctx, err, retry) })
}

func (p *sessionsPage) revokeOthers(ctx app.Context, e app.Event) { p.revokeAll(p.On(ctx)) }

func (p *sessionsPage) revokeAll(ctx app.Context) {
	p.busy, p.notice = "others", ""
	page.Run(ctx, func() error { return page.API().RevokeOtherSessions(ctx) },
		func(ctx app.Context) { p.done(ctx, "sessions.revokedOthers") },
		func(ctx app.Context, err error) { p.failed(ctx, err, p.revokeAll) })
}

// done ends a sign-out: the notice, and the list without it.
func (p *sessionsPage) done(ctx app.Context, key string) {
	p.busy = ""
	p.notice = t(key)
	p.reload(ctx)
}

// failed ends a sign-out that did not happen; ending other sessions may
// first ask for the password again (retry runs after it).
func (p *sessionsPage) failed(ctx app.Context, err error, retry func(app.Context)) {
	p.busy = ""
	if !p.askReauth(ctx, err, retry) {
		p.err = page.ErrText(err)
	}
}

func (p *sessionsPage) Render() app.UI {
	head := []app.UI{
		ds.BackLink(page.PathCabinet, t("common.toCabinet")),
		ds.NewPageHead(t("sessions.title")).Lead(t("sessions.lead")),
	}
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavSessions, append(head, g)...)
	}
	body := head
	if errText := p.errText(); errText != "" {
		body = append(body, ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("form-error").Text(errText))
	}
	if p.notice != "" {
		body = append(body, ds.NewNotice(ds.Success, p.notice).ID("sessions-notice"))
	}
	if p.data.Data == nil {
		return page.Private(p.Sess, page.NavSessions, append(body, ds.NewSkeleton(3, t("common.loading")))...)
	}
	items := p.data.Data.Items
	rows := make([][]app.UI, len(items))
	others := 0
	for i, s := range items {
		var action app.UI = app.Span().Class("muted").Text(t("sessions.thisDevice"))
		if !s.Current {
			others++
			action = app.Button().Class("button button--secondary").Type("button").
				ID("btn-revoke-"+s.ID[:12]).DataSet("session", s.ID).
				Disabled(p.busy != "").OnClick(p.revoke).Text(t("sessions.revoke"))
		}
		place := t("qrok.place.unknown")
		if s.Place != "" {
			place = t("qrok.place." + s.Place)
		}
		rows[i] = []app.UI{
			app.Span().Body(app.Text(page.OrWord(s.Device, t("sessions.unknownDevice"))),
				app.If(s.Kiosk != "", func() app.UI { return app.Span().Class("block muted").Text(t("sessions.kiosk", s.Kiosk)) }),
				app.If(s.Current, func() app.UI { return app.Span().Class("block muted").Text(t("sessions.current")) })),
			app.Span().Body(app.Text(page.OrWord(s.IP, "—")), app.Span().Class("block muted").Text(place)),
			app.Text(page.MethodsText(s.Methods)),
			app.Text(page.FormatDateTime(s.CreatedAt)),
			app.Text(page.FormatDateTime(s.LastSeenAt)),
			action,
		}
	}
	body = append(body,
		ds.NewTable(t("sessions.caption"), t("sessions.device"), t("sessions.where"), t("sessions.how"),
			t("sessions.started"), t("sessions.lastActive"), t("sessions.action")).ID("sessions").Rows(rows),
	)
	if others > 0 {
		body = append(body, ds.Actions(
			ds.NewButton(t("sessions.revokeOthers")).ID("btn-revoke-others").Kind(ds.DangerBtn).
				Busy(p.busy == "others", t("common.loading")).OnClick(p.revokeOthers),
		))
	}
	body = append(body, app.P().Class("muted").Text(t("sessions.hint")), p.reauthDialog())
	return page.Private(p.Sess, page.NavSessions, body...)
}

// errText is why the list or a sign-out failed, if one did.
func (p *sessionsPage) errText() string {
	if p.err == "" && p.data.Status == page.Failed {
		return p.data.Err
	}
	return p.err
}
