package documents

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	shareddocs "kabinet/shared/documents"
)

// sendingPage is a sending with its timeline (/documents/sendings/{id});
// when the agency asked for additions, the answer with more documents in
// the same thread.
type sendingPage struct {
	app.Compo
	live
	authed

	id      string
	sending page.Remote[shareddocs.Sending]
	docs    page.Remote[shareddocs.DocumentList]

	note   string
	chosen []string
	f      page.Form
	sent   bool
}

// Sending is a sending's page.
func Sending() app.Composer { return &sendingPage{} }

func (p *sendingPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "docs.sendingTitle")
	p.id, p.sent = lastPart(ctx.Page().URL().Path), false
	p.Load(ctx, func(ctx app.Context, _ shared.SessionInfo) { p.reload(ctx) })
}

func (p *sendingPage) reload(ctx app.Context) {
	sendingQuery.Load(ctx, &p.sending, app.T("id", p.id))
	listQuery.Load(ctx, &p.docs, app.T("q", ""), app.T("type", ""), app.T("status", ""), app.T("from", ""), app.T("to", ""))
}

func (p *sendingPage) answer(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	if !p.f.Start() {
		return
	}
	req := shareddocs.AnswerRequest{Note: p.note, Documents: p.chosen}
	if err := req.Validate(); err != nil {
		p.f.Fail(ctx, err)
		return
	}
	page.Do(ctx, func() (shareddocs.Sending, error) { return page.API().AnswerSending(ctx, p.id, req) },
		func(ctx app.Context, _ shareddocs.Sending) {
			p.f.Done()
			p.note, p.chosen, p.sent = "", nil, true
			ds.Focus(ctx, "answer-sent")
			p.reload(ctx)
		},
		func(ctx app.Context, err error) { p.f.Fail(ctx, err) })
}

func (p *sendingPage) Render() app.UI {
	body := []app.UI{ds.BackLink(PathDocuments, t("docs.back"))}
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavCabinet, append(body, g)...)
	}
	switch {
	case p.sending.Status == page.Failed:
		return page.Private(p.Sess, page.NavCabinet, append(body, ds.NewPageHead(t("docs.sendingTitle")),
			ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("sending-error").Text(p.sending.Err))...)
	case p.sending.Data.ID == "":
		return page.Private(p.Sess, page.NavCabinet, append(body, ds.NewSkeleton(5, t("common.loading")))...)
	}
	s := p.sending.Data
	body = append(body, ds.NewPageHead(t("docs.sendingNo", s.Number)).Lead(s.AgencyName+" · "+s.RequestTitle))
	if p.sent {
		body = append(body, ds.NewNotice(ds.Success, t("docs.answerSent")).ID("answer-sent"))
	}
	body = append(body, ds.NewSummaryList(
		ds.Row{Key: t("docs.colStatus"), Value: sendingTag(s.Status)},
		ds.Row{Key: t("docs.category"), Value: app.Text(t("docs.category." + string(s.Category)))},
		ds.Row{Key: t("docs.colDate"), Value: app.Text(page.FormatDateTime(s.CreatedAt))},
	).ID("sending-summary"))
	body = append(body, timeline(s.Events), attachedList(s.Documents, func(d shareddocs.Attached) app.UI {
		return app.A().Href(CardPath(d.ID)).Text(d.Name)
	}))
	if s.Status == shareddocs.SendingAdditions {
		body = append(body, p.answerCard())
	}
	return page.Private(p.Sess, page.NavCabinet, body...)
}

func (p *sendingPage) answerCard() app.UI {
	var docs []ds.Option
	for _, d := range p.docs.Data.Items {
		docs = append(docs, ds.Option{ID: "f-doc-" + d.ID, Value: d.ID, Label: d.Name, Hint: t("docs.status." + d.Status)})
	}
	return ds.NewCard(t("docs.answerTitle")).ID("sending-answer").Body(
		app.P().Text(t("docs.answerLead")),
		p.f.Head([]string{"documents", "note"}),
		app.Form().ID("form-answer").Class("form").NoValidate(true).OnSubmit(p.answer).Body(
			ds.NewCheckboxes("documents", t("docs.attach")).Hint(t("docs.answerHint")).Values(p.chosen).Error(p.f.Err("documents")).Options(docs...).OnChange(func(v []string) { p.chosen = v }),
			app.P().Body(app.A().ID("link-upload-more").Href(PathDocuments).Text(t("docs.toUpload"))),
			ds.NewTextField("f-note", t("docs.answerNote")).Optional(t("field.ifAny")).Value(p.note).Error(p.f.Err("note")).OnChange(func(v string) { p.note = v }),
			ds.Actions(ds.NewButton(t("docs.answerButton")).ID("btn-answer").Submit().Busy(p.f.Busy, t("common.wait"))),
		),
	)
}

// timeline is a sending's steps, oldest first, with the notes.
func timeline(events []shareddocs.Event) app.UI {
	items := make([]app.UI, len(events))
	for i, e := range events {
		items[i] = app.Li().Class("timeline__step").Body(
			sendingTag(e.Status),
			app.Span().Class("timeline__at").Text(" "+page.FormatDateTime(e.At)),
			app.If(e.Note != "", func() app.UI { return app.P().Class("timeline__note").Text(e.Note) }),
		)
	}
	return ds.NewCard(t("docs.timeline")).ID("sending-timeline").Body(app.Ol().Class("timeline plain-list").Body(items...))
}

func attachedList(l []shareddocs.Attached, name func(shareddocs.Attached) app.UI) app.UI {
	rows := make([][]app.UI, len(l))
	for i, d := range l {
		rows[i] = []app.UI{name(d), app.Text(typeText(d.Type) + " · " + sizeText(d.Size)), app.Text(page.FormatDateTime(d.AddedAt))}
	}
	return ds.NewTable(t("docs.attached"), t("docs.colName"), t("docs.colType"), t("docs.colAdded")).ID("sending-documents").Rows(rows)
}

// sendingTag is a sending's status as a tag with its word.
func sendingTag(st string) app.UI {
	kind := ds.Info
	switch st {
	case shareddocs.SendingAccepted:
		kind = ds.Success
	case shareddocs.SendingRejected:
		kind = ds.Danger
	case shareddocs.SendingAdditions:
		kind = ds.Warning
	}
	return ds.NewTag(kind, t("docs.sending."+st))
}
