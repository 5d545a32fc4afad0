// Package npd is the self-employed cabinet (налог на профессиональный
// доход): registration and deregistration, receipts (new, the list,
// annulment, e-mail, exports), income, taxes and their payment,
// certificates, and the public checks of a receipt and of an issued
// document; and the cabinet's desk in the back office, where the tax
// office finds a payer, blocks one and records a bank statement's
// payments. Each cabinet owns its desks. Its pages are built in
// app/page's frame; the cabinet's vocabulary is shared/npd, imported as
// sharednpd.
package npd

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
