// Package page is the frame every page of the portal is built in: the
// shell (header, navigation, footer, the idle timeout), the session a
// signed-in page loads, forms and their errors, the texts of the
// catalogue in the person's language, the paths of the pages, status tags
// and formats, form drafts on the device, the second-factor field, the
// banner of sign-ins waiting for this phone, the notice of a lost
// connection, the journal's view, and the not-found page.
//
// The areas' packages (signin, account, office, npd) build their pages of
// these and never import one another; app/ui puts them in one route
// table. The app's environment (the API client, the language, kiosk mode)
// is set once by Start, in the browser, before the first page.
package page
