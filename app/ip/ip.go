// Package ip is the individual entrepreneur's cabinet (индивидуальный
// предприниматель): the home, which opens when the server says so and
// otherwise says why and what to do; the ЕГРИП record; «Проверить данные
// в ЕГРИП»; the filings Р21001, Р24001 and Р26001 as guided forms whose
// drafts live on the server, signed with a step-up; a filing's timeline
// with the answer to «требуются дополнения»; and the registry officer's
// desk (/office/ip): the queue, a filing's decision, the search and an
// ИП's card. Each cabinet owns its desks. Its reads are the queries of
// actions.go; its pages are built in app/page's frame; the cabinet's
// vocabulary is shared/ip, imported as sharedip.
package ip

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
