package npd

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// npdNav is the cabinet's own navigation: home, receipts, taxes, documents.
func npdNav(active string) app.UI {
	link := func(href, key string) app.UI {
		a := app.A().ID("subnav-" + key).Href(href).Text(t("npd.nav." + key))
		if href == active {
			a = a.Aria("current", "page")
		}
		return app.Li().Body(a)
	}
	return app.Nav().Aria("label", t("npd.nav")).Body(app.Ul().Class("subnav").Body(
		link(page.PathNPD, "home"), link(page.PathNPDReceipts, "receipts"), link(page.PathNPDIncome, "income"), link(page.PathNPDTax, "tax"), link(page.PathNPDDocs, "docs"),
		link(page.PathInbox, "inbox"),
	))
}

// npdHead is the head of every page of the cabinet.
func npdHead(active, h1, lead string) []app.UI {
	return []app.UI{ds.BackLink(page.PathCabinet, t("common.toCabinet")), ds.NewPageHead(h1).Lead(lead), npdNav(active)}
}

// npdClosed is what a page of the cabinet shows instead of itself when
// the account needs a second factor or is not a payer (the code of its
// load's failure); nil otherwise.
func npdClosed(code shared.Code) app.UI {
	switch code {
	case sharednpd.CodeFactorRequired:
		return ds.NewNotice(ds.Warning, t("security.needTitle")).ID("npd-need-factor").Body(
			app.P().Text(t("err.factor_required")),
			ds.Actions(ds.NewButton(t("security.title")).ID("link-npd-security").Href(page.PathSecurity)))
	case sharednpd.CodeNPDNotRegistered:
		return ds.NewNotice(ds.Info, t("npd.notPayerTitle")).ID("npd-not-payer").Body(
			app.P().Text(t("npd.notPayerText")),
			ds.Actions(ds.NewButton(t("npd.toRegister")).ID("link-npd-register").Href(page.PathNPD)))
	}
	return nil
}

// failedCode is the code of r's failure; "" unless it failed.
func failedCode[T any](r page.Remote[T]) shared.Code {
	if r.Status != page.Failed {
		return ""
	}
	return r.Code
}

// npdWaiting is what a page of the cabinet shows instead of its content
// until it can: the sign-in gate, the cabinet closed to the account, the
// load's error, or the skeleton while it loads; nil once loaded.
func npdWaiting[T any](gate app.UI, r page.Remote[T]) app.UI {
	if gate != nil {
		return gate
	}
	if c := npdClosed(failedCode(r)); c != nil {
		return c
	}
	switch {
	case r.Status == page.Failed:
		return unavailable(r.Err)
	case !r.Has():
		return ds.NewSkeleton(5, t("common.loading"))
	}
	return nil
}

// unavailable is a page's load that failed, with why.
func unavailable(why string) app.UI {
	return ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("form-error").Text(why)
}
