package documents

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	shareddocs "kabinet/shared/documents"
)

// deskSendingPage is one sending at the desk (/office/documents/{id}):
// the sender, the documents with their signatures checked at a glance,
// the timeline; accept, reject with a reason, ask for additions, and
// send the person a document of the agency (signed by the portal's key).
type deskSendingPage struct {
	app.Compo
	live
	authed

	id      string
	sending page.Remote[shareddocs.OfficeSending]

	reason string
	f      page.Form
	done   string

	reply     page.Form
	replyFile string // the uploaded document's id
	kind      string
	title     string
}

// DeskSending is a sending at the desk.
func DeskSending() app.Composer { return &deskSendingPage{} }

func (p *deskSendingPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "desk.sendingTitle")
	p.id, p.done, p.kind = lastPart(ctx.Page().URL().Path), "", shareddocs.KindDecision
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) {
		if s.Account.Can(shared.PermDocumentsDesk) && s.SecondFactor {
			p.reload(ctx)
		}
	})
}

func (p *deskSendingPage) reload(ctx app.Context) {
	deskSendingQuery.Load(ctx, &p.sending, app.T("id", p.id))
}

// decide accepts, rejects or asks for additions.
func (p *deskSendingPage) decide(status string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		e.PreventDefault()
		ctx = p.On(ctx)
		if !p.f.Start() {
			return
		}
		p.done = ""
		reason := strings.TrimSpace(p.reason)
		if status != shareddocs.SendingAccepted {
			if err := (&shareddocs.DecisionRequest{Reason: reason}).Validate(); err != nil {
				p.f.Fail(ctx, err)
				return
			}
		}
		page.Do(ctx, func() (struct{}, error) { return struct{}{}, page.API().DecideSending(ctx, p.id, status, reason) },
			func(ctx app.Context, _ struct{}) {
				p.f.Done()
				p.reason, p.done = "", t("desk.done."+status)
				page.ClearInputs("f-reason")
				ds.Focus(ctx, "desk-done")
				p.reload(ctx)
			},
			func(ctx app.Context, err error) { p.f.Fail(ctx, err) })
	}
}

// sendReply uploads the agency's document and sends it to the person.
func (p *deskSendingPage) sendReply(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	if !p.reply.Start() {
		return
	}
	p.done = ""
	b, name, err := client.ReadFile("f-file")
	if err != nil {
		p.reply.Say("file", t("docs.fileNone"))
	} else if err := checkFile(int64(len(b)), name); err != nil {
		p.reply.Say("file", fileErrText(err))
	}
	if strings.TrimSpace(p.title) == "" {
		p.reply.SetField("title", shared.CodeRequired)
	}
	if !p.reply.Check(ctx) {
		return
	}
	req := shareddocs.IncomingRequest{Agency: p.sending.Data.Agency, SendingID: p.id, Kind: p.kind, Title: p.title}
	page.Do(ctx, func() (struct{}, error) {
		d, err := page.API().UploadDocument(ctx, name, b)
		if err != nil {
			return struct{}{}, err
		}
		req.Document = d.ID
		return struct{}{}, page.API().SendIncoming(ctx, req)
	}, func(ctx app.Context, _ struct{}) {
		p.reply.Done()
		p.title, p.done = "", t("desk.replySent")
		page.ClearInputs("f-file", "f-title")
		ds.Focus(ctx, "desk-done")
	}, func(ctx app.Context, err error) {
		p.reply.Busy = false
		p.reply.Clear()
		if e, ok := shared.AsError(err); ok && (e.Fields["file"].Code != "" || e.Fields["name"].Code != "") {
			p.reply.Say("file", fileErrText(err))
			p.reply.Check(ctx)
			return
		}
		p.reply.Fail(ctx, err)
	})
}

func (p *deskSendingPage) Render() app.UI {
	body := []app.UI{ds.BackLink(PathDesk, t("desk.back"))}
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavOffice, append(body, g)...)
	}
	if g := p.FactorGate(); g != nil {
		return page.Private(p.Sess, page.NavOffice, g...)
	}
	if !p.Account().Can(shared.PermDocumentsDesk) {
		return page.Private(p.Sess, page.NavOffice, page.NoAccess()...)
	}
	switch {
	case p.sending.Status == page.Failed:
		return page.Private(p.Sess, page.NavOffice, append(body, ds.NewPageHead(t("desk.sendingTitle")),
			ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("desk-error").Text(p.sending.Err))...)
	case p.sending.Data.ID == "":
		return page.Private(p.Sess, page.NavOffice, append(body, ds.NewSkeleton(5, t("common.loading")))...)
	}
	s := p.sending.Data
	body = append(body, ds.NewPageHead(t("docs.sendingNo", s.Number)).Lead(s.AgencyName+" · "+s.RequestTitle))
	if p.done != "" {
		body = append(body, ds.NewNotice(ds.Success, p.done).ID("desk-done"))
	}
	body = append(body, ds.NewSummaryList(
		ds.Row{Key: t("desk.person"), Value: app.Text(s.Person)},
		ds.Row{Key: t("docs.inn", ""), Value: page.OrDash(s.PersonINN)},
		ds.Row{Key: t("docs.colStatus"), Value: sendingTag(s.Status)},
		ds.Row{Key: t("docs.colDate"), Value: app.Text(page.FormatDateTime(s.CreatedAt))},
	).ID("desk-summary"))
	if s.Note != "" {
		body = append(body, ds.NewNotice(ds.Info, t("desk.note")).ID("desk-note").Text(s.Note))
	}
	body = append(body, p.documents(s), timeline(s.Events))
	if !shareddocs.Final(s.Status) {
		body = append(body, p.decisionCard(s.Status))
	}
	body = append(body, p.replyCard())
	return page.Private(p.Sess, page.NavOffice, body...).Wide()
}

