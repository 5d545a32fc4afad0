package page

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/shared"
)

// Authed is embedded in every signed-in page: it loads the session (GET
// /session) when the page opens in the browser and sends the person to the
// login page when there is none.
type Authed struct {
	Sess   *shared.SessionInfo
	Failed string // why the session could not be checked (server down)
}

// Load checks the session, then runs then (the page's own loads) on the UI
// goroutine. On the server it does nothing: the page prerenders its
// skeleton.
func (a *Authed) Load(ctx app.Context, then func(app.Context, shared.SessionInfo)) {
	if app.IsServer {
		return
	}
	ctx.Async(func() {
		s, err := api.Session(ctx)
		ctx.Dispatch(func(ctx app.Context) {
			switch {
			case err == nil:
				a.Sess, a.Failed = &s, ""
				if then != nil {
					then(ctx, s)
				}
			case IsAuthError(err):
				toLogin(ctx, false)
			default:
				a.Failed = ErrText(err)
			}
		})
	})
}

// Account is the signed-in person (zero before the session loads).
func (a *Authed) Account() shared.Account {
	if a.Sess == nil {
		return shared.Account{}
	}
	return a.Sess.Account
}

// Gate is what a signed-in page shows until the session is known: a
// skeleton, or the reason it could not be checked. nil once loaded.
func (a *Authed) Gate() app.UI {
	switch {
	case a.Failed != "":
		return ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("form-error").Text(a.Failed)
	case a.Sess == nil:
		return ds.NewSkeleton(4, t("common.loading"))
	}
	return nil
}

// APIFailed handles an error of a signed-in page's call: a lost session
// goes to the login page (true); anything else is for the page to show.
func APIFailed(ctx app.Context, err error) bool {
	if IsAuthError(err) {
		toLogin(ctx, true)
		return true
	}
	return false
}
