package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// Paths of the pages.
const (
	PathHome       = "/"
	PathLogin      = "/login"
	PathRegister   = "/register"
	PathConfirm    = "/register/confirm"
	PathRecover    = "/recover"
	PathCabinet    = "/cabinet"
	PathProfile    = "/profile"
	PathProfileEdt = "/profile/edit"
	PathJournal    = "/journal"
	PathOffice     = "/office"
	PathOutbox     = "/dev/outbox"

	// PatternPerson matches a back-office person page, /office/people/{id}.
	PatternPerson = `^/office/people/[^/]+$`
)

// Routes registers every page. The WASM main and the server both call it
// before anything else, so that each page is prerendered by the server and
// then taken over in the browser. Any other path gets the not-found page.
func Routes() {
	startBrowser()
	app.Route(PathHome, func() app.Composer { return &homePage{} })
	app.Route(PathLogin, func() app.Composer { return &loginPage{} })
	app.Route(PathRegister, func() app.Composer { return &registerPage{} })
	app.Route(PathConfirm, func() app.Composer { return &confirmPage{} })
	app.Route(PathRecover, func() app.Composer { return &recoverPage{} })
	app.Route(PathCabinet, func() app.Composer { return &cabinetPage{} })
	app.Route(PathProfile, func() app.Composer { return &profilePage{} })
	app.Route(PathProfileEdt, func() app.Composer { return &profilePage{} })
	app.Route(PathJournal, func() app.Composer { return &journalPage{} })
	app.Route(PathOffice, func() app.Composer { return &officePage{} })
	app.RouteWithRegexp(PatternPerson, func() app.Composer { return &personPage{} })
	app.Route(PathOutbox, func() app.Composer { return &outboxPage{} })
	app.RouteWithRegexp(`^/`, func() app.Composer { return &notFoundPage{} })
}
