package ip

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// officeFilingPage (/office/ip/filings/{id}) is a filing as the registry
// officer opens it: who filed it, what changes (Р24001 before and
// after), the attachments and the signature, the timeline; and the
// decision: register, refuse with a ground and a text, or ask for
// additions.
type officeFilingPage struct {
	app.Compo
	live
	authed

	id     string
	filing page.Remote[officeFilingView]

	decision string // "", "refuse" or "additions": the open form
	reason   string
	text     string
	df       page.Form
	notice   string
}

// OfficeFiling is a filing on the registry desk (/office/ip/filings/{id}).
func OfficeFiling() app.Composer { return &officeFilingPage{} }

func (p *officeFilingPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "oip.filingTitle")
	p.id = strings.TrimPrefix(ctx.Page().URL().Path, page.PathOfficeIPFilings)
	p.decision, p.reason, p.text, p.df, p.notice = "", "", "", page.Form{}, ""
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) {
		if s.Staff(shared.PermIPRegistry) {
			officeFilingQuery.Load(ctx, &p.filing, byID(p.id))
		}
	})
}

func (p *officeFilingPage) Render() app.UI {
	if g := staffGate(&p.authed, t("oip.filingTitle")); g != nil {
		return page.Private(p.Sess, page.NavOffice, g...)
	}
	head := []app.UI{ds.BackLink(page.PathOfficeIP, t("oip.toDesk"))}
	o := p.filing
	switch {
	case o.Status == page.Failed:
		return page.Private(p.Sess, page.NavOffice, append(head, ds.NewPageHead(t("oip.filingTitle")),
			ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("oip-error").Text(o.Err))...)
	case o.Data.Filing.ID == "":
		return page.Private(p.Sess, page.NavOffice, append(head, ds.NewPageHead(t("oip.filingTitle")), ds.NewSkeleton(6, t("common.loading")))...)
	}
	f := o.Data.Filing
	var rec *sharedip.Record
	names := o.Data.Names
	if names == nil {
		names = map[string]string{}
	}
	if o.Data.Record != nil {
		rec = o.Data.Record
		names[rec.MainOKVED.Code] = rec.MainOKVED.Name
		for _, c := range rec.OtherOKVED {
			names[c.Code] = c.Name
		}
	}
	body := append(head,
		ds.NewPageHead(t("ip.filingNumber", f.Number)).Caption(t("ip.form."+f.Form)),
		app.P().Body(app.Text(t("ip.col.status")+": "), app.Span().ID("oip-filing-status").Body(filingTag(f.Status))),
	)
	if p.notice != "" {
		body = append(body, ds.NewNotice(ds.Success, p.notice).ID("oip-notice"))
	}
	if sharedip.Open(f.Status) && f.DueOn != "" {
		body = append(body, app.P().ID("oip-due").Text(t("ip.dueOn", page.FormatISODate(f.DueOn))))
	}
	innLink := app.Text(o.Data.INN)
	if rec != nil {
		innLink = app.A().ID("oip-record-link").Href(page.PathOfficeIPRecords + o.Data.INN).Text(o.Data.INN)
	}
	body = append(body,
		ds.NewCard(t("oip.applicant")).ID("oip-applicant").Body(ds.NewSummaryList(
			ds.Row{Key: t("ip.fio"), Value: app.Text(o.Data.Applicant)},
			ds.Row{Key: t("field.inn"), Value: innLink},
			ds.Row{Key: t("oip.signature"), Value: signatureOf(f, o.Data.KeyCheck)},
			ds.Row{Key: t("oip.attachments"), Value: attachmentsOf(f)},
		)),
		ds.NewCard(t("oip.changesTitle")).ID("oip-changes").Body(
			app.P().Class("muted").Text(t("oip.changesHint."+f.Form)),
			answersList(answerRows(f.Form, f.Answers, rec, names), nil)),
		p.decisionCard(f),
		timelineCard(f.Timeline),
	)
	return page.Private(p.Sess, page.NavOffice, body...).Wide()
}

// signatureOf is the signature in one look: how it was made, that the
// server checked it at submission, and a key signature's check made
// again as the officer opened the filing.
func signatureOf(f sharedip.Filing, kc *sharedip.KeyCheck) app.UI {
	for _, e := range f.Timeline {
		if e.Status == sharedip.StatusSubmitted && e.Method != "" {
			tag, again := ds.NewTag(ds.Success, t("oip.signatureOK")), ""
			if kc != nil {
				again = " " + t("oip.keyRechecked", page.FormatDateTime(kc.At))
				if !kc.Valid {
					tag, again = ds.NewTag(ds.Danger, t("oip.keyInvalid")), ""
				}
			}
			return app.Span().ID("oip-signature").Body(tag,
				app.Text(" "+t("ip.sign."+e.Method)+", "+page.FormatDateTime(e.At)+"."+again))
		}
	}
	return app.Span().ID("oip-signature").Body(ds.NewTag(ds.Warning, t("oip.signatureNone")))
}

// attachmentsOf lists the filing's attachments: Р21001's passport scan.
func attachmentsOf(f sharedip.Filing) app.UI {
	if f.Form == sharedip.FormRegistration {
		var r sharedip.Registration
		if v, err := decodeAnswers(f.Form, f.Answers); err == nil {
			r = *v.(*sharedip.Registration)
		}
		if r.PassportScan != "" {
			return app.A().ID("oip-attachment").Href(shared.APIPrefix + "/office/ip/filings/" + f.ID + "/passport-scan").Text(t("oip.passportScan"))
		}
	}
	return app.Span().Class("muted").Text(t("oip.noAttachments"))
}
