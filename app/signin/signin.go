// Package signin is the way into the portal and everything on the way:
// the sign-in with a password and a second factor (an app's code, SMS, a
// passkey, a phone's approval, a kiosk's QR code), the lost second factor,
// registration with the confirmation of the phone and e-mail, a new
// password by a code, «это не я», and the setup of a service centre's
// kiosk. Its pages are built in app/page's frame.
package signin

import "kabinet/app/page"

// t is the interface text of key in the current language; out of line,
// as page's t says why.
//
//go:noinline
func t(key string, args ...any) string { return page.T(key, args...) }

// live is embedded by every page under this package's own name, so that
// go-app does not take it for an attribute (see app/ui's
// TestPagesHaveNoAttributes).
type live = page.Live
