package ip

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// filingPage (/ip/filings/{id}) is one filing: its guided form while it
// is a draft (filing_form.go), then its number, answers and timeline,
// with the answer to «требуются дополнения» (filing_view.go).
type filingPage struct {
	app.Compo
	live
	authed

	id     string
	filing page.Remote[filingView]
	home   page.Remote[homeView] // the record: Р24001's «before»

	answer string
	af     page.Form
	notice string
}

// Filing is a filing's page (/ip/filings/{id}).
func Filing() app.Composer { return &filingPage{} }

func (p *filingPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "ip.filingTitle")
	p.id = strings.TrimPrefix(ctx.Page().URL().Path, page.PathIPFilings)
	p.answer, p.af, p.notice = "", page.Form{}, ""
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) {
		filingQuery.Load(ctx, &p.filing, byID(p.id))
		homeQuery.Load(ctx, &p.home)
	})
}

func (p *filingPage) Render() app.UI {
	head := []app.UI{ds.BackLink(page.PathIP, t("ip.toCabinet"))}
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavCabinet, append(head, ds.NewPageHead(t("ip.filingTitle")), g)...)
	}
	f := p.filing
	switch {
	case f.Status == page.Failed:
		return page.Private(p.Sess, page.NavCabinet, append(head, ds.NewPageHead(t("ip.filingTitle")),
			ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("ip-error").Text(f.Err))...)
	case f.Data.ID == "":
		return page.Private(p.Sess, page.NavCabinet, append(head, ds.NewPageHead(t("ip.filingTitle")), ds.NewSkeleton(6, t("common.loading")))...)
	case f.Data.Status == sharedip.StatusDraft:
		return page.Private(p.Sess, page.NavCabinet, append(head, &filingForm{Filing: f.Data.Filing, Names: f.Data.Names, Record: p.record()})...)
	}
	return page.Private(p.Sess, page.NavCabinet, append(head, p.view()...)...)
}

// record is the person's ЕГРИП record when there is one.
func (p *filingPage) record() *sharedip.Record {
	if h := p.home.Data.Home; h != nil {
		return &h.Record
	}
	return nil
}
