package documents

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	shareddocs "kabinet/shared/documents"
	"kabinet/shared/signature"
)

// cardPage is a document's card (/documents/{id}): its hash, size and
// type, a preview of an image, the download, its signatures with their
// .p7s, its sendings and history; signing it, and deleting it (refused
// with the reason once it was signed or sent).
type cardPage struct {
	app.Compo
	live
	authed

	id   string
	card page.Remote[card]

	sign    signer
	ext     page.Form // the external signature's form
	notice  string    // after signing
	delErr  string
	delBusy bool
}

// Card is a document's card.
func Card() app.Composer { return &cardPage{} }

func (p *cardPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "docs.cardTitle")
	p.id = lastPart(ctx.Page().URL().Path)
	p.notice, p.delErr, p.sign, p.ext = "", "", signer{}, page.Form{}
	p.Load(ctx, func(ctx app.Context, _ shared.SessionInfo) { p.reload(ctx) })
}

func (p *cardPage) reload(ctx app.Context) { cardQuery.Load(ctx, &p.card, app.T("id", p.id)) }

func (p *cardPage) remove(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	if p.delBusy {
		return
	}
	p.delBusy, p.delErr = true, ""
	page.Do(ctx, func() (struct{}, error) { return struct{}{}, page.API().DeleteDocument(ctx, p.id) },
		func(ctx app.Context, _ struct{}) { ctx.Navigate(PathDocuments) },
		func(ctx app.Context, err error) {
			p.delBusy, p.delErr = false, page.ErrText(err)
			ds.Focus(ctx, "delete-error")
		})
}

func (p *cardPage) Render() app.UI {
	body := []app.UI{ds.BackLink(PathDocuments, t("docs.back"))}
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavCabinet, append(body, g)...)
	}
	switch {
	case p.card.Status == page.Failed:
		return page.Private(p.Sess, page.NavCabinet, append(body, ds.NewPageHead(t("docs.cardTitle")),
			ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("card-error").Text(p.card.Err))...)
	case p.card.Data.ID == "":
		return page.Private(p.Sess, page.NavCabinet, append(body, ds.NewSkeleton(5, t("common.loading")))...)
	}
	c := p.card.Data
	body = append(body, ds.NewPageHead(c.Name).Caption(t("docs.cardCaption")))
	if p.notice != "" {
		body = append(body, ds.NewNotice(ds.Success, p.notice).ID("sign-done"))
	}
	body = append(body,
		ds.NewSummaryList(
			ds.Row{Key: t("docs.colStatus"), Value: docStatusTag(c.Status)},
			ds.Row{Key: t("docs.colType"), Value: app.Text(typeText(c.Type))},
			ds.Row{Key: t("docs.size"), Value: app.Text(sizeText(c.Size))},
			ds.Row{Key: t("docs.sha256"), Value: app.Code().ID("doc-hash").Class("hash").Text(c.SHA256)},
			ds.Row{Key: t("docs.colDate"), Value: app.Text(page.FormatDateTime(c.CreatedAt))},
		).ID("doc-summary"),
		ds.Actions(
			app.A().ID("link-download").Class("button button--secondary").Href(client.DocumentContentURL(c.ID)).
				Attr("download", "").Text(t("docs.download")),
			ds.NewButton(t("docs.delete")).ID("btn-delete").Kind(ds.DangerBtn).Busy(p.delBusy, t("common.wait")).OnClick(p.remove),
		),
	)
	if p.delErr != "" {
		body = append(body, ds.NewNotice(ds.Warning, t("docs.deleteRefused")).ID("delete-error").Text(p.delErr))
	}
	body = append(body, preview(c.Document), p.signCard(c.Records), sendingsOf(c.Sendings), historyOf(c.History), p.sign.step.Dialog(p.On))
	return page.Private(p.Sess, page.NavCabinet, body...)
}

// preview shows an image as it is, and a PDF in a frame where the browser
// shows PDFs (opened at its first page; the portal serves it sandboxed,
// framable by its own pages only); a DOCX, XLSX or XML is not shown.
func preview(d shareddocs.Document) app.UI {
	card := ds.NewCard(t("docs.preview")).ID("doc-preview")
	switch d.Type {
	case shareddocs.TypeJPEG, shareddocs.TypePNG:
		return card.Body(app.Img().Class("doc-preview").Src(client.DocumentContentURL(d.ID)).Alt(t("docs.previewAlt", d.Name)))
	case shareddocs.TypePDF:
		// app.Elem, not app.IFrame: the generic element the charts use
		// already, so the frame adds no element type to app.wasm.
		return card.Body(app.Elem("iframe").ID("doc-preview-pdf").Class("doc-preview doc-preview--pdf").
			Attr("src", client.DocumentPreviewURL(d.ID)+"#page=1&toolbar=0").Title(t("docs.previewPDF", d.Name)))
	}
	return card.Body(app.P().Class("muted").Text(t("docs.noPreview")))
}

func sendingsOf(l []shareddocs.SendingRef) app.UI {
	if len(l) == 0 {
		return ds.NewCard(t("docs.sendings")).ID("doc-sendings").Body(app.P().Class("muted").Text(t("docs.noSendings")))
	}
	rows := make([][]app.UI, len(l))
	for i, s := range l {
		rows[i] = []app.UI{app.A().Href(SendingPath(s.ID)).Text(t("docs.sendingNo", s.Number)), app.Text(s.Agency), sendingTag(s.Status)}
	}
	return ds.NewTable(t("docs.sendings"), t("docs.colNumber"), t("docs.colAgency"), t("docs.colStatus")).ID("doc-sendings").Rows(rows)
}

func historyOf(l []shared.JournalEntry) app.UI {
	items := make([]app.UI, len(l))
	for i, e := range l {
		items[i] = app.Li().Body(app.Strong().Text(t("event."+e.Kind)), app.Text(" — "+page.FormatDateTime(e.At)))
	}
	return ds.NewCard(t("docs.history")).ID("doc-history").Body(app.Ul().Class("plain-list").Body(items...))
}

// recordTag is a signature's state: it held and its record is sealed.
func recordTag(r signature.Record) app.UI {
	if r.Status == signature.StatusValid && r.Sealed {
		return ds.NewTag(ds.Success, t("sig.status.valid"))
	}
	if !r.Sealed {
		return ds.NewTag(ds.Danger, t("docs.sealBroken"))
	}
	return ds.NewTag(ds.Danger, t("sig.status."+string(r.Status)))
}
