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
	data  page.Remote[personExtrasData]
	sBusy string // the handle being ended, or "all"
	sErr  string // why ending failed

	resetD  shared.FactorResetDecision
	rf      page.Form
	settled string
}

// fetchExtras loads the sessions and, for staff who confirm people, the
// person's pending request.
func (p *personPage) fetchExtras(ctx app.Context, staff shared.Account) {
	resets := "0"
	if staff.Can(shared.PermPeopleConfirm) {
		resets = "1"
	}
	extrasQuery.Load(p.On(ctx), &p.ex.data, app.T("id", p.id), app.T("resets", resets))
}

// reset is the person's pending request, if any.
func (x *personExtras) reset() *shared.FactorReset { return x.data.Data.Reset }

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
	page.Do(ctx, func() (struct{}, error) { return struct{}{}, page.API().EndPersonSessions(ctx, id, handle) },
		func(ctx app.Context, _ struct{}) {
			p.ex.sBusy = ""
			p.showToast(ctx, t(map[bool]string{true: "office.sessions.endedAll", false: "office.sessions.ended"}[handle == ""]))
			p.fetchExtras(ctx, p.Account())
			p.reloadJournal(ctx)
		}, func(ctx app.Context, err error) {
			p.ex.sBusy, p.ex.sErr = "", page.ErrText(err)
		})
}

// sessionsView lists the person's sessions with «Завершить» for staff who may.
func (p *personPage) sessionsView(canEnd bool) []app.UI {
	out := []app.UI{app.H2().Text(t("office.sessions.title"))}
	why := p.ex.sErr
	if p.ex.data.Status == page.Failed {
		why = p.ex.data.Err
	}
	if why != "" {
		out = append(out, ds.NewNotice(ds.Danger, why).ID("sessions-error"))
	}
	sessions := p.ex.data.Data.Sessions
	if len(sessions) == 0 {
		return append(out, app.P().ID("person-sessions-empty").Class("muted").Text(t("office.sessions.empty")))
	}
	rows := make([][]app.UI, len(sessions))
	for i, s := range sessions {
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
