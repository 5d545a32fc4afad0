package npd

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// loadUnidentified asks for the payments no notice matched.
func (p *officeNPDPage) loadUnidentified(ctx app.Context) {
	unidentifiedQuery.Load(p.On(ctx), &p.unident)
}

// assign records the chosen unidentified payment as the payment of the
// notice with the УИН typed.
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
	page.Do(ctx, func() (sharednpd.AssignedPayment, error) { return page.API().AssignPayment(ctx, id, uin) },
		func(ctx app.Context, res sharednpd.AssignedPayment) {
			p.af.Done()
			p.assigning, p.assignUIN = nil, ""
			p.notice = t("onpd.assignedNotice", ref, res.Name, res.Payer)
			ds.Focus(ctx, "onpd-notice")
			p.loadUnidentified(ctx)
			if op := p.found(); op != nil && op.Payer.INN == res.Payer {
				p.fetch(ctx, res.Payer)
			}
		}, func(ctx app.Context, err error) {
			p.af.Fail(ctx, err)
			if e, ok := shared.AsError(err); ok && e.Fields["uin"].Code == shared.CodeNotFound {
				p.af.Say("uin", t("onpd.noNotice"))
			}
		})
}

// unidentifiedView lists the payments no notice matched, with the dialog
// that assigns the chosen one to a notice: it opens over the list, where
// the officer is, not after the last of up to 500 rows.
func (p *officeNPDPage) unidentifiedView() []app.UI {
	out := []app.UI{app.H2().ID("unidentified-title").Text(t("onpd.unidentTitle")), app.P().Text(t("onpd.unidentText"))}
	un := p.unident.Data
	switch {
	case p.unident.Status == page.Failed:
		return append(out, ds.NewNotice(ds.Danger, p.unident.Err))
	case !p.unident.Has():
		return append(out, ds.NewSkeleton(2, t("common.loading")))
	case len(un.Items) == 0:
		return append(out, app.Div().ID("unidentified-none").Body(ds.NewEmptyState(t("onpd.unidentNoneTitle"), t("onpd.unidentNoneText"))))
	}
	rows := make([][]app.UI, len(un.Items))
	for i, u := range un.Items {
		rows[i] = []app.UI{app.Text(numericDate(u.PaidOn)), app.Text(page.FormatMoney(u.Amount)), app.Text(u.UIN), app.Text(u.Reference),
			ds.NewButton(t("onpd.assign")).ID("btn-assign-" + u.ID[:8]).Kind(ds.Secondary).Label(t("onpd.assignNamed", u.Reference)).
				OnClick(func(ctx app.Context, e app.Event) { p.assigning, p.assignUIN, p.af = &u, "", page.Form{} })}
	}
	// A list cut at sharednpd.UnidentifiedShown says so above its rows,
	// not after the last of them.
	if un.Count > len(un.Items) {
		out = append(out, ds.NewNotice(ds.Info, t("onpd.unidentMore", len(un.Items), un.Count)).ID("unidentified-more"))
	}
	return append(out,
		ds.NewTable(t("onpd.unidentCaption", un.Count, page.FormatMoney(un.Total)), t("onpd.col.date"), t("onpd.col.amount"),
			t("onpd.uinSent"), t("onpd.col.reference"), t("sessions.action")).ID("unidentified").Rows(rows),
		p.assignDialog(),
	)
}

// assignDialog asks for the УИН of the notice the chosen payment was
// meant for; the payment's own details stay in view above the field.
func (p *officeNPDPage) assignDialog() app.UI {
	var u sharednpd.UnidentifiedPayment
	if p.assigning != nil {
		u = *p.assigning
	}
	return ds.NewDialog("onpd-assign", t("onpd.assignTitle", u.Reference)).
		Open(p.assigning != nil).
		OnClose(func(ctx app.Context) { p.assigning = nil }).
		Body(
			ds.NewSummaryList(
				ds.Row{Key: t("onpd.col.date"), Value: app.Text(numericDate(u.PaidOn))},
				ds.Row{Key: t("onpd.col.amount"), Value: app.Text(page.FormatMoney(u.Amount))},
				ds.Row{Key: t("onpd.uinSent"), Value: app.Text(u.UIN)},
			).ID("assign-payment"),
			app.P().Text(t("onpd.assignText")),
			p.af.Head([]string{"uin"}),
			app.Form().ID("form-assign").Class("form").NoValidate(true).OnSubmit(p.assign).Body(
				ds.NewTextField("f-assign-uin", t("onpd.col.uin")).Hint(t("onpd.assignHint")).InputMode("numeric").MaxLength(25).
					Value(p.assignUIN).Error(p.af.Err("uin")).OnChange(func(v string) { p.assignUIN = v }),
			),
		).
		Actions(
			ds.NewButton(t("onpd.assignConfirm")).ID("btn-assign-confirm").Busy(p.af.Busy, t("common.saving")).OnClick(p.assign),
			ds.NewButton(t("common.cancel")).ID("btn-assign-cancel").Kind(ds.Secondary).
				OnClick(func(ctx app.Context, e app.Event) { p.assigning = nil }),
		)
}
