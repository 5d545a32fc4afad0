package page

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
)

// FactorGate is what a back-office page shows, in place of itself, to
// staff whose session has no second factor (the server refuses them every
// back-office call): the way to add one. nil for everyone else.
func (a *Authed) FactorGate() []app.UI {
	if a.Sess == nil || a.Sess.SecondFactor || len(a.Sess.Account.Permissions) == 0 {
		return nil
	}
	return []app.UI{
		ds.NewPageHead(t("office.factorTitle")),
		ds.NewNotice(ds.Warning, t("office.factorTitle")).ID("office-need-factor").Text(t("office.factorText")),
		ds.Actions(ds.NewButton(t("office.factorAction")).ID("btn-office-factor").Href(PathSecurity)),
	}
}

// NoAccess is what a person without the permission sees.
func NoAccess() []app.UI {
	return []app.UI{
		ds.NewPageHead(t("office.noAccessTitle")),
		ds.NewNotice(ds.Warning, t("office.noAccessTitle")).ID("no-access").Text(t("office.noAccessText")),
		ds.Actions(ds.NewButton(t("common.toCabinet")).Href(PathCabinet)),
	}
}
