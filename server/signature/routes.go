package signature

import (
	"github.com/gofiber/fiber/v2"

	"kabinet/server/auth"
)

// route is one endpoint: method, path, the middleware before it, handler.
type route struct {
	method, path string
	before       []fiber.Handler
	handle       fiber.Handler
}

// Routes mounts the signature endpoints on r (the API group). authed lets
// any signed-in session through (the «Вход и защита» page), withFactor
// only one that proved a second factor (the documents).
func (s *Service) Routes(r fiber.Router, authed, withFactor fiber.Handler) {
	public := []fiber.Handler(nil)
	account := []fiber.Handler{authed}
	fresh := []fiber.Handler{authed, auth.RequireStepUp()}
	docs := []fiber.Handler{withFactor}
	for _, rt := range []route{
		{"GET", "/signature/ca", public, s.handleCA},
		{"GET", "/signature/crl", public, s.handleCRL},
		{"GET", "/signature/certificates/:serial/status", public, s.handleStatus},
		{"POST", "/signature/verify", public, s.handleVerify},
		{"POST", "/login/signature/challenge", public, s.handleLoginChallenge},
		{"POST", "/login/signature", public, s.handleKeyLogin},
		{"GET", "/me/signature/certificates", account, s.handleCertificates},
		{"POST", "/me/signature/certificates", fresh, s.handleIssue},
		{"POST", "/me/signature/certificates/:serial/revoke", account, s.handleRevoke},
		{"POST", "/me/signature/confirm/challenge", account, s.handleLevelChallenge},
		{"POST", "/me/signature/confirm", account, s.handleConfirmLevel},
		{"GET", "/signature/documents/:id/signatures", docs, s.handleRecords},
		// A fresh step-up, or one approved on the phone: SignSimple checks.
		{"POST", "/signature/documents/:id/simple", docs, s.handleSignSimple},
		{"POST", "/signature/documents/:id/simple/approval", docs, s.handleAskPhone},
		{"POST", "/signature/documents/:id/prepare", docs, s.handlePrepare},
		{"POST", "/signature/documents/:id/external", docs, s.handleExternal},
		{"POST", "/signature/requests/:id/complete", docs, s.handleComplete},
		{"GET", "/signature/signatures/:id/p7s", docs, s.handleExport},
	} {
		r.Add(rt.method, rt.path, append(append([]fiber.Handler(nil), rt.before...), rt.handle)...)
	}
}
