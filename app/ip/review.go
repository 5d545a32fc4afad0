package ip

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/client"
	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// answer is one row of «Проверьте ответы»: what was asked, the answer
// (Р24001: before and after), and the step that asks it.
type answer struct {
	id, key string
	before  string // Р24001: what the record says now
	value   string
	step    int
}

// answerRows are the answers of a filing, form by form; the filing's
// page shows them too, without «Изменить».
func answerRows(form string, raw []byte, rec *sharedip.Record, names map[string]string) []answer {
	v, _ := decodeAnswers(form, raw)
	switch a := v.(type) {
	case *sharedip.Registration:
		return []answer{
			{"fio", "ip.fio", "", fio(a.LastName, a.FirstName, a.MiddleName), 0},
			{"birth", "ip.birth", "", strings.Trim(page.FormatISODate(a.BirthDate)+", "+a.BirthPlace, ", "), 0},
			{"inn", "field.inn", "", a.INN, 0},
			{"passport", "profile.passport", "", passportText(a.Passport), 1},
			{"address", "ip.address", "", addressText(a.Address), 2},
			{"main", "ip.mainOkved", "", codeName(a.MainOKVED, names), 3},
			{"other", "ip.otherOkved", "", codeNames(a.OtherOKVED, names), 3},
			{"regime", "ip.regime", "", regimeText(a.Regime), 4},
			{"contact", "ip.contact", "", strings.Trim(a.Email+", "+page.FormatPhone(a.Phone), ", "), 5},
			{"scan", "oip.passportScan", "", map[bool]string{true: t("ip.scanAttached")}[a.PassportScan != ""], 6},
		}
	case *sharedip.Change:
		var out []answer
		before := func(f func(r *sharedip.Record) string) string {
			if rec == nil {
				return ""
			}
			return f(rec)
		}
		if a.MainOKVED != "" {
			out = append(out, answer{"main", "ip.mainOkved", before(func(r *sharedip.Record) string { return r.MainOKVED.Code + " " + r.MainOKVED.Name }),
				codeName(a.MainOKVED, names), 0})
		}
		if len(a.AddOKVED) > 0 {
			out = append(out, answer{"add", "ip.addOkved", "", codeNames(a.AddOKVED, names), 0})
		}
		if len(a.RemoveOKVED) > 0 {
			out = append(out, answer{"remove", "ip.removeOkved", codeNames(a.RemoveOKVED, names), t("ip.removed"), 0})
		}
		if a.Passport != nil {
			out = append(out, answer{"passport", "profile.passport", "", passportText(*a.Passport), 1})
		}
		if a.Address != nil {
			out = append(out, answer{"address", "ip.address", before(func(r *sharedip.Record) string { return addressText(r.Address) }),
				addressText(*a.Address), 2})
		}
		if len(out) == 0 {
			out = append(out, answer{"none", "ip.changes", "", t("ip.noChanges"), 0})
		}
		return out
	case *sharedip.Closure:
		ack := t("ip.closureNotAcked")
		if a.Acknowledged {
			ack = t("ip.closureAcked")
		}
		return []answer{{"ack", "ip.closureWarnings", "", ack, 0}}
	}
	return nil
}

// answersList draws the answers; with change, each row has «Изменить».
func answersList(rows []answer, change func(step int) app.EventHandler) app.UI {
	items := make([]app.UI, 0, len(rows))
	for _, r := range rows {
		value := []app.UI{app.Span().ID("answer-" + r.id).Text(orDash(r.value))}
		if r.before != "" {
			value = []app.UI{
				app.Div().Class("muted").Body(app.Text(t("ip.before")+" "), app.Del().Text(r.before)),
				app.Div().Body(app.Text(t("ip.after")+" "), app.Ins().ID("answer-"+r.id).Text(r.value)),
			}
		}
		row := app.Div().Class("summary__row").Body(
			app.Dt().Class("summary__key").Text(t(r.key)),
			app.Dd().Class("summary__value").Body(value...),
			app.If(change != nil, func() app.UI {
				return app.Dd().Class("summary__action").Body(
					ds.NewButton(t("ip.change")).ID("btn-change-" + r.id).Kind(ds.LinkBtn).Label(t("ip.changeLabel", t(r.key))).OnClick(change(r.step)))
			}),
		)
		items = append(items, row)
	}
	return app.Dl().ID("ip-answers").Class("summary").Body(items...)
}

