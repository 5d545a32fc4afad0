package npd

import (
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
	"strconv"
)

// officeReceipts is how many of a payer's latest receipts the API gives
// the officer (server/npd OfficePayer).
const officeReceipts = 200

// maxStatement is the largest bank statement the page sends (the API
// refuses larger bodies anyway).
const maxStatement = 2 << 20

// officeNPDPage (/office/npd?inn=…) is the tax officer's desk: find a
// payer by ИНН and see the status, figures, ledger, receipts and payments;
// block the payer with a reason or lift the block; check a bank statement
// in a dry run and then record the payments it matches by УИН.
type officeNPDPage struct {
	app.Compo
	live
	authed

	inn    string // the field
	payer  *sharednpd.OfficePayer
	f      page.Form // the search
	notice string

	reason string
	bf     page.Form // block and unblock

	statement []byte // the file checked: the import sends these very bytes
	fileName  string
	result    *sharednpd.StatementResult
	sf        page.Form

	unident    *sharednpd.UnidentifiedPayments
	assigning  *sharednpd.UnidentifiedPayment // the one being assigned
	assignUIN  string
	af         page.Form
	unidentErr string
}

// Office is the tax office's desk of the self-employed (/office/npd).
func Office() app.Composer { return &officeNPDPage{} }

func (p *officeNPDPage) OnNav(ctx app.Context) {
	page.SetTitle(ctx, "onpd.title")
	p.inn = ctx.Page().URL().Query().Get("inn")
	p.payer, p.f, p.notice, p.bf, p.reason = nil, page.Form{}, "", page.Form{}, ""
	p.Load(ctx, func(ctx app.Context, s shared.SessionInfo) {
		if s.Staff(shared.PermNPDRead) && p.inn != "" {
			p.fetch(ctx, p.inn)
		}
		if s.Staff(shared.PermNPDManage) {
			p.loadUnidentified(ctx)
		}
	})
}

func (p *officeNPDPage) loadUnidentified(ctx app.Context) {
	ctx.Async(func() {
		l, err := page.API().Unidentified(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if !page.APIFailed(ctx, err) {
					p.unidentErr = page.ErrText(err)
				}
				return
			}
			p.unident, p.unidentErr = &l, ""
		})
	})
}

func (p *officeNPDPage) assign(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	if p.assigning == nil || !p.af.Start() {
		return
	}
	uin := shared.Digits(p.assignUIN)
	if err := shared.ValidateNoticeUIN(uin); err != nil {
		p.af.SetField("uin", shared.ErrorCode(err))
		p.af.Check(ctx)
		return
	}
	id, ref := p.assigning.ID, p.assigning.Reference
	ctx.Async(func() {
		res, err := page.API().AssignPayment(ctx, id, uin)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if !page.APIFailed(ctx, err) {
					p.af.Fail(ctx, err)
					if e, ok := shared.AsError(err); ok && e.Fields["uin"].Code == shared.CodeNotFound {
						p.af.Say("uin", t("onpd.noNotice"))
					}
				}
				return
			}
			p.af.Done()
			p.assigning, p.assignUIN = nil, ""
			p.notice = t("onpd.assignedNotice", ref, res.Name, res.Payer)
			ds.Focus(ctx, "onpd-notice")
			p.loadUnidentified(ctx)
			if p.payer != nil && p.payer.Payer.INN == res.Payer {
				p.fetch(ctx, res.Payer)
			}
		})
	})
}

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

func (p *officeNPDPage) fetch(ctx app.Context, inn string) {
	if !p.f.Start() {
		return
	}
	ctx.Async(func() {
		op, err := page.API().OfficeNPDPayer(ctx, inn)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				p.payer = nil
				switch {
				case page.APIFailed(ctx, err):
				case shared.ErrorCode(err) == sharednpd.CodeNPDNotRegistered:
					p.f.Busy = false
					p.f.Say("inn", t("onpd.notFound"))
					p.f.Check(ctx)
				default:
					p.f.Fail(ctx, err)
				}
				return
			}
			p.f.Done()
			p.payer = &op
		})
	})
}

func (p *officeNPDPage) setBlocked(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	if p.payer == nil || !p.bf.Start() {
		return
	}
	block := p.payer.Payer.Status == sharednpd.StatusActive
	reason := strings.TrimSpace(p.reason)
	if block && reason == "" {
		p.bf.SetField("reason", shared.CodeRequired)
		p.bf.Check(ctx)
		return
	}
	inn := p.payer.Payer.INN
	ctx.Async(func() {
		err := page.API().SetNPDBlocked(ctx, inn, block, reason)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if !page.APIFailed(ctx, err) {
					p.bf.Fail(ctx, err)
				}
				return
			}
			p.bf.Done()
			p.reason = ""
			p.notice = t("onpd.unblockedNotice")
			if block {
				p.notice = t("onpd.blockedNotice")
			}
			ds.Focus(ctx, "onpd-notice")
			p.fetch(ctx, inn)
		})
	})
}

