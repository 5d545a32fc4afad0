// Package ui is the front end's one route table and the handler the
// server mounts: Routes registers every area's pages (app/signin,
// app/account, app/office, app/npd, built in app/page's frame) for
// go-app, the same in the browser and on the server, which prerenders
// them; NewHandler serves them with the PWA's files and the service
// worker.
package ui

import (
	"regexp"

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
	re            *regexp.Regexp // compiled pattern
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
	{pattern: page.PatternPerson, re: regexp.MustCompile(page.PatternPerson), newPage: office.Person},
	{path: page.PathKiosks, newPage: office.Kiosks},

	{path: page.PathNPD, newPage: npd.Home},
	{path: page.PathNPDReceipts, newPage: npd.Receipts},
	{path: page.PathNPDIncome, newPage: npd.Income},
	{path: page.PathNPDTax, newPage: npd.Tax},
	{path: page.PathNPDDocs, newPage: npd.Docs},
	{path: page.PathOfficeNPD, newPage: npd.Office},
	{pattern: page.PatternVerify, re: regexp.MustCompile(page.PatternVerify), newPage: npd.Verify},
	{pattern: page.PatternReceipt, re: regexp.MustCompile(page.PatternReceipt), newPage: npd.Receipt},

	{path: page.PathIP, newPage: ip.Home},
	{pattern: page.PatternIPFiling, re: regexp.MustCompile(page.PatternIPFiling), newPage: ip.Filing},
	{path: page.PathOfficeIP, newPage: ip.Desk},
	{pattern: page.PatternOfficeIPFiling, re: regexp.MustCompile(page.PatternOfficeIPFiling), newPage: ip.OfficeFiling},
	{pattern: page.PatternOfficeIPRecord, re: regexp.MustCompile(page.PatternOfficeIPRecord), newPage: ip.OfficeRecord},

	{path: documents.PathDocuments, newPage: documents.List},
	{path: documents.PathSend, newPage: documents.Send},
	{path: documents.PathIncoming, newPage: documents.Incoming},
	{path: documents.PathVerify, newPage: documents.Verify},
	{path: documents.PathDesk, newPage: documents.Desk},
	{pattern: documents.PatternCard, re: regexp.MustCompile(documents.PatternCard), newPage: documents.Card},
	{pattern: documents.PatternSending, re: regexp.MustCompile(documents.PatternSending), newPage: documents.Sending},
	{pattern: documents.PatternDeskSending, re: regexp.MustCompile(documents.PatternDeskSending), newPage: documents.DeskSending},
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

// IsPage reports whether path is one of the pages (not the not-found
// page), so the server can answer other paths with status 404.
func IsPage(path string) bool {
	for _, p := range pages {
		if p.path == path || p.re != nil && p.re.MatchString(path) {
			return true
		}
	}
	return false
}
