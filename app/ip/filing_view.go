package ip

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// view is a sent filing: its number, status and deadline, the answer to
// «требуются дополнения» when the registry asks, the timeline and the
// answers as sent.
func (p *filingPage) view() []app.UI {
	f := p.filing.Data
	title := t("ip.filingNumber", f.Number)
	out := []app.UI{
		ds.NewPageHead(title).Caption(t("ip.form." + f.Form)),
		app.P().Body(app.Text(t("ip.col.status")+": "), app.Span().ID("ip-filing-status").Body(filingTag(f.Status))),
	}
	if p.notice != "" {
		out = append(out, ds.NewNotice(ds.Success, p.notice).ID("ip-filing-notice"))
	}
	if sharedip.Open(f.Status) && f.DueOn != "" {
		out = append(out, app.P().ID("ip-due").Text(t("ip.dueOn", page.FormatISODate(f.DueOn))))
	}
	if f.Status == sharedip.StatusAdditions {
		out = append(out, p.answerForm(f.Filing))
	}
	names := f.Names
	return append(out,
		timelineCard(f.Timeline),
		ds.NewCard(t("ip.answersTitle")).ID("ip-filing-answers").Body(answersList(answerRows(f.Form, f.Answers, nil, names), nil)),
	)
}

// timelineCard is a filing's timeline: each step with its date, who made
// it, the reason and the text, the signature, and the decision's PDF.
func timelineCard(events []sharedip.Event) app.UI {
	items := make([]app.UI, 0, len(events))
	for i, e := range events {
		var more []app.UI
		if e.Reason != "" {
			more = append(more, app.P().Body(app.Strong().Text(t("ip.refusalGround")+" "), app.Text(t("ip.refusal."+e.Reason))))
		}
		if e.Text != "" {
			more = append(more, app.P().Class("timeline__text").Text(e.Text))
		}
		if e.Method != "" {
			more = append(more, app.P().Class("muted").Text(t("ip.signedWith", t("ip.sign."+e.Method))))
		}
		if e.Document != "" {
			more = append(more, app.P().Body(app.A().ID("link-ip-doc-"+strconv.Itoa(i)).Class("button button--secondary").
				Href(shared.APIPrefix+shared.IssuedPath+e.Document).Target("_blank").Text(t("ip.decisionPDF"))))
		}
		items = append(items, app.Li().Class("timeline__item").ID("ip-event-"+strconv.Itoa(i)).Body(
			app.Div().Class("timeline__head").Body(
				filingTag(e.Status),
				app.Span().Class("muted").Text(" "+page.FormatDateTime(e.At)+" · "+t("ip.by."+byOf(e.By))),
			),
			app.Div().Body(more...),
		))
	}
	return ds.NewCard(t("ip.timelineTitle")).ID("ip-timeline").Body(app.Ol().Class("links").Body(items...))
}

func byOf(by string) string {
	if by == "registry" {
		return "registry"
	}
	return "applicant"
}

// answerForm is the person's answer to «требуются дополнения», in the
// filing's own thread.
func (p *filingPage) answerForm(f sharedip.Filing) app.UI {
	ask := ""
	for _, e := range f.Timeline {
		if e.Status == sharedip.StatusAdditions {
			ask = e.Text
		}
	}
	return ds.NewNotice(ds.Warning, t("ip.additionsTitle")).ID("ip-additions").Body(
		app.P().ID("ip-additions-ask").Text(ask),
		p.af.Head([]string{"text"}),
		app.Form().ID("form-ip-answer").Class("form").NoValidate(true).OnSubmit(p.onAnswer).Body(
			ds.NewTextField("f-text", t("ip.answerLabel")).Hint(t("ip.answerHint")).Spellcheck(true).MaxLength(2000).
				Value(p.answer).Error(p.af.Err("text")).OnChange(func(v string) { p.answer = v }),
			ds.Actions(ds.NewButton(t("ip.answerSend")).ID("btn-ip-answer").Submit().Busy(p.af.Busy, t("common.sending"))),
		),
	)
}

func (p *filingPage) onAnswer(ctx app.Context, e app.Event) {
	ctx = p.On(ctx)
	e.PreventDefault()
	if !p.af.Start() {
		return
	}
	req := sharedip.AnswerRequest{Text: p.answer}
	if err := req.Validate(); err != nil {
		p.af.Fail(ctx, err)
		return
	}
	id := p.id
	page.Do(ctx, func() (sharedip.Filing, error) { return page.API().AnswerIPFiling(ctx, id, req.Text) },
		func(ctx app.Context, _ sharedip.Filing) {
			p.af.Done()
			p.answer, p.notice = "", t("ip.answerSent")
			ctx.NewAction(filingQuery.Name, byID(id))
			ds.Focus(ctx, "ip-filing-notice")
		}, p.af.Fail)
}
