package ip

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// officeRecordPage (/office/ip/records/{inn}) is an ИП's card on the
// registry desk: the ЕГРИП record with its history, and the filings
// under its ИНН.
type officeRecordPage struct {
	app.Compo
	live
	authed

	inn    string
	record page.Remote[sharedip.OfficeRecord]
}

// OfficeRecord is an ИП's card on the registry desk.
func OfficeRecord() app.Composer { return &officeRecordPage{} }

func (p *officeRecordPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "oip.recordTitle")
	p.inn = strings.TrimPrefix(ctx.Page().URL().Path, page.PathOfficeIPRecords)
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) {
		if s.Staff(shared.PermIPRegistry) {
			officeRecordQuery.Load(ctx, &p.record, app.T("inn", p.inn))
		}
	})
}

func (p *officeRecordPage) Render() app.UI {
	if g := staffGate(&p.authed, t("oip.recordTitle")); g != nil {
		return page.Private(p.Sess, page.NavOffice, g...)
	}
	body := []app.UI{ds.BackLink(page.PathOfficeIP, t("oip.toDesk"))}
	r := p.record
	switch {
	case r.Status == page.Failed:
		body = append(body, ds.NewPageHead(t("oip.recordTitle")), ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("oip-error").Text(r.Err))
	case r.Data.Record.INN == "":
		body = append(body, ds.NewPageHead(t("oip.recordTitle")), ds.NewSkeleton(6, t("common.loading")))
	default:
		rec := r.Data.Record
		body = append(body,
			ds.NewPageHead(fio(rec.LastName, rec.FirstName, rec.MiddleName)).Caption(t("oip.recordTitle")),
			recordCard(rec),
			ds.NewCard(t("ip.filingsTitle")).ID("oip-record-filings").Body(filingsOrNone(r.Data.Filings)),
		)
	}
	return page.Private(p.Sess, page.NavOffice, body...).Wide()
}

func filingsOrNone(fs []sharedip.Filing) app.UI {
	if len(fs) == 0 {
		return app.P().Class("muted").Text(t("ip.noFilings"))
	}
	return filingsTable(fs, page.PathOfficeIPFilings)
}
