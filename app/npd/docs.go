package npd

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// npdDocsPage (/npd/documents) orders the certificates — of registration
// (КНД 1122035) and of income for a period (КНД 1122036) — and lists the
// documents issued, each with its download and its public verification.
type npdDocsPage struct {
	app.Compo
	live
	authed

	docs   page.Remote[sharednpd.IssuedDocuments]
	notice string

	kind     string
	from, to string
	cf       page.Form
}

// Docs is the payer's certificates (/npd/documents).
func Docs() app.Composer { return &npdDocsPage{} }

func (p *npdDocsPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "npd.docsTitle")
	p.docs, p.notice = page.Remote[sharednpd.IssuedDocuments]{}, ""
	if p.kind == "" {
		p.kind = sharednpd.CertIncome
		now := page.API().ServerNow().In(shared.Moscow)
		p.from, p.to = strconv.Itoa(now.Year())+"-01-01", now.Format("2006-01-02")
	}
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) { p.reload(p.On(ctx)) })
}

func (p *npdDocsPage) reload(ctx app.Context) { certsQuery.Load(p.On(ctx), &p.docs) }

func (p *npdDocsPage) order(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	if !p.cf.Start() {
		return
	}
	req := sharednpd.CertificateRequest{Kind: p.kind}
	if p.kind == sharednpd.CertIncome {
		from, ferr := shared.ParseDate(p.from)
		to, terr := shared.ParseDate(p.to)
		if ferr != nil {
			p.cf.SetField("from", shared.ErrorCode(ferr))
		}
		if terr != nil {
			p.cf.SetField("to", shared.ErrorCode(terr))
		}
		if ferr == nil && terr == nil && to.Before(from) {
			p.cf.SetField("to", sharednpd.CodeCertPeriod)
		}
		if !p.cf.Check(ctx) {
			return
		}
		req.From, req.To = p.from, p.to
	}
	page.Do(ctx, func() (sharednpd.IssuedDocument, error) { return page.API().OrderCertificate(ctx, req) },
		func(ctx app.Context, d sharednpd.IssuedDocument) {
			p.cf.Done()
			p.notice = t("npd.certReady", d.Title)
			ds.Focus(ctx, "docs-notice")
			p.reload(ctx)
		}, p.orderFailed)
}

// orderFailed shows why the order was refused; a period the certificate
// cannot cover is the dates' error.
func (p *npdDocsPage) orderFailed(ctx app.Context, err error) {
	if e, ok := shared.AsError(err); ok && e.Fields["period"].Code != "" {
		p.cf.Busy = false
		p.cf.SetField("from", e.Fields["period"].Code)
		p.cf.Check(ctx)
		return
	}
	p.cf.Fail(ctx, err)
}

func (p *npdDocsPage) Render() app.UI {
	body := npdHead(page.PathNPDDocs, t("npd.docsH1"), t("npd.docsLead"))
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavCabinet, append(body, g)...)
	}
	if c := npdClosed(failedCode(p.docs)); c != nil {
		return page.Private(p.Sess, page.NavCabinet, append(body, c)...)
	}
	if p.notice != "" {
		body = append(body, ds.NewNotice(ds.Success, p.notice).ID("docs-notice"))
	}
	body = append(body, ds.NewCard(t("npd.orderTitle")).ID("npd-order").Body(
		p.cf.Head([]string{"kind", "from", "to"}),
		app.Form().ID("form-cert").Class("form").NoValidate(true).OnSubmit(p.order).Body(
			ds.NewRadios("kind", t("npd.certKind")).Value(p.kind).Error(p.cf.Err("kind")).Options(
				ds.Option{ID: "f-cert-income", Value: sharednpd.CertIncome, Label: t("npd.cert.income"), Hint: t("npd.cert.incomeHint")},
				ds.Option{ID: "f-cert-registration", Value: sharednpd.CertRegistration, Label: t("npd.cert.registration"), Hint: t("npd.cert.registrationHint")},
			).OnChange(func(v string) { p.kind = v }),
			app.If(p.kind == sharednpd.CertIncome, func() app.UI {
				return app.Div().Class("filters").Body(
					ds.NewDateField("f-cert-from", t("npd.from")).Value(p.from).Error(p.cf.Err("from")).OnChange(func(v string) { p.from = v }),
					ds.NewDateField("f-cert-to", t("npd.to")).Value(p.to).Error(p.cf.Err("to")).OnChange(func(v string) { p.to = v }),
				)
			}),
			ds.Actions(ds.NewButton(t("npd.order")).ID("btn-cert").Submit().Busy(p.cf.Busy, t("common.wait"))),
		),
	))
	switch docs := p.docs.Data.Items; {
	case p.docs.Status == page.Failed:
		body = append(body, unavailable(p.docs.Err))
	case !p.docs.Has():
		body = append(body, ds.NewSkeleton(3, t("common.loading")))
	case len(docs) == 0:
		body = append(body, ds.NewEmptyState(t("npd.noDocsTitle"), t("npd.noDocsText")))
	default:
		rows := make([][]app.UI, len(docs))
		for i, d := range docs {
			rows[i] = []app.UI{
				app.Text(t("npd.doc." + d.Kind)), app.Text(page.FormatDateTime(d.CreatedAt)),
				app.Div().Class("actions actions--inline").Body(
					app.A().ID("link-doc-"+strconv.Itoa(i)).Class("button button--secondary").Href(shared.APIPrefix+shared.IssuedPath+d.ID).
						Attr("download", "").Aria("label", t("npd.downloadNamed", d.Title)).Text(t("npd.download")),
					app.A().ID("link-verify-"+strconv.Itoa(i)).Class("link").Href("/v/"+d.Code).Text(t("npd.verify")),
				),
			}
		}
		body = append(body, ds.NewTable(t("npd.docs"), t("npd.docKind"), t("npd.issued"), t("sessions.action")).ID("docs").Rows(rows))
	}
	return page.Private(p.Sess, page.NavCabinet, body...)
}
