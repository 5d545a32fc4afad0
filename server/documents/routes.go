package documents

import (
	"context"
	"encoding/json"
	"time"

	"github.com/gofiber/fiber/v2"

	"kabinet/server/auth"
	"kabinet/server/jobs"
	"kabinet/shared"
)

// UploadPath is the upload's path under the API prefix: its body is the
// file, streamed (the portal lets this one route read its own body).
const UploadPath = "/documents"

// route is one of the person's routes. Each acts on the account of the
// session and needs a second factor proven in it (the authed handler the
// portal gives Routes); ids of another person's things are not found.
type route struct {
	Method string
	Path   string
	Handle fiber.Handler
}

// table is the person's routes. The fixed paths come before /documents/:id.
func (s *Service) table() []route {
	return []route{
		{"GET", "/documents", s.handleList},
		{"POST", UploadPath, s.handleUpload},
		{"GET", "/documents/agencies", s.handleAgencies},
		{"GET", "/documents/sendings", s.handleSendings},
		{"POST", "/documents/sendings", s.handleSend},
		{"GET", "/documents/sendings/:id", s.handleSending},
		{"POST", "/documents/sendings/:id/answer", s.handleAnswer},
		{"GET", "/documents/incoming", s.handleIncoming},
		{"GET", "/documents/incoming/:id", s.handleIncomingItem},
		{"POST", "/documents/incoming/:id/read", s.handleMarkRead},
		{"GET", "/documents/incoming/:id/content", s.handleIncomingContent},
		{"GET", "/documents/:id", s.handleCard},
		{"DELETE", "/documents/:id", s.handleDelete},
		{"GET", "/documents/:id/content", s.handleContent},
		{"GET", "/documents/:id/preview", s.handlePreview},
	}
}

// OfficeTable is the agencies' officers' desk with the permission each
// route needs (docs/authorization.md is generated from it). The agency
// permissions (shared.PermAgencyPrefix) then limit every route to the
// officer's agencies.
func (s *Service) OfficeTable() []auth.Route {
	return []auth.Route{
		{Method: "GET", Path: "/office/documents", Perm: shared.PermDocumentsDesk, Why: "the queue of sendings to the officer's agencies, by agency, category and status, with their age", Handle: s.handleQueue},
		{Method: "POST", Path: "/office/documents/incoming", Perm: shared.PermDocumentsDesk, Why: "send a document of the officer's agency to a person (in reply to a sending, or by ИНН)", Handle: s.handleSendIncoming},
		{Method: "GET", Path: "/office/documents/:id", Perm: shared.PermDocumentsDesk, Why: "a sending to the officer's agencies: the sender, documents and timeline", Handle: s.handleOfficeSending},
		{Method: "GET", Path: "/office/documents/:id/documents/:doc/content", Perm: shared.PermDocumentsDesk, Why: "download a document of such a sending", Handle: s.handleOfficeContent},
		{Method: "POST", Path: "/office/documents/:id/accept", Perm: shared.PermDocumentsDesk, Why: "accept a sending (the person is told)", Handle: s.handleDecide(accepted)},
		{Method: "POST", Path: "/office/documents/:id/reject", Perm: shared.PermDocumentsDesk, Why: "reject a sending with the reason", Handle: s.handleDecide(rejected)},
		{Method: "POST", Path: "/office/documents/:id/additions", Perm: shared.PermDocumentsDesk, Why: "ask for additions, saying what is missing", Handle: s.handleDecide(additions)},
	}
}

// Routes mounts the person's routes, each behind authed (a session with a
// second factor).
func (s *Service) Routes(r fiber.Router, authed fiber.Handler) {
	for _, rt := range s.table() {
		r.Add(rt.Method, rt.Path, authed, rt.Handle)
	}
}

// OfficeRoutes mounts the desk behind authed, each route behind its
// permission.
func (s *Service) OfficeRoutes(r fiber.Router, authed fiber.Handler) {
	auth.MountPermitted(r, authed, "/office/documents", s.OfficeTable())
}

// RegisterJobs adds the delivery of sendings and the hourly sweep of
// uploads that never finished.
func (s *Service) RegisterJobs(q *jobs.Queue) {
	q.Register(deliverJob, s.deliver)
	q.Every("documents.sweep", jobs.Interval{Every: time.Hour}, func(ctx context.Context, _ json.RawMessage) error {
		n, err := sweepUnsealed(ctx, s.db, s.now().Add(-time.Hour))
		if n > 0 {
			s.log.Info("documents: swept unfinished uploads", "blobs", n)
		}
		return err
	})
}
