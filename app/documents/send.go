package documents

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	shareddocs "kabinet/shared/documents"
)

// sendPage («Отправить документы», /documents/send): the category, the
// agency, the kind of request, the documents (each signed with a kind the
// agency accepts), a note, and send.
type sendPage struct {
	app.Compo
	live
	authed

	agencies page.Remote[shareddocs.Agencies]
	docs     page.Remote[shareddocs.DocumentList]

	category string
	agency   string
	request  string
	chosen   []string
	note     string
	f        page.Form
}

// Send is «Отправить документы».
func Send() app.Composer { return &sendPage{} }

func (p *sendPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "docs.sendTitle")
	p.Load(ctx, func(ctx app.Context, _ shared.SessionInfo) {
		agenciesQuery.Load(ctx, &p.agencies)
		listQuery.Load(ctx, &p.docs, app.T("q", ""), app.T("type", ""), app.T("status", ""), app.T("from", ""), app.T("to", ""))
	})
}

func (p *sendPage) chosenAgency() *shareddocs.Agency {
	for i, a := range p.agencies.Data.Items {
		if a.Code == p.agency {
			return &p.agencies.Data.Items[i]
		}
	}
	return nil
}

func (p *sendPage) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	if !p.f.Start() {
		return
	}
	req := shareddocs.SendRequest{Agency: p.agency, Request: p.request, Note: p.note, Documents: p.chosen}
	if err := req.Validate(); err != nil {
		p.f.Fail(ctx, err)
		return
	}
	page.Do(ctx, func() (shareddocs.Sending, error) { return page.API().Send(ctx, req) },
		func(ctx app.Context, s shareddocs.Sending) { p.f.Done(); ctx.Navigate(SendingPath(s.ID)) },
		func(ctx app.Context, err error) { p.f.Fail(ctx, err) })
}

func (p *sendPage) Render() app.UI {
	body := []app.UI{ds.BackLink(PathDocuments, t("docs.back")), ds.NewPageHead(t("docs.sendH1")).Lead(t("docs.sendLead"))}
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavCabinet, append(body, g)...)
	}
	if p.agencies.Status == page.Failed || p.docs.Status == page.Failed {
		return page.Private(p.Sess, page.NavCabinet, append(body, ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("send-error").Text(p.agencies.Err+p.docs.Err))...)
	}
	if p.agencies.Status != page.Loaded || p.docs.Status != page.Loaded {
		return page.Private(p.Sess, page.NavCabinet, append(body, ds.NewSkeleton(5, t("common.loading")))...)
	}
	cats := []ds.Option{}
	for _, c := range shareddocs.Categories {
		cats = append(cats, ds.Option{ID: "f-category-" + string(c), Value: string(c), Label: t("docs.category." + string(c))})
	}
	var agencies []ds.Option
	for _, a := range p.agencies.Data.Items {
		if string(a.Category) == p.category {
			agencies = append(agencies, ds.Option{ID: "f-agency-" + a.Code, Value: a.Code, Label: a.Name})
		}
	}
	a := p.chosenAgency()
	var requests []ds.Option
	accepts := ""
	if a != nil {
		for _, r := range a.Requests {
			requests = append(requests, ds.Option{ID: "f-request-" + r.Code, Value: r.Code, Label: r.Title})
		}
		for i, k := range a.Signatures {
			if i > 0 {
				accepts += "; "
			}
			accepts += t("sig.kind." + k)
		}
	}
	var docs []ds.Option
	for _, d := range p.docs.Data.Items {
		docs = append(docs, ds.Option{ID: "f-doc-" + d.ID, Value: d.ID, Label: d.Name, Hint: typeText(d.Type) + " · " + t("docs.status."+d.Status)})
	}
	form := app.Form().ID("form-send").Class("form").NoValidate(true).OnSubmit(p.submit).Body(
		ds.NewRadios("category", t("docs.category")).Value(p.category).Options(cats...).OnChange(func(v string) { p.category, p.agency, p.request = v, "", "" }),
		app.If(len(agencies) > 0, func() app.UI {
			return ds.NewRadios("agency", t("docs.agency")).Value(p.agency).Error(p.f.Err("agency")).Options(agencies...).OnChange(func(v string) { p.agency, p.request = v, "" })
		}),
		app.If(a != nil, func() app.UI {
			return app.Div().Body(
				ds.NewNotice(ds.Info, t("docs.accepts")).ID("agency-accepts").Text(accepts),
				ds.NewRadios("request", t("docs.request")).Value(p.request).Error(p.f.Err("request")).Options(requests...).OnChange(func(v string) { p.request = v }),
			)
		}),
		app.If(len(docs) == 0, func() app.UI {
			return ds.NewEmptyState(t("docs.emptyTitle"), t("docs.sendNoDocs")).Action(app.A().Href(PathDocuments).Text(t("docs.toUpload")))
		}).Else(func() app.UI {
			return ds.NewCheckboxes("documents", t("docs.attach")).Hint(t("docs.attachHint")).Values(p.chosen).Error(p.f.Err("documents")).Options(docs...).OnChange(func(v []string) { p.chosen = v })
		}),
		ds.NewTextField("f-note", t("docs.note")).Optional(t("field.ifAny")).Value(p.note).Error(p.f.Err("note")).OnChange(func(v string) { p.note = v }),
		ds.Actions(ds.NewButton(t("docs.sendButton")).ID("btn-send").Submit().Busy(p.f.Busy, t("common.wait"))),
	)
	body = append(body, p.f.Head([]string{"agency", "request", "documents", "note"}), form)
	return page.Private(p.Sess, page.NavCabinet, body...)
}
