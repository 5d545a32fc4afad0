package npd

import (
	"net/url"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// officeReceipts is how many of a payer's latest receipts the API gives
// the officer (server/npd OfficePayer).
const officeReceipts = 200

// officeNPDPage (/office/npd?inn=…) is the tax officer's desk: find a
// payer by ИНН and see the status, figures, ledger, receipts and payments;
// block the payer with a reason or lift the block; check a bank statement
// in a dry run and then record the payments it matches by УИН.
type officeNPDPage struct {
	app.Compo
	live
	authed

	inn    string // the field
	payer  page.Remote[sharednpd.OfficePayer]
	f      page.Form // the search's own check
	notice string

	// block and unblock (office_block.go)
	reason string
	bf     page.Form

	// the bank statement (office_statement.go)
	statement []byte // the file checked: the import sends these very bytes
	fileName  string
	result    *sharednpd.StatementResult
	sf        page.Form

	// the payments no notice matched (office_unidentified.go)
	unident   page.Remote[sharednpd.UnidentifiedPayments]
	assigning *sharednpd.UnidentifiedPayment // the one being assigned
	assignUIN string
	af        page.Form
}

// Office is the tax office's desk of the self-employed (/office/npd).
func Office() app.Composer { return &officeNPDPage{} }

func (p *officeNPDPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "onpd.title")
	p.inn = ctx.Page().URL().Query().Get("inn")
	p.payer, p.f, p.notice, p.bf, p.reason = page.Remote[sharednpd.OfficePayer]{}, page.Form{}, "", page.Form{}, ""
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) {
		if s.Staff(shared.PermNPDRead) && p.inn != "" {
			p.fetch(ctx, p.inn)
		}
		if s.Staff(shared.PermNPDManage) {
			p.loadUnidentified(ctx)
		}
	})
}

// submit finds the payer by the ИНН typed.
func (p *officeNPDPage) submit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	inn := shared.Digits(p.inn)
	p.f.Clear()
	if err := shared.ValidateINN(inn); err != nil {
		p.f.SetField("inn", shared.ErrorCode(err))
		p.f.Check(ctx)
		return
	}
	if ctx.Page().URL().Query().Get("inn") == inn {
		p.fetch(ctx, inn)
		return
	}
	// The ИНН goes into the address: the page can be bookmarked and «Назад» works.
	ctx.Navigate(page.PathOfficeNPD + "?inn=" + url.QueryEscape(inn))
}

// fetch loads the payer as the officer sees it; a failure is the search
// form's error, focused as a form's is.
func (p *officeNPDPage) fetch(ctx app.Context, inn string) {
	officePayerQuery.Load(p.On(ctx), &p.payer, app.T("inn", inn)).OnChange(func() {
		if f := p.searchForm(); len(f.Fields) > 0 {
			ds.Focus(p.Self, "error-summary")
		} else if f.Message != "" {
			ds.Focus(p.Self, "form-error")
		}
	})
}

// searchForm is the search form's state: its own check, or the search's
// progress and failure (a payer not found is the ИНН's error).
func (p *officeNPDPage) searchForm() page.Form {
	f := p.f
	switch {
	case len(f.Fields) > 0:
	case p.payer.Status == page.Loading:
		f.Busy = true
	case p.payer.Code == sharednpd.CodeNPDNotRegistered && p.payer.Status == page.Failed:
		f.Fields = nil // never p.f's own map
		f.Say("inn", t("onpd.notFound"))
	case p.payer.Status == page.Failed:
		f.Message = p.payer.Err
	}
	return f
}

// found is the payer found, if any.
func (p *officeNPDPage) found() *sharednpd.OfficePayer {
	if !p.payer.Has() || p.payer.Status == page.Failed {
		return nil
	}
	return &p.payer.Data
}

