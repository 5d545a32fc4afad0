package page

import (
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/shared"
)

// Authed is embedded in every signed-in page (as authed, see Live): it
// loads the session (GET /session) when the page opens in the browser and
// sends the person to the login page when there is none.
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

// IsAuthError reports whether err means the session is gone.
func IsAuthError(err error) bool {
	c := shared.ErrorCode(err)
	return c == shared.CodeUnauthenticated || c == shared.CodeSessionExpired
}

// toLogin sends the person to the login page, coming back to the current
// page after signing in.
func toLogin(ctx app.Context, expired bool) {
	Forget(ctx) // whoever signs in next sees nothing of this session's data
	if kioskMode {
		// A kiosk's next visitor must not land on this one's page after
		// signing in, nor find the drafts and storage the visit left.
		endKioskVisit()
		return
	}
	q := url.Values{}
	if next := ctx.Page().URL().RequestURI(); next != "" && next != "/" && !strings.HasPrefix(next, "/login") {
		q.Set("next", next)
	}
	if expired {
		q.Set("expired", "1")
	}
	target := "/login"
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	ctx.Navigate(target)
}

// SafeNext keeps only local paths as the after-login destination; "" when
// none was asked for (or one from elsewhere).
func SafeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return ""
	}
	return next
}

// Landing is where a sign-in ends: the page the person was on, or else
// the back office for staff (their work is there, not in a cabinet of
// their own), or else the cabinet.
func Landing(next string, s shared.SessionInfo) string {
	switch {
	case next != "":
		return next
	case len(s.Account.Permissions) > 0:
		return PathOffice
	}
	return PathCabinet
}

// CallName is how the portal greets a person: first name and patronymic.
func CallName(a shared.Account) string {
	return strings.TrimSpace(a.FirstName + " " + a.MiddleName)
}
