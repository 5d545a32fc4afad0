// Package account is the signed-in person's own pages: the front page
// and the cabinet's start, the profile and its form, «Вход и защита»
// (second factors, passkeys, SMS codes, the phone as an approver,
// contacts), the sessions, the journal, the inbox of notifications, the
// phone's approval of a sign-in elsewhere, the privacy policy, and the
// developer's outbox. Its pages are built in app/page's frame.
package account

import "kabinet/app/page"

// t is the interface text of key in the current language; out of line,
// as page's t says why.
//
//go:noinline
func t(key string, args ...any) string { return page.T(key, args...) }

// The frame's parts are embedded by every page under this package's own
// names, so that go-app does not take them for attributes (see app/ui's
// TestPagesHaveNoAttributes).
type (
	live   = page.Live
	authed = page.Authed
)
