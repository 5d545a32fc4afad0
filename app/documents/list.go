package documents

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	shareddocs "kabinet/shared/documents"
)

// listPage («Мои документы», /documents) uploads files and lists the
// person's documents with a search by name, type, status and date.
type listPage struct {
	app.Compo
	live
	authed

	docs page.Remote[shareddocs.DocumentList]

	q, typ, status, from, to string

	up       page.Form
	uploaded string // the notice after an upload
}

// List is «Мои документы».
func List() app.Composer { return &listPage{} }

func (p *listPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "docs.title")
	p.uploaded = ""
	p.Load(ctx, func(ctx app.Context, _ shared.SessionInfo) { p.reload(ctx) })
}

func (p *listPage) reload(ctx app.Context) {
	listQuery.Load(ctx, &p.docs, app.T("q", p.q), app.T("type", p.typ), app.T("status", p.status),
		app.T("from", p.from), app.T("to", p.to))
}

func (p *listPage) search(ctx app.Context, e app.Event) {
	e.PreventDefault()
	p.reload(p.On(ctx))
}

func (p *listPage) Render() app.UI {
	body := []app.UI{
		ds.NewPageHead(t("docs.h1")).Lead(t("docs.lead")),
		app.Ul().Class("links links--inline").Body(
			app.Li().Body(app.A().ID("link-send").Href(PathSend).Text(t("docs.toSend"))),
			app.Li().Body(app.A().ID("link-incoming").Href(PathIncoming).Text(t("docs.toIncoming"))),
			app.Li().Body(app.A().ID("link-verify").Href(PathVerify).Text(t("docs.toVerify"))),
		),
	}
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavCabinet, append(body, g)...)
	}
	body = append(body, p.uploadCard())
	body = append(body, ds.NewCard(t("docs.searchTitle")).ID("docs-search").Body(
		app.Form().ID("form-search").Class("form").NoValidate(true).OnSubmit(p.search).Body(
			ds.NewTextField("f-q", t("docs.searchName")).Optional(t("field.ifAny")).Value(p.q).OnChange(func(v string) { p.q = v }),
			app.Div().Class("filters").Body(
				ds.NewRadios("type", t("docs.searchType")).Inline().Value(p.typ).Options(typeOptions()...).OnChange(func(v string) { p.typ = v }),
				ds.NewRadios("status", t("docs.searchStatus")).Inline().Value(p.status).Options(statusOptions()...).OnChange(func(v string) { p.status = v }),
			),
			app.Div().Class("filters").Body(
				ds.NewDateField("f-from", t("docs.from")).Optional(t("field.ifAny")).Value(p.from).OnChange(func(v string) { p.from = v }),
				ds.NewDateField("f-to", t("docs.to")).Optional(t("field.ifAny")).Value(p.to).OnChange(func(v string) { p.to = v }),
			),
			ds.Actions(ds.NewButton(t("docs.search")).ID("btn-search").Kind("secondary").Submit()),
		),
	))
	return page.Private(p.Sess, page.NavCabinet, append(body, p.listView()...)...)
}

func (p *listPage) listView() []app.UI {
	switch {
	case p.docs.Status == page.Failed:
		return []app.UI{ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("docs-error").Text(p.docs.Err)}
	case p.docs.Status != page.Loaded && len(p.docs.Data.Items) == 0:
		return []app.UI{ds.NewSkeleton(3, t("common.loading"))}
	case len(p.docs.Data.Items) == 0:
		return []app.UI{ds.NewEmptyState(t("docs.emptyTitle"), t("docs.emptyText"))}
	}
	rows := make([][]app.UI, len(p.docs.Data.Items))
	for i, d := range p.docs.Data.Items {
		rows[i] = []app.UI{
			app.A().ID("doc-" + d.ID).Href(CardPath(d.ID)).Text(d.Name),
			app.Text(typeText(d.Type) + " · " + sizeText(d.Size)),
			app.Text(page.FormatDateTime(d.CreatedAt)),
			docStatusTag(d.Status),
		}
	}
	return []app.UI{ds.NewTable(t("docs.listCaption"), t("docs.colName"), t("docs.colType"), t("docs.colDate"), t("docs.colStatus")).ID("docs").Rows(rows)}
}

func typeOptions() []ds.Option {
	opts := []ds.Option{{ID: "f-type-any", Value: "", Label: t("docs.any")}}
	for _, ty := range shareddocs.Types {
		opts = append(opts, ds.Option{ID: "f-type-" + string(ty), Value: string(ty), Label: typeText(ty)})
	}
	return opts
}

func statusOptions() []ds.Option {
	opts := []ds.Option{{ID: "f-status-any", Value: "", Label: t("docs.any")}}
	for _, st := range []string{shareddocs.StatusUploaded, shareddocs.StatusSigned, shareddocs.StatusSent} {
		opts = append(opts, ds.Option{ID: "f-status-" + st, Value: st, Label: t("docs.status." + st)})
	}
	return opts
}

// typeText is a type's name as people know it: «PDF», «JPG».
func typeText(ty shareddocs.Type) string {
	if ty == "" {
		return ""
	}
	b := []byte(ty)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

func docStatusTag(st string) app.UI {
	kind := ds.Neutral
	switch st {
	case shareddocs.StatusSigned:
		kind = ds.Info
	case shareddocs.StatusSent:
		kind = ds.Success
	}
	return ds.NewTag(kind, t("docs.status."+st))
}