// check reads the chosen file and asks for a dry run of it.
func (p *officeNPDPage) check(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	if !p.sf.Start() {
		return
	}
	p.result = nil
	ctx.Async(func() {
		body, name, err := client.ReadFile("f-statement")
		ctx.Dispatch(func(ctx app.Context) {
			switch {
			case err != nil:
				p.sf.Say("file", t("onpd.chooseFile"))
				p.sf.Check(ctx)
			case len(body) > maxStatement:
				p.sf.Say("file", t("onpd.fileTooLarge"))
				p.sf.Check(ctx)
			default:
				p.statement, p.fileName = body, name
				p.send(ctx, true)
			}
		})
	})
}

// send posts the statement checked: a dry run or the import.
func (p *officeNPDPage) send(ctx app.Context, dry bool) {
	body := p.statement
	p.sf.Busy = true
	ctx.Async(func() {
		res, err := page.API().ImportStatement(ctx, body, dry)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				if !page.APIFailed(ctx, err) {
					p.sf.Fail(ctx, err)
					if e, ok := shared.AsError(err); ok && e.Fields["file"].Message != "" {
						p.sf.Say("file", t("onpd.missingColumn", t("onpd.col."+e.Fields["file"].Message)))
					}
				}
				return
			}
			p.sf.Done()
			p.result = &res
			ds.Focus(ctx, "statement-result")
			if !dry {
				p.loadUnidentified(ctx)
				if p.payer != nil {
					p.fetch(ctx, p.payer.Payer.INN)
				}
			}
		})
	})
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
	body = append(body,
		p.f.Head([]string{"inn"}),
		app.Form().ID("form-onpd-search").Class("form form--inline").Attr("role", "search").NoValidate(true).OnSubmit(p.submit).Body(
			ds.NewTextField("f-onpd-inn", t("field.inn")).Hint(t("onpd.innHint")).InputMode("numeric").Width("12").MaxLength(12).
				Value(p.inn).Error(p.f.Err("inn")).OnChange(func(v string) { p.inn = v }),
			ds.Actions(
				ds.NewButton(t("office.search")).ID("btn-onpd-search").Submit().Busy(p.f.Busy, t("office.searching")),
			),
		),
	)
	if p.payer != nil {
		body = append(body, p.payerView(staff)...)
	}
	if staff.Can(shared.PermNPDManage) {
		body = append(body, p.statementView()...)
		body = append(body, p.unidentifiedView()...)
	}
	return page.Private(p.Sess, page.NavOffice, body...).Wide()
}

