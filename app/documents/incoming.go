package documents

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	shareddocs "kabinet/shared/documents"
)

// incomingPage («Входящие документы», /documents/incoming): what agencies
// sent, unread ones marked; each downloads and links to the verification.
// Below, the person's sendings with their status.
type incomingPage struct {
	app.Compo
	live
	authed

	incoming page.Remote[shareddocs.IncomingList]
	sendings page.Remote[shareddocs.SendingList]
}

// Incoming is «Входящие документы».
func Incoming() app.Composer { return &incomingPage{} }

func (p *incomingPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "docs.incomingTitle")
	p.Load(ctx, func(ctx app.Context, _ shared.SessionInfo) { p.reload(ctx) })
}

func (p *incomingPage) reload(ctx app.Context) {
	incomingQuery.Load(ctx, &p.incoming)
	sendingsQuery.Load(ctx, &p.sendings)
}

// read marks a document read when it is downloaded.
func (p *incomingPage) read(id string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		ctx = p.On(ctx)
		page.Do(ctx, func() (struct{}, error) { return struct{}{}, page.API().MarkIncomingRead(ctx, id) },
			func(ctx app.Context, _ struct{}) { incomingQuery.Load(ctx, &p.incoming) }, nil)
	}
}

func (p *incomingPage) Render() app.UI {
	body := []app.UI{ds.BackLink(PathDocuments, t("docs.back")), ds.NewPageHead(t("docs.incomingH1")).Lead(t("docs.incomingLead"))}
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavCabinet, append(body, g)...)
	}
	in := p.incoming
	switch {
	case in.Status == page.Failed:
		body = append(body, ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("incoming-error").Text(in.Err))
	case in.Status != page.Loaded && len(in.Data.Items) == 0:
		body = append(body, ds.NewSkeleton(3, t("common.loading")))
	case len(in.Data.Items) == 0:
		body = append(body, ds.NewEmptyState(t("docs.incomingEmpty"), t("docs.incomingEmptyText")))
	default:
		if in.Data.Unread > 0 {
			body = append(body, app.P().ID("incoming-unread").Text(t("docs.unreadCount", in.Data.Unread)))
		}
		rows := make([][]app.UI, len(in.Data.Items))
		for i, d := range in.Data.Items {
			var title app.UI = app.Text(d.Title)
			if !d.Read {
				title = app.Span().Body(ds.NewTag(ds.Info, t("docs.unread")), app.Text(" "), app.Strong().Text(d.Title))
			}
			verify := PathVerify + "?sha256=" + d.SHA256
			var signed []app.UI
			for _, s := range d.Signatures {
				verify += "&signature=" + s.ID
				signed = append(signed, app.Br(), app.Span().ID("incoming-signed-"+d.ID).Class("hint").Text(t("docs.signedBy", s.Signer)),
					app.Text(" "), app.A().ID("link-p7s-"+s.ID).Href(client.SignatureP7sURL(s.ID)).Attr("download", "").Text(t("docs.p7s")))
			}
			title = app.Span().Body(append([]app.UI{title}, signed...)...)
			rows[i] = []app.UI{
				title,
				app.Text(t("docs.incoming."+d.Kind) + " · " + d.AgencyName),
				app.Text(page.FormatDateTime(d.CreatedAt)),
				app.Div().Class("actions actions--inline").Body(
					app.A().ID("link-incoming-"+d.ID).Class("button button--secondary").Href(client.IncomingContentURL(d.ID)).
						Attr("download", "").Aria("label", t("docs.downloadNamed", d.Title)).OnClick(p.read(d.ID)).Text(t("docs.download")),
					app.A().ID("link-incoming-verify-"+d.ID).Class("link").Href(verify).Text(t("docs.verifyIt")),
				),
			}
		}
		body = append(body, ds.NewTable(t("docs.incomingList"), t("docs.colTitle"), t("docs.colFrom"), t("docs.colDate"), t("docs.colFile")).ID("incoming").Rows(rows))
	}
	body = append(body, app.H2().Text(t("docs.mySendings")))
	sl := p.sendings
	switch {
	case sl.Status == page.Failed:
		body = append(body, ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("sendings-error").Text(sl.Err))
	case len(sl.Data.Items) == 0:
		body = append(body, app.P().Class("muted").Text(t("docs.noSendings")), ds.Actions(ds.NewButton(t("docs.toSend")).Href(PathSend)))
	default:
		rows := make([][]app.UI, len(sl.Data.Items))
		for i, s := range sl.Data.Items {
			rows[i] = []app.UI{app.A().ID("sending-" + s.ID).Href(SendingPath(s.ID)).Text(t("docs.sendingNo", s.Number)), app.Text(s.AgencyName), sendingTag(s.Status)}
		}
		body = append(body, ds.NewTable(t("docs.mySendings"), t("docs.colNumber"), t("docs.colAgency"), t("docs.colStatus")).ID("sendings").Rows(rows))
	}
	return page.Private(p.Sess, page.NavCabinet, body...)
}