func (p *officeNPDPage) Render() app.UI {
	head := ds.NewPageHead(t("onpd.title")).Caption(t("office.caption")).Lead(t("onpd.lead"))
	if g := p.Gate(); g != nil {
		return page.Private(p.Sess, page.NavOffice, head, g)
	}
	if g := p.FactorGate(); g != nil {
		return page.Private(p.Sess, page.NavOffice, g...)
	}
	staff := p.Account()
	if !staff.Can(shared.PermNPDRead) {
		return page.Private(p.Sess, page.NavOffice, page.NoAccess()...)
	}
	body := []app.UI{ds.BackLink(page.PathOffice, t("onpd.toOffice")), head}
	if p.notice != "" {
		body = append(body, ds.NewNotice(ds.Success, p.notice).ID("onpd-notice"))
	}
	f := p.searchForm()
	body = append(body,
		f.Head([]string{"inn"}),
		app.Form().ID("form-onpd-search").Class("form form--inline").Attr("role", "search").NoValidate(true).OnSubmit(p.submit).Body(
			ds.NewTextField("f-onpd-inn", t("field.inn")).Hint(t("onpd.innHint")).InputMode("numeric").Width("12").MaxLength(12).
				Value(p.inn).Error(f.Err("inn")).OnChange(func(v string) { p.inn = v }),
			ds.Actions(
				ds.NewButton(t("office.search")).ID("btn-onpd-search").Submit().Busy(f.Busy, t("office.searching")),
			),
		),
	)
	if op := p.found(); op != nil {
		body = append(body, p.payerView(*op, staff)...)
	}
	if staff.Can(shared.PermNPDManage) {
		body = append(body, p.statementView()...)
		body = append(body, p.unidentifiedView()...)
	}
	return page.Private(p.Sess, page.NavOffice, body...).Wide()
}

// payerView is the payer found: the status and figures, the ledger, the
// latest receipts and the payments.
func (p *officeNPDPage) payerView(op sharednpd.OfficePayer, staff shared.Account) []app.UI {
	pr, sum := op.Payer, op.Summary
	kind := ds.Success
	if pr.Status != sharednpd.StatusActive {
		kind = ds.Warning
	}
	rows := []ds.Row{{Key: t("profile.status"), Value: app.Span().ID("onpd-status").Body(ds.NewTag(kind, t("npd.status."+pr.Status)))}}
	if pr.StatusReason != "" {
		rows = append(rows, ds.Row{Key: t("onpd.reason"), Value: app.Text(pr.StatusReason)})
	}
	rows = append(rows,
		ds.Row{Key: t("field.inn"), Value: app.Text(pr.INN)},
		ds.Row{Key: t("npd.region"), Value: app.Text(pr.Region)},
		ds.Row{Key: t("npd.since"), Value: app.Text(page.FormatDate(pr.RegisteredAt))},
		ds.Row{Key: t("npd.year"), Value: app.Span().ID("onpd-year").Text(page.FormatMoney(sum.Year))},
		ds.Row{Key: t("npd.monthTax"), Value: app.Text(page.FormatMoney(sum.MonthTax))},
		ds.Row{Key: t("npd.deductionLeft"), Value: app.Text(page.FormatMoney(pr.DeductionLeft))},
		ds.Row{Key: t("onpd.debt"), Value: app.Span().ID("onpd-debt").Text(page.FormatMoney(sum.Debt))},
	)
	side := app.UI(nil)
	if staff.Can(shared.PermNPDManage) && pr.Status != sharednpd.StatusInactive {
		side = p.statusCard(pr)
	}
	out := []app.UI{
		app.H2().ID("onpd-payer").TabIndex(-1).Text(op.Name),
		app.Div().Class("columns").Body(
			app.Div().Class("columns__main").Body(
				ds.NewSummaryList(rows...).ID("onpd-summary"),
			),
			app.Div().Class("columns__side").Body(side),
		),
		ledgerTable(op.Ledger, nil, true),
		app.H3().Text(t("npd.receipts")),
	}
	switch {
	case len(op.Receipts) == 0:
		out = append(out, ds.NewEmptyState(t("onpd.noReceiptsTitle"), t("onpd.noReceiptsText")))
	case len(op.Receipts) >= officeReceipts:
		out = append(out, app.P().Class("muted").Text(t("onpd.latestReceipts", officeReceipts)), receiptsTable(op.Receipts, nil))
	default:
		out = append(out, receiptsTable(op.Receipts, nil))
	}
	return append(out, app.H3().Text(t("npd.payments")), paymentsTable(op.Payments))
}
