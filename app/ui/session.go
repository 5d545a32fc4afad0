package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/shared"
)

// authed is embedded in every signed-in page: it loads the session (GET
// /session) when the page opens in the browser and sends the person to the
// login page when there is none.
type authed struct {
	sess   *shared.SessionInfo
	failed string // why the session could not be checked (server down)
}

// load checks the session, then runs then (the page's own loads) on the UI
// goroutine. On the server it does nothing: the page prerenders its
// skeleton.
func (a *authed) load(ctx app.Context, then func(app.Context, shared.SessionInfo)) {
	if app.IsServer {
		return
	}
	ctx.Async(func() {
		s, err := api.Session(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			switch {
			case err == nil:
				a.sess, a.failed = &s, ""
				if then != nil {
					then(ctx, s)
				}
			case isAuthError(err):
				toLogin(ctx, false)
			default:
				a.failed = errText(err)
			}
		})
	})
}

// account is the signed-in person (zero before the session loads).
func (a *authed) account() shared.Account {
	if a.sess == nil {
		return shared.Account{}
	}
	return a.sess.Account
}

// gate is what a signed-in page shows until the session is known: a
// skeleton, or the reason it could not be checked. nil once loaded.
func (a *authed) gate() app.UI {
	switch {
	case a.failed != "":
		return ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("form-error").Text(a.failed)
	case a.sess == nil:
		return ds.NewSkeleton(4, t("common.loading"))
	}
	return nil
}

// apiFailed handles an error of a signed-in page's call: a lost session
// goes to the login page (true); anything else is for the page to show.
func apiFailed(ctx app.Context, err error) bool {
	if isAuthError(err) {
		toLogin(ctx, true)
		return true
	}
	return false
}
