package npd

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// annul annuls the chosen receipt for the reason picked; reload runs
// after it, to show the receipt annulled.
func (v *receiptsView) annul(ctx app.Context, reload func(app.Context)) {
	if v.annulID == "" || !v.af.Start() {
		return
	}
	if v.annulReason == "" {
		v.af.SetField("reason", shared.CodeRequired)
		v.af.Check(ctx)
		return
	}
	id, reason := v.annulID, v.annulReason
	page.Do(ctx, func() (sharednpd.Receipt, error) { return page.API().AnnulReceipt(ctx, id, reason) },
		func(ctx app.Context, r sharednpd.Receipt) {
			v.af.Done()
			v.annulID, v.annulReason = "", ""
			v.notice = t("npd.annulledNotice", r.Number)
			ds.Focus(ctx, "npd-notice")
			reload(ctx)
		}, v.af.Fail)
}

// annulForm asks for the reason of the chosen receipt's annulment.
func (v *receiptsView) annulForm(on func(app.Context) app.Context, reload func(app.Context)) app.UI {
	return ds.NewCard(t("npd.annulTitle")).ID("npd-annul").Body(
		app.H3().ID("annul-title").TabIndex(-1).Text(t("npd.annulText")),
		v.af.Head([]string{"reason"}),
		app.Form().ID("form-annul").Class("form").NoValidate(true).OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			v.annul(on(ctx), reload)
		}).Body(
			ds.NewRadios("reason", t("npd.annulReason")).Value(v.annulReason).Error(v.af.Err("reason")).Options(
				ds.Option{ID: "f-reason-mistake", Value: sharednpd.AnnulMistake, Label: t("npd.reason.mistake")},
				ds.Option{ID: "f-reason-refund", Value: sharednpd.AnnulRefund, Label: t("npd.reason.refund")},
			).OnChange(func(val string) { v.annulReason = val }),
			ds.Actions(
				ds.NewButton(t("npd.annulConfirm")).ID("btn-annul-confirm").Kind(ds.DangerBtn).Submit().Busy(v.af.Busy, t("common.wait")),
				ds.NewButton(t("common.cancel")).ID("btn-annul-cancel").Kind(ds.Secondary).OnClick(func(ctx app.Context, e app.Event) { v.annulID = "" }),
			),
		),
	)
}