// documents lists the attached files with their signatures at a glance.
func (p *deskSendingPage) documents(s shareddocs.OfficeSending) app.UI {
	rows := make([][]app.UI, len(s.Documents))
	for i, d := range s.Documents {
		sigs := []app.UI{}
		for _, sg := range d.Signatures {
			kind := ds.Success
			text := t("desk.sigValid", t("docs.signature."+sg.Kind), sg.Signer)
			if !sg.Valid {
				kind, text = ds.Danger, t("desk.sigInvalid", t("docs.signature."+sg.Kind), sg.Signer)
			}
			sigs = append(sigs, app.Div().Body(ds.NewTag(kind, text)))
		}
		if len(sigs) == 0 {
			sigs = append(sigs, ds.NewTag(ds.Warning, t("desk.unsigned")))
		}
		rows[i] = []app.UI{
			app.A().ID("desk-doc-"+d.ID).Href(client.OfficeContentURL(s.ID, d.ID)).Attr("download", "").Text(d.Name),
			app.Text(typeText(d.Type) + " · " + sizeText(d.Size)),
			app.Text(page.FormatDateTime(d.AddedAt)),
			app.Div().Body(sigs...),
		}
	}
	return ds.NewTable(t("docs.attached"), t("docs.colName"), t("docs.colType"), t("docs.colAdded"), t("docs.signatures")).ID("desk-documents").Rows(rows)
}

func (p *deskSendingPage) decisionCard(status string) app.UI {
	return ds.NewCard(t("desk.decision")).ID("desk-decision").Body(
		app.If(status == shareddocs.SendingAdditions, func() app.UI {
			return ds.NewNotice(ds.Warning, t("desk.awaiting")).ID("desk-awaiting")
		}),
		p.f.Head([]string{"reason"}),
		app.Form().ID("form-decision").Class("form").NoValidate(true).OnSubmit(p.decide(shareddocs.SendingAccepted)).Body(
			ds.NewTextField("f-reason", t("desk.reason")).Hint(t("desk.reasonHint")).Value(p.reason).Error(p.f.Err("reason")).OnChange(func(v string) { p.reason = v }),
			ds.Actions(
				ds.NewButton(t("desk.accept")).ID("btn-accept").Busy(p.f.Busy, t("common.wait")).OnClick(p.decide(shareddocs.SendingAccepted)),
				ds.NewButton(t("desk.additions")).ID("btn-additions").Kind(ds.Secondary).OnClick(p.decide(shareddocs.SendingAdditions)),
				ds.NewButton(t("desk.reject")).ID("btn-reject").Kind(ds.DangerBtn).OnClick(p.decide(shareddocs.SendingRejected)),
			),
		),
	)
}

func (p *deskSendingPage) replyCard() app.UI {
	kinds := []ds.Option{}
	for _, k := range shareddocs.IncomingKinds {
		kinds = append(kinds, ds.Option{ID: "f-kind-" + k, Value: k, Label: t("docs.incoming." + k)})
	}
	return ds.NewCard(t("desk.replyTitle")).ID("desk-reply").Body(
		app.P().Text(t("desk.replyLead")),
		p.reply.Head([]string{"kind", "title", "file"}),
		app.Form().ID("form-reply").Class("form").NoValidate(true).OnSubmit(p.sendReply).Body(
			ds.NewRadios("kind", t("desk.replyKind")).Inline().Value(p.kind).Error(p.reply.Err("kind")).Options(kinds...).OnChange(func(v string) { p.kind = v }),
			ds.NewTextField("f-title", t("desk.replyName")).Value(p.title).Error(p.reply.Err("title")).OnChange(func(v string) { p.title = v }),
			ds.NewFileField("f-file", t("docs.file")).Hint(t("docs.fileHint")).Accept(uploadAccept).Error(p.reply.Err("file")),
			ds.Actions(ds.NewButton(t("desk.replySend")).ID("btn-reply").Submit().Busy(p.reply.Busy, t("common.wait"))),
		),
	)
}
