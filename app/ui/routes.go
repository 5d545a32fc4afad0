package ui

import (
	"regexp"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/account"
	"kabinet/app/office"
	"kabinet/app/page"
	"kabinet/app/signin"
)

// pages is the route table: exact paths and, for pages with a parameter,
// regular expressions. Any other path gets the not-found page.
var pages = []struct {
	path, pattern string
	re            *regexp.Regexp // compiled pattern
	page          func() app.Composer
}{
	{path: page.PathHome, page: account.Home},
	{path: page.PathLogin, page: signin.Login},
	{path: page.PathRegister, page: signin.Register},
	{path: page.PathConfirm, page: signin.Confirm},
	{path: page.PathRecover, page: signin.Recover},
	{path: page.PathCabinet, page: account.Cabinet},
	{path: page.PathProfile, page: account.Profile},
	{path: page.PathProfileEdt, page: account.Profile},
	{path: page.PathJournal, page: account.Journal},
	{path: page.PathSessions, page: account.Sessions},
	{path: page.PathPrivacy, page: account.Privacy},
	{path: page.PathSecurity, page: account.Security},
	{path: page.PathOffice, page: office.Home},
	{pattern: page.PatternPerson, re: regexp.MustCompile(page.PatternPerson), page: office.Person},
	{path: page.PathOutbox, page: account.Outbox},
	{path: page.PathQR, page: account.QRApprove},
	{path: page.PathNotMe, page: signin.NotMe},
	{path: page.PathKiosks, page: office.Kiosks},
	{path: page.PathOfficeNPD, page: func() app.Composer { return &officeNPDPage{} }},
	{path: page.PathKioskSetup, page: signin.KioskSetup},
	{path: page.PathNPD, page: func() app.Composer { return &npdPage{} }},
	{path: page.PathNPDReceipts, page: func() app.Composer { return &npdReceiptsPage{} }},
	{path: page.PathNPDIncome, page: func() app.Composer { return &npdIncomePage{} }},
	{path: page.PathNPDTax, page: func() app.Composer { return &npdTaxPage{} }},
	{path: page.PathNPDDocs, page: func() app.Composer { return &npdDocsPage{} }},
	{path: page.PathInbox, page: account.Inbox},
	{pattern: page.PatternVerify, re: regexp.MustCompile(page.PatternVerify), page: func() app.Composer { return &verifyPage{} }},
	{pattern: page.PatternReceipt, re: regexp.MustCompile(page.PatternReceipt), page: func() app.Composer { return &receiptPage{} }},
}

// Routes registers every page. The WASM main and the server both call it
// before anything else, so that each page is prerendered by the server and
// then taken over in the browser.
func Routes() {
	page.Start()
	for _, p := range pages {
		if p.pattern != "" {
			app.RouteWithRegexp(p.pattern, p.page)
		} else {
			app.Route(p.path, p.page)
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
