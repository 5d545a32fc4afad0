package npd

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// maxStatement is the largest bank statement the page sends (the API
// refuses larger bodies anyway).
const maxStatement = 2 << 20

// check reads the chosen file and asks for a dry run of it.
func (p *officeNPDPage) check(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx = p.On(ctx)
	if !p.sf.Start() {
		return
	}
	p.result = nil
	type file struct {
		body []byte
		name string
	}
	page.Do(ctx, func() (file, error) {
		body, name, err := client.ReadFile("f-statement")
		return file{body, name}, err
	}, func(ctx app.Context, f file) {
		if len(f.body) > maxStatement {
			p.sf.Say("file", t("onpd.fileTooLarge"))
			p.sf.Check(ctx)
			return
		}
		p.statement, p.fileName = f.body, f.name
		p.send(ctx, true)
	}, func(ctx app.Context, _ error) {
		p.sf.Say("file", t("onpd.chooseFile"))
		p.sf.Check(ctx)
	})
}

// send posts the statement checked: a dry run or the import.
func (p *officeNPDPage) send(ctx app.Context, dry bool) {
	body := p.statement
	p.sf.Busy = true
	page.Do(ctx, func() (sharednpd.StatementResult, error) { return page.API().ImportStatement(ctx, body, dry) },
		func(ctx app.Context, res sharednpd.StatementResult) {
			p.sf.Done()
			p.result = &res
			ds.Focus(ctx, "statement-result")
			if !dry {
				p.loadUnidentified(ctx)
				if op := p.found(); op != nil {
					p.fetch(ctx, op.Payer.INN)
				}
			}
		}, func(ctx app.Context, err error) {
			p.sf.Fail(ctx, err)
			if e, ok := shared.AsError(err); ok && e.Fields["file"].Message != "" {
				p.sf.Say("file", t("onpd.missingColumn", t("onpd.col."+e.Fields["file"].Message)))
			}
		})
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
