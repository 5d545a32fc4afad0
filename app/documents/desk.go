package documents

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	shareddocs "kabinet/shared/documents"
)

// deskPage is the agency officer's queue (/office/documents): the
// sendings to the officer's agencies, by category and status, oldest
// first with how long each waits. The server limits it to the officer's
// agencies.
type deskPage struct {
	app.Compo
	live
	authed

	category, status string
	queue            page.Remote[shareddocs.Queue]
}

// Desk is the officer's queue.
func Desk() app.Composer { return &deskPage{} }

func (p *deskPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "desk.title")
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) {
		if s.Account.Can(shared.PermDocumentsDesk) && s.SecondFactor {
			p.reload(ctx)
		}
	})
}

func (p *deskPage) reload(ctx app.Context) {
	queueQuery.Load(ctx, &p.queue, app.T("category", p.category), app.T("status", p.status))
}

func (p *deskPage) filter(ctx app.Context, e app.Event) {
	e.PreventDefault()
	p.reload(p.On(ctx))
}

func (p *deskPage) Render() app.UI {
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavOffice, ds.NewPageHead(t("desk.h1")), g)
	}
	if g := p.FactorGate(); g != nil {
		return page.Private(p.Sess, page.NavOffice, g...)
	}
	if !p.Account().Can(shared.PermDocumentsDesk) {
		return page.Private(p.Sess, page.NavOffice, page.NoAccess()...)
	}
	cats := []ds.Option{{ID: "f-category-any", Value: "", Label: t("desk.anyCategory")}}
	for _, c := range shareddocs.Categories {
		cats = append(cats, ds.Option{ID: "f-category-" + string(c), Value: string(c), Label: t("docs.category." + string(c))})
	}
	sts := []ds.Option{{ID: "f-status-waiting", Value: "", Label: t("desk.waiting")}}
	for _, st := range shareddocs.SendingStatuses {
		sts = append(sts, ds.Option{ID: "f-status-" + st, Value: st, Label: t("docs.sending." + st)})
	}
	body := []app.UI{
		ds.BackLink(page.PathOffice, t("desk.toOffice")),
		ds.NewPageHead(t("desk.h1")).Lead(t("desk.lead")),
	}
	q := p.queue
	switch {
	case q.Status == page.Failed:
		body = append(body, ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("queue-error").Text(q.Err))
	case q.Status != page.Loaded && len(q.Data.Items) == 0:
		body = append(body, ds.NewSkeleton(3, t("common.loading")))
	case len(q.Data.Items) == 0:
		body = append(body, ds.NewEmptyState(t("desk.empty"), t("desk.emptyText")))
	default:
		rows := make([][]app.UI, len(q.Data.Items))
		for i, s := range q.Data.Items {
			rows[i] = []app.UI{
				app.A().ID("queue-" + s.ID).Href(DeskSendingPath(s.ID)).Text(t("docs.sendingNo", s.Number)),
				app.Text(s.Person),
				app.Text(s.AgencyName + " · " + s.RequestTitle),
				app.Text(ageText(s.AgeMinutes)),
				sendingTag(s.Status),
			}
		}
		body = append(body, ds.NewTable(t("desk.queue"), t("docs.colNumber"), t("desk.person"), t("docs.colAgency"), t("desk.age"), t("docs.colStatus")).ID("queue").Rows(rows))
	}
	// The filters come after the queue, folded: on a phone the queue is
	// what the officer opens the page for.
	body = append(body, app.Details().ID("queue-filters").Class("filters-fold").Open(p.category != "" || p.status != "").Body(
		app.Summary().Text(t("desk.filters")),
		app.Form().ID("form-queue").Class("form").NoValidate(true).OnSubmit(p.filter).Body(
			app.Div().Class("filters").Body(
				ds.NewRadios("category", t("docs.category")).Inline().Value(p.category).Options(cats...).OnChange(func(v string) { p.category = v }),
				ds.NewRadios("status", t("docs.colStatus")).Inline().Value(p.status).Options(sts...).OnChange(func(v string) { p.status = v }),
			),
			ds.Actions(ds.NewButton(t("desk.show")).ID("btn-queue").Kind(ds.Secondary).Submit()),
		),
	))
	return page.Private(p.Sess, page.NavOffice, body...).Wide()
}

// ageText is how long a sending waits: «45 мин», «5 ч», «3 дн».
func ageText(min int64) string {
	switch {
	case min < 60:
		return t("desk.ageMin", strconv.FormatInt(min, 10))
	case min < 48*60:
		return t("desk.ageHours", strconv.FormatInt(min/60, 10))
	}
	return t("desk.ageDays", strconv.FormatInt(min/(24*60), 10))
}
