package office

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// The person's sessions and a pending «нет доступа к второму фактору» on
// the back office's person page: staff end one or all sessions without
// blocking (people.block), and settle the request after checking the
// passport in person (people.confirm).

// personExtras is the state of those two cards.
type personExtras struct {
	sessions []shared.SessionItem
	sBusy    string // the handle being ended, or "all"
	sErr     string

	reset   *shared.FactorReset // the person's pending request, if any
	resetD  shared.FactorResetDecision
	rf      page.Form
	settled string
}

// fetchExtras loads the sessions and, for staff who confirm people, the
// person's pending request.
func (p *personPage) fetchExtras(ctx app.Context, staff shared.Account) {
	id := p.id
	ctx.Async(func() {
		l, err := page.API().PersonSessions(ctx, id)
		var resets shared.FactorResetList
		if err == nil && staff.Can(shared.PermPeopleConfirm) {
			resets, err = page.API().FactorResets(ctx)
		}
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if !page.APIFailed(ctx, err) {
					p.ex.sErr = page.ErrText(err)
				}
				return
			}
			p.ex.sessions, p.ex.reset = l.Items, nil
			for _, r := range resets.Items {
				if r.AccountID == id {
					p.ex.reset = &r
				}
			}
		})
	})
}

func (p *personPage) endSession(ctx app.Context, e app.Event) {
	handle := ctx.JSSrc().Get("dataset").Get("session").String()
	p.endSessions(p.On(ctx), handle)
}

func (p *personPage) endAllSessions(ctx app.Context, e app.Event) { p.endSessions(p.On(ctx), "") }

func (p *personPage) endSessions(ctx app.Context, handle string) {
	if p.ex.sBusy != "" {
		return
	}
	p.ex.sBusy, p.ex.sErr = page.OrWord(handle, "all"), ""
	id := p.id
	ctx.Async(func() {
		err := page.API().EndPersonSessions(ctx, id, handle)
		ctx.Dispatch(func(ctx app.Context) {
			p.ex.sBusy = ""
			if err != nil {
				if !page.APIFailed(ctx, err) {
					p.ex.sErr = page.ErrText(err)
				}
				return
			}
			p.showToast(ctx, t(map[bool]string{true: "office.sessions.endedAll", false: "office.sessions.ended"}[handle == ""]))
			p.fetchExtras(ctx, p.Account())
			p.reloadJournal(ctx)
		})
	})
}

// sessionsView lists the person's sessions with «Завершить» for staff who may.
func (p *personPage) sessionsView(canEnd bool) []app.UI {
	out := []app.UI{app.H2().Text(t("office.sessions.title"))}
	if p.ex.sErr != "" {
		out = append(out, ds.NewNotice(ds.Danger, p.ex.sErr).ID("sessions-error"))
	}
	if len(p.ex.sessions) == 0 {
		return append(out, app.P().ID("person-sessions-empty").Class("muted").Text(t("office.sessions.empty")))
	}
	rows := make([][]app.UI, len(p.ex.sessions))
	for i, s := range p.ex.sessions {
		var action app.UI = app.Text("")
		if canEnd {
			action = app.Button().Class("button button--secondary").Type("button").ID("btn-end-"+s.ID[:12]).
				DataSet("session", s.ID).Disabled(p.ex.sBusy != "").OnClick(p.endSession).Text(t("office.sessions.end"))
		}
		rows[i] = []app.UI{app.Text(page.OrWord(s.Device, t("sessions.unknownDevice"))), app.Text(page.OrWord(s.IP, "—")),
			app.Text(page.FormatDateTime(s.LastSeenAt)), action}
	}
	out = append(out, ds.NewTable(t("office.sessions.title"), t("sessions.device"), t("sessions.where"), t("sessions.lastActive"),
		t("sessions.action")).ID("person-sessions").Rows(rows))
	if canEnd {
		out = append(out, app.P().Class("muted").Text(t("office.sessions.note")), ds.Actions(
			ds.NewButton(t("office.sessions.endAll")).ID("btn-end-all").Kind(ds.DangerBtn).
				Busy(p.ex.sBusy == "all", t("common.loading")).OnClick(p.endAllSessions)))
	}
	return out
}