// review is «Проверьте ответы» with the declaration and the signature.
func (f *filingForm) review() []app.UI {
	rows := answerRows(f.Filing.Form, mustJSON(f.answers()), f.Record, f.names)
	return []app.UI{
		app.P().Class("lead").Text(t("ip.reviewLead")),
		answersList(rows, func(step int) app.EventHandler {
			return func(ctx app.Context, e app.Event) { f.goTo(f.On(ctx), step) }
		}),
		app.H2().Text(t("ip.signTitle")),
		app.P().Text(t("ip.signText")),
		ds.Actions(
			ds.NewButton(t("ip.sign")).ID("btn-ip-sign").Busy(f.f.Busy && !f.byKey, t("common.sending")).OnClick(f.onSign),
			app.If(f.hasKey, func() app.UI {
				return ds.NewButton(t("ip.signKey")).ID("btn-ip-sign-key").Kind(ds.Secondary).Busy(f.f.Busy && f.byKey, t("common.sending")).OnClick(f.onSignKey)
			}),
		),
	}
}

// ready starts a signature: every answer checked as the server will.
func (f *filingForm) ready(ctx app.Context, byKey bool) bool {
	if !f.f.Start() {
		return false
	}
	f.byKey = byKey
	if fs := page.FieldTexts(f.validate(true)); fs != nil {
		for k, v := range fs {
			f.f.Say(k, v)
		}
		return f.f.Check(ctx)
	}
	return true
}

// onSign checks every answer as the server will and submits; a session
// without a fresh second factor opens the step-up dialog first.
func (f *filingForm) onSign(ctx app.Context, e app.Event) {
	ctx = f.On(ctx)
	if !f.ready(ctx, false) {
		return
	}
	f.gen++
	f.save(ctx, f.step, func(ctx app.Context) { f.submit(ctx) })
}

// onSignKey signs with the browser's «Ключ Кабинета»: the answers become
// a document of «Мои документы», the key signs it (CAdES), the
// submission names it.
func (f *filingForm) onSignKey(ctx app.Context, e app.Event) {
	ctx = f.On(ctx)
	if !f.ready(ctx, true) {
		return
	}
	f.gen++
	f.save(ctx, f.step, func(ctx app.Context) { f.submitKey(ctx) })
}

func (f *filingForm) submitKey(ctx app.Context) {
	id := f.Filing.ID
	f.send(ctx, "btn-ip-sign-key", f.submitKey, func() (sharedip.Filing, error) {
		var made client.NewBrowserKey
		k, err := page.UsableKey(ctx, nil, &made)
		if err != nil {
			return sharedip.Filing{}, err
		}
		d, err := page.API().IPFilingDocument(ctx, id)
		if err != nil {
			return sharedip.Filing{}, err
		}
		if _, err := page.SignWithKey(ctx, d.ID, k); err != nil {
			return sharedip.Filing{}, err
		}
		return page.API().SubmitIPFiling(ctx, id, d.ID)
	})
}

func (f *filingForm) submit(ctx app.Context) {
	id := f.Filing.ID
	f.send(ctx, "btn-ip-sign", f.submit, func() (sharedip.Filing, error) { return page.API().SubmitIPFiling(ctx, id, "") })
}

// send runs a submission; a step-up it needs runs again from back.
func (f *filingForm) send(ctx app.Context, back string, again func(app.Context), call func() (sharedip.Filing, error)) {
	id := f.Filing.ID
	page.Do(ctx, call,
		func(ctx app.Context, _ sharedip.Filing) {
			f.f.Done()
			ctx.NewAction(filingQuery.Name, byID(id)) // the page shows the filing's number and timeline
			ctx.NewAction(homeQuery.Name)
			ds.Focus(ctx, "h1")
		},
		func(ctx app.Context, err error) {
			if shared.ErrorCode(err) == shared.CodeStepUpRequired {
				f.f.Done()
				// Confirmed, the filing is submitted again.
				f.su.Ask(ctx, t("ip.stepupWhy"), t("ip.stepupConfirm"), back, func(ctx app.Context) {
					if f.f.Start() {
						again(ctx)
					}
				})
				return
			}
			f.f.Fail(ctx, err)
			if f.f.Message != "" { // the browser's key may be what failed
				f.f.Message = page.KeyErrText(err)
			}
		})
}

func passportText(p shared.Passport) string {
	if p.IsZero() {
		return ""
	}
	s := strings.TrimSpace(p.Series + " " + p.Number)
	if p.IssuedOn != "" {
		s += ", " + t("ip.issuedOn", page.FormatISODate(p.IssuedOn))
	}
	if p.IssuedBy != "" {
		s += ", " + p.IssuedBy
	}
	if p.DivisionCode != "" {
		s += ", " + p.DivisionCode
	}
	return s
}

func codeName(code string, names map[string]string) string {
	return strings.TrimSpace(code + " " + names[code])
}

func codeNames(codes []string, names map[string]string) string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		out = append(out, codeName(c, names))
	}
	return strings.Join(out, "; ")
}
