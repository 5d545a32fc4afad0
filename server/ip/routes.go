package ip

import (
	"github.com/gofiber/fiber/v2"

	"kabinet/server/auth"
	"kabinet/shared"
)

// access is what a person's route needs of the session.
type access int

const (
	signedIn   access = iota // the home and the classifier: the handler says why the cabinet does not open
	withFactor               // the filings: a session that proved a second factor
)

// route is one of the person's routes.
type route struct {
	method, path string
	access       access
	handle       fiber.Handler
}

// table is the person's routes: each acts on the session's own account
// and takes no account id from the request.
func (s *Service) table() []route {
	return []route{
		{"GET", "/ip", signedIn, s.handleHome},
		{"GET", "/ip/okved", signedIn, s.handleOKVED},
		{"GET", "/ip/dues.ics", withFactor, s.handleDuesCalendar},
		{"POST", "/ip/check", withFactor, s.handleCheck},
		{"GET", "/ip/filings", withFactor, s.handleFilings},
		{"POST", "/ip/filings", withFactor, s.handleCreateFiling},
		{"GET", "/ip/filings/:id", withFactor, s.handleFiling},
		{"PUT", "/ip/filings/:id/draft", withFactor, s.handleSaveDraft},
		{"POST", "/ip/filings/:id/document", withFactor, s.handleFilingDocument},
		{"POST", "/ip/filings/:id/submit", withFactor, s.handleSubmit},
		{"POST", "/ip/filings/:id/answer", withFactor, s.handleAnswer},
	}
}

// Routes mounts the person's routes: authed attaches the session,
// factor the session that proved a second factor.
func (s *Service) Routes(r fiber.Router, authed, factor fiber.Handler) {
	for _, rt := range s.table() {
		gate := authed
		if rt.access == withFactor {
			gate = factor
		}
		r.Add(rt.method, rt.path, gate, rt.handle)
	}
}

// OfficeTable is the registry officer's routes with the permission each
// needs (docs/authorization.md is generated from it).
func (s *Service) OfficeTable() []auth.Route {
	const p = shared.PermIPRegistry
	return []auth.Route{
		{Method: "GET", Path: "/office/ip/filings", Perm: p, Why: "the queue of ЕГРИП filings by form, overdue first", Handle: s.handleQueue},
		{Method: "GET", Path: "/office/ip/filings/:id", Perm: p, Why: "a submitted filing with its timeline and the record it changes", Handle: s.handleOfficeFiling},
		{Method: "GET", Path: "/office/ip/filings/:id/passport-scan", Perm: p, Why: "download the passport scan a Р21001 attaches", Handle: s.handleOfficeScan},
		{Method: "POST", Path: "/office/ip/filings/:id/review", Perm: p, Why: "take a filing into review", Handle: s.handleReview},
		{Method: "POST", Path: "/office/ip/filings/:id/register", Perm: p, Why: "register a filing: the ЕГРИП entry, in one transaction", Handle: s.handleRegister},
		{Method: "POST", Path: "/office/ip/filings/:id/refuse", Perm: p, Why: "refuse a filing with a legal ground", Handle: s.handleRefuse},
		{Method: "POST", Path: "/office/ip/filings/:id/additions", Perm: p, Why: "ask the applicant for additions", Handle: s.handleAdditions},
		{Method: "GET", Path: "/office/ip/search", Perm: p, Why: "find an ИП by ИНН, ОГРНИП or name", Handle: s.handleSearch},
		{Method: "GET", Path: "/office/ip/records/:inn", Perm: p, Why: "an ИП's ЕГРИП record with its history and filings", Handle: s.handleOfficeRecord},
	}
}

// OfficeRoutes mounts the registry officer's desk under /office/ip; every
// route checks its permission on the server.
func (s *Service) OfficeRoutes(r fiber.Router, authed fiber.Handler) {
	auth.MountPermitted(r, authed, "/office/ip", s.OfficeTable())
}
