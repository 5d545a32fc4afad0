package ui

import (
	"regexp"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// pages is the route table: exact paths and, for pages with a parameter,
// regular expressions. Any other path gets the not-found page.
var pages = []struct {
	path, pattern string
	re            *regexp.Regexp // compiled pattern
	page          func() app.Composer
}{
	{path: PathHome, page: func() app.Composer { return &homePage{} }},
	{path: PathLogin, page: func() app.Composer { return &loginPage{} }},
	{path: PathRegister, page: func() app.Composer { return &registerPage{} }},
	{path: PathConfirm, page: func() app.Composer { return &confirmPage{} }},
	{path: PathRecover, page: func() app.Composer { return &recoverPage{} }},
	{path: PathCabinet, page: func() app.Composer { return &cabinetPage{} }},
	{path: PathProfile, page: func() app.Composer { return &profilePage{} }},
	{path: PathProfileEdt, page: func() app.Composer { return &profilePage{} }},
	{path: PathJournal, page: func() app.Composer { return &journalPage{} }},
	{path: PathSessions, page: func() app.Composer { return &sessionsPage{} }},
	{path: PathPrivacy, page: func() app.Composer { return &privacyPage{} }},
	{path: PathSecurity, page: func() app.Composer { return &securityPage{} }},
	{path: PathOffice, page: func() app.Composer { return &officePage{} }},
	{pattern: PatternPerson, re: regexp.MustCompile(PatternPerson), page: func() app.Composer { return &personPage{} }},
	{path: PathOutbox, page: func() app.Composer { return &outboxPage{} }},
	{path: PathQR, page: func() app.Composer { return &qrApprovePage{} }},
	{path: PathNotMe, page: func() app.Composer { return &notMePage{} }},
	{path: PathKiosks, page: func() app.Composer { return &officeKiosksPage{} }},
	{path: PathOfficeNPD, page: func() app.Composer { return &officeNPDPage{} }},
	{path: PathKioskSetup, page: func() app.Composer { return &kioskSetupPage{} }},
	{path: PathNPD, page: func() app.Composer { return &npdPage{} }},
	{path: PathNPDReceipts, page: func() app.Composer { return &npdReceiptsPage{} }},
	{path: PathNPDIncome, page: func() app.Composer { return &npdIncomePage{} }},
	{path: PathNPDTax, page: func() app.Composer { return &npdTaxPage{} }},
	{path: PathNPDDocs, page: func() app.Composer { return &npdDocsPage{} }},
	{path: PathInbox, page: func() app.Composer { return &inboxPage{} }},
	{pattern: PatternVerify, re: regexp.MustCompile(PatternVerify), page: func() app.Composer { return &verifyPage{} }},
	{pattern: PatternReceipt, re: regexp.MustCompile(PatternReceipt), page: func() app.Composer { return &receiptPage{} }},
}

// Routes registers every page. The WASM main and the server both call it
// before anything else, so that each page is prerendered by the server and
// then taken over in the browser.
func Routes() {
	startBrowser()
	for _, p := range pages {
		if p.pattern != "" {
			app.RouteWithRegexp(p.pattern, p.page)
		} else {
			app.Route(p.path, p.page)
		}
	}
	app.RouteWithRegexp(`^/`, func() app.Composer { return &notFoundPage{} })
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