func (p *officeNPDPage) payerView(staff shared.Account) []app.UI {
	op := *p.payer
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

func (p *officeNPDPage) statusCard(pr sharednpd.Payer) app.UI {
	blocked := pr.Status == sharednpd.StatusBlocked
	title, text, submit, id, kind := t("onpd.blockTitle"), t("onpd.blockText"), t("onpd.block"), "btn-onpd-block", ds.DangerBtn
	if blocked {
		title, text, submit, id, kind = t("onpd.unblockTitle"), t("onpd.unblockText"), t("onpd.unblock"), "btn-onpd-unblock", ds.Primary
	}
	return ds.NewCard(title).ID("onpd-status-card").Body(
		app.P().Text(text),
		p.bf.Head([]string{"reason"}),
		app.Form().ID("form-onpd-status").Class("form").NoValidate(true).OnSubmit(p.setBlocked).Body(
			app.If(!blocked, func() app.UI {
				return ds.NewTextField("f-onpd-reason", t("onpd.reason")).Hint(t("onpd.reasonHint")).Spellcheck(true).
					Value(p.reason).Error(p.bf.Err("reason")).OnChange(func(v string) { p.reason = v })
			}),
			ds.Actions(ds.NewButton(submit).ID(id).Kind(kind).Submit().Busy(p.bf.Busy, t("common.saving"))),
		),
	)
}

func (p *officeNPDPage) statementView() []app.UI {
	out := []app.UI{
		app.H2().Text(t("onpd.statementTitle")),
		app.P().Text(t("onpd.statementText")),
		p.sf.Head([]string{"file"}),
		app.Form().ID("form-statement").Class("form").NoValidate(true).OnSubmit(p.check).Body(
			ds.NewFileField("f-statement", t("onpd.file")).Hint(t("onpd.fileHint")).Accept(".csv,text/csv").Error(p.sf.Err("file")),
			ds.Actions(
				ds.NewButton(t("onpd.check")).ID("btn-statement-check").Submit().Busy(p.sf.Busy && p.result == nil, t("common.wait")),
			),
		),
	}
	r := p.result
	if r == nil {
		return out
	}
	title := t("onpd.dryTitle", p.fileName)
	if !r.DryRun {
		title = t("onpd.importedTitle", p.fileName)
	}
	summary := t("onpd.counts", r.Matched, page.FormatMoney(r.Total), r.Unmatched, r.Duplicates, r.Invalid)
	card := []app.UI{app.P().ID("statement-counts").Text(summary)}
	if len(r.Lines) == 0 {
		card = append(card, ds.NewEmptyState(t("onpd.emptyTitle"), t("onpd.emptyText")))
	} else {
		rows := make([][]app.UI, len(r.Lines))
		for i, l := range r.Lines {
			what := ""
			switch l.Status {
			case sharednpd.LineMatched:
				what = t("onpd.matchedTo", l.Payer)
			case sharednpd.LineInvalid:
				what = t("onpd.col."+l.Field) + ": " + page.CodeText(l.Code, "")
			case sharednpd.LineUnmatched:
				what = t("onpd.unmatchedKept")
				if r.DryRun {
					what = t("onpd.unmatchedText")
				}
			case sharednpd.LineDuplicate:
				what = t("onpd.duplicateText")
			}
			amount := ""
			if l.Amount != 0 {
				amount = page.FormatMoney(l.Amount)
			}
			rows[i] = []app.UI{app.Text(strconv.Itoa(l.Line)), app.Text(numericDate(l.Date)), app.Text(amount), app.Text(l.UIN),
				app.Text(l.Reference), lineTag(l.Status), app.Text(what)}
		}
		card = append(card, ds.NewTable(t("onpd.lines"), t("onpd.line"), t("onpd.col.date"), t("onpd.col.amount"), t("onpd.col.uin"),
			t("onpd.col.reference"), t("npd.state"), t("onpd.what")).ID("statement-lines").Rows(rows))
	}
	if r.DryRun && r.Matched > 0 {
		card = append(card, ds.Actions(
			ds.NewButton(t("onpd.import", r.Matched, page.FormatMoney(r.Total))).ID("btn-statement-import").Busy(p.sf.Busy, t("common.saving")).
				OnClick(func(ctx app.Context, e app.Event) { p.send(p.On(ctx), false) }),
		))
	}
	return append(out, ds.NewCard(title).ID("statement").TitleID("statement-result").Body(card...))
}

// lineTag is a statement line's status as a tag.
func lineTag(status string) app.UI {
	kind := map[string]ds.Kind{sharednpd.LineMatched: ds.Success, sharednpd.LineUnmatched: ds.Warning,
		sharednpd.LineDuplicate: ds.Neutral, sharednpd.LineInvalid: ds.Danger}[status]
	return ds.NewTag(kind, t("onpd.line."+status))
}

func (p *officeNPDPage) unidentifiedView() []app.UI {
	out := []app.UI{app.H2().ID("unidentified-title").Text(t("onpd.unidentTitle")), app.P().Text(t("onpd.unidentText"))}
	switch {
	case p.unidentErr != "":
		return append(out, ds.NewNotice(ds.Danger, p.unidentErr))
	case p.unident == nil:
		return append(out, ds.NewSkeleton(2, t("common.loading")))
	case len(p.unident.Items) == 0:
		return append(out, app.Div().ID("unidentified-none").Body(ds.NewEmptyState(t("onpd.unidentNoneTitle"), t("onpd.unidentNoneText"))))
	}
	rows := make([][]app.UI, len(p.unident.Items))
	for i, u := range p.unident.Items {
		rows[i] = []app.UI{app.Text(numericDate(u.PaidOn)), app.Text(page.FormatMoney(u.Amount)), app.Text(u.UIN), app.Text(u.Reference),
			ds.NewButton(t("onpd.assign")).ID("btn-assign-" + u.ID[:8]).Kind(ds.Secondary).Label(t("onpd.assignNamed", u.Reference)).
				OnClick(func(ctx app.Context, e app.Event) {
					p.assigning, p.assignUIN, p.af = &u, "", page.Form{}
					ds.Focus(p.On(ctx), "assign-title")
				})}
	}
	out = append(out, ds.NewTable(t("onpd.unidentCaption", page.FormatMoney(p.unident.Total)), t("onpd.col.date"), t("onpd.col.amount"),
		t("onpd.uinSent"), t("onpd.col.reference"), t("sessions.action")).ID("unidentified").Rows(rows))
	if p.assigning == nil {
		return out
	}
	return append(out, ds.NewCard("").ID("onpd-assign").Body(
		app.H3().ID("assign-title").TabIndex(-1).Text(t("onpd.assignTitle", p.assigning.Reference)),
		app.P().Text(t("onpd.assignText")),
		p.af.Head([]string{"uin"}),
		app.Form().ID("form-assign").Class("form").NoValidate(true).OnSubmit(p.assign).Body(
			ds.NewTextField("f-assign-uin", t("onpd.col.uin")).Hint(t("onpd.assignHint")).InputMode("numeric").MaxLength(25).
				Value(p.assignUIN).Error(p.af.Err("uin")).OnChange(func(v string) { p.assignUIN = v }),
			ds.Actions(
				ds.NewButton(t("onpd.assignConfirm")).ID("btn-assign-confirm").Submit().Busy(p.af.Busy, t("common.saving")),
				ds.NewButton(t("common.cancel")).ID("btn-assign-cancel").Kind(ds.Secondary).
					OnClick(func(ctx app.Context, e app.Event) { p.assigning = nil }),
			),
		),
	))
}
