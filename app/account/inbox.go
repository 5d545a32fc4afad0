package account

import (
	"slices"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// inboxPage (/notifications) is the in-app inbox and, beside it, one
// switch per category: off means no e-mail and nothing here for it.
type inboxPage struct {
	app.Compo
	live
	authed

	data   page.Remote[*inboxData]
	err    string // a change failed
	notice string
}

// Inbox is the inbox of notifications and their switches (/notifications).
func Inbox() app.Composer { return &inboxPage{} }

func (p *inboxPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "inbox.title")
	p.err, p.notice = "", ""
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) { p.reload(p.On(ctx)) })
}

func (p *inboxPage) reload(ctx app.Context) { qInbox.Load(ctx, &p.data) }

func (p *inboxPage) readAll(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	page.Run(ctx, func() error { return page.API().MarkRead(ctx) }, p.reload, p.failed)
}

func (p *inboxPage) toggle(ctx app.Context, category string, on bool) {
	page.Run(ctx, func() error { return page.API().SetNotifyPref(ctx, category, on) },
		func(ctx app.Context) {
			key := "inbox.switchedOff"
			if on {
				key = "inbox.switchedOn"
			}
			p.notice = t(key, t("inbox.cat."+category))
			ds.Focus(ctx, "inbox-notice")
			p.reload(ctx)
		}, p.failed)
}

func (p *inboxPage) failed(ctx app.Context, err error) { p.err = page.ErrText(err) }

func (p *inboxPage) Render() app.UI {
	body := []app.UI{ds.BackLink(page.PathCabinet, t("common.toCabinet")), ds.NewPageHead(t("inbox.h1")).Lead(t("inbox.lead"))}
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavInbox, append(body, g)...)
	}
	switch {
	case p.err != "" || p.data.Status == page.Failed:
		return page.Private(p.Sess, page.NavInbox, append(body, ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("form-error").Text(page.OrWord(p.err, p.data.Err)))...)
	case p.data.Data == nil:
		return page.Private(p.Sess, page.NavInbox, append(body, ds.NewSkeleton(4, t("common.loading")))...)
	}
	if p.notice != "" {
		body = append(body, ds.NewNotice(ds.Success, p.notice).ID("inbox-notice"))
	}
	in, off := p.data.Data.Inbox, p.data.Data.Off
	var list app.UI = ds.NewEmptyState(t("inbox.emptyTitle"), t("inbox.emptyText"))
	if len(in.Items) > 0 {
		items := make([]app.UI, len(in.Items))
		for i, n := range in.Items {
			args := make([]any, len(n.Args))
			for j, a := range n.Args {
				args[j] = a
			}
			class := "inbox__item"
			if !n.Read {
				class += " inbox__item--unread"
			}
			title := app.Text(t(n.Message+".title", args...))
			if n.Link != "" {
				title = app.A().Href(n.Link).Text(t(n.Message+".title", args...))
			}
			items[i] = app.Li().ID("inbox-"+strconv.Itoa(int(n.ID))).Class(class).Body(
				app.Div().Body(title),
				app.P().Class("hint").Text(t(n.Message+".body", args...)),
				app.P().Class("hint").Text(page.FormatDateTime(n.CreatedAt)),
			)
		}
		list = app.Div().Body(
			app.Ul().ID("inbox").Class("list list--rows").Body(items...),
			app.If(in.Unread > 0, func() app.UI {
				return ds.Actions(ds.NewButton(t("inbox.readAll")).ID("btn-read-all").Kind(ds.Secondary).OnClick(p.readAll))
			}),
		)
	}
	body = append(body, ds.NewCard(t("inbox.listTitle", in.Unread)).ID("inbox-card").Body(list))
	rows := make([]app.UI, len(shared.NotifyCategories))
	for i, c := range shared.NotifyCategories {
		on := !slices.Contains(off, c)
		cat, slug := c, strings.ReplaceAll(c, ".", "-")
		state, action, kind := t("inbox.on"), t("inbox.turnOff"), ds.Secondary
		if !on {
			state, action, kind = t("inbox.off"), t("inbox.turnOn"), ds.Primary
		}
		rows[i] = app.Div().Class("switch-row").Body(
			app.Div().Body(
				app.Strong().Text(t("inbox.cat."+c)),
				app.P().Class("hint").ID("pref-state-"+slug).Text(t("inbox.cat."+c+".hint")+" "+state),
			),
			ds.NewButton(action).ID("btn-pref-"+slug).Kind(kind).Label(action+": "+t("inbox.cat."+c)).
				OnClick(func(ctx app.Context, e app.Event) { p.toggle(p.On(ctx), cat, !on) }),
		)
	}
	body = append(body, ds.NewCard(t("inbox.prefsTitle")).ID("inbox-prefs").Body(append([]app.UI{app.P().Text(t("inbox.prefsText"))}, rows...)...))
	return page.Private(p.Sess, page.NavInbox, body...)
}
