package npd

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// mail sends the chosen receipt to the address typed.
func (v *receiptsView) mail(ctx app.Context) {
	if v.mailID == "" || !v.mf.Start() {
		return
	}
	if _, err := shared.NormalizeEmail(v.mailTo); err != nil {
		v.mf.SetField("to", shared.ErrorCode(err))
		v.mf.Check(ctx)
		return
	}
	id, to := v.mailID, v.mailTo
	page.Do(ctx, func() (struct{}, error) { return struct{}{}, page.API().EmailReceipt(ctx, id, to) },
		func(ctx app.Context, _ struct{}) {
			v.mf.Done()
			v.mailID, v.mailTo = "", ""
			v.notice = t("npd.mailedNotice", to)
			ds.Focus(ctx, "npd-notice")
		}, v.mf.Fail)
}

// mailForm asks where to send the chosen receipt.
func (v *receiptsView) mailForm(on func(app.Context) app.Context) app.UI {
	return ds.NewCard(t("npd.mailTitle")).ID("npd-mail").Body(
		app.H3().ID("mail-title").TabIndex(-1).Text(t("npd.mailText")),
		v.mf.Head([]string{"to"}),
		app.Form().ID("form-mail").Class("form").NoValidate(true).OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			v.mail(on(ctx))
		}).Body(
			ds.NewTextField("f-mail-to", t("npd.mailTo")).InputMode("email").Value(v.mailTo).Error(v.mf.Err("to")).
				OnChange(func(val string) { v.mailTo = val }),
			ds.Actions(
				ds.NewButton(t("npd.mailSend")).ID("btn-mail-send").Submit().Busy(v.mf.Busy, t("common.wait")),
				ds.NewButton(t("common.cancel")).ID("btn-mail-cancel").Kind(ds.Secondary).OnClick(func(ctx app.Context, e app.Event) { v.mailID = "" }),
			),
		),
	)
}
