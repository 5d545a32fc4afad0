package ui

import "kabinet/app/page"

// t is the interface text of key in the current language.
func t(key string, args ...any) string { return page.T(key, args...) }

// The frame's parts every page embeds, under names of this package:
// embedded as page.Live they would be exported fields, which go-app takes
// for a component's attributes and copies from the new instance when a
// page is updated (navigating between two URLs of one page), wiping the
// page's context and session.
type (
	live   = page.Live
	authed = page.Authed
)
