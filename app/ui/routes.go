// Package ui is the front end's one route table and the handler the
// server mounts: Routes registers every area's pages (app/signin,
// app/account, app/office, app/npd, built in app/page's frame) for
// go-app, the same in the browser and on the server, which prerenders
// them; NewHandler serves them with the PWA's files and the service
// worker.
package ui

import (
	"regexp"
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/account"
	"kabinet/app/documents"
	"kabinet/app/ip"
	"kabinet/app/npd"
	"kabinet/app/office"
	"kabinet/app/page"
	"kabinet/app/signin"
)

// pages is the route table: exact paths and, for pages with a parameter,
// regular expressions, area by area. Any other path gets the not-found
// page.
var pages = []struct {
	path, pattern string
	newPage       func() app.Composer
}{
	{path: page.PathLogin, newPage: signin.Login},
	{path: page.PathRegister, newPage: signin.Register},
	{path: page.PathConfirm, newPage: signin.Confirm},
	{path: page.PathRecover, newPage: signin.Recover},
	{path: page.PathNotMe, newPage: signin.NotMe},
	{path: page.PathKioskSetup, newPage: signin.KioskSetup},

	{path: page.PathHome, newPage: account.Home},
	{path: page.PathCabinet, newPage: account.Cabinet},
	{path: page.PathProfile, newPage: account.Profile},
	{path: page.PathProfileEdt, newPage: account.Profile},
	{path: page.PathConfirmSig, newPage: account.ConfirmSignature},
	{path: page.PathJournal, newPage: account.Journal},
	{path: page.PathSessions, newPage: account.Sessions},
	{path: page.PathSecurity, newPage: account.Security},
	{path: page.PathQR, newPage: account.QRApprove},
	{path: page.PathInbox, newPage: account.Inbox},
	{path: page.PathPrivacy, newPage: account.Privacy},
	{path: page.PathOutbox, newPage: account.Outbox},

	{path: page.PathOffice, newPage: office.Home},
	{pattern: page.PatternPerson, newPage: office.Person},
	{path: page.PathKiosks, newPage: office.Kiosks},

	{path: page.PathNPD, newPage: npd.Home},
	{path: page.PathNPDReceipts, newPage: npd.Receipts},
	{path: page.PathNPDIncome, newPage: npd.Income},
	{path: page.PathNPDTax, newPage: npd.Tax},
	{path: page.PathNPDDocs, newPage: npd.Docs},
	{path: page.PathOfficeNPD, newPage: npd.Office},
	{pattern: page.PatternVerify, newPage: npd.Verify},
	{pattern: page.PatternReceipt, newPage: npd.Receipt},

	{path: page.PathIP, newPage: ip.Home},
	{pattern: page.PatternIPFiling, newPage: ip.Filing},
	{path: page.PathOfficeIP, newPage: ip.Desk},
	{pattern: page.PatternOfficeIPFiling, newPage: ip.OfficeFiling},
	{pattern: page.PatternOfficeIPRecord, newPage: ip.OfficeRecord},

	{path: documents.PathDocuments, newPage: documents.List},
	{path: documents.PathSend, newPage: documents.Send},
	{path: documents.PathIncoming, newPage: documents.Incoming},
	{path: documents.PathVerify, newPage: documents.Verify},
	{path: documents.PathDesk, newPage: documents.Desk},
	{pattern: documents.PatternCard, newPage: documents.Card},
	{pattern: documents.PatternSending, newPage: documents.Sending},
	{pattern: documents.PatternDeskSending, newPage: documents.DeskSending},
}

// Routes registers every page. The WASM main and the server both call it
// before anything else, so that each page is prerendered by the server and
// then taken over in the browser.
func Routes() {
	page.Start()
	for _, p := range pages {
		if p.pattern != "" {
			app.RouteWithRegexp(p.pattern, p.newPage)
		} else {
			app.Route(p.path, p.newPage)
		}
	}
	app.RouteWithRegexp(`^/`, page.NotFound)
}

// patterns are the pages' patterns compiled, by the index in pages, for
// IsPage (the server's). Compiled at the first use rather than at package
// init, which app.wasm runs before its first render (go-app compiles the
// patterns it routes with itself).
var patterns = sync.OnceValue(func() []*regexp.Regexp {
	res := make([]*regexp.Regexp, len(pages))
	for i, p := range pages {
		if p.pattern != "" {
			res[i] = regexp.MustCompile(p.pattern)
		}
	}
	return res
})

// IsPage reports whether path is one of the pages (not the not-found
// page), so the server can answer other paths with status 404.
func IsPage(path string) bool {
	res := patterns()
	for i, p := range pages {
		if p.path == path || res[i] != nil && res[i].MatchString(path) {
			return true
		}
	}
	return false
}
