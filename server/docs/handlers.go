package docs

import (
	"bytes"

	"github.com/gofiber/fiber/v2"

	"kabinet/server/api"
	"kabinet/shared"
	"kabinet/shared/npd"
)

// Routes mounts the owner's downloads (/documents/issued/{id}, behind authed)
// and the public verification (/v/{code}; POST the file to compare it).
func (s *Service) Routes(r fiber.Router, authed fiber.Handler, account func(*fiber.Ctx) string) {
	h := handlers{s: s, account: account}
	r.Get("/v/:code", api.JSON(h.verify))
	r.Post("/v/:code", api.JSON(h.verifyFile))
	r.Get(shared.IssuedPath+":id", authed, h.download)
}

type handlers struct {
	s       *Service
	account func(*fiber.Ctx) string
}

func (h handlers) verify(c *fiber.Ctx, _ api.NoBody) (npd.Verification, error) {
	return h.s.Verify(c.UserContext(), api.Param(c, "code"), nil)
}

// verifyFile compares the file posted (the body itself, not JSON) with
// the document issued under the code.
func (h handlers) verifyFile(c *fiber.Ctx, _ api.NoBody) (npd.Verification, error) {
	file := bytes.Clone(c.Body())
	if len(file) == 0 {
		return npd.Verification{}, &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{"file": {Code: shared.CodeRequired}}}
	}
	return h.s.Verify(c.UserContext(), api.Param(c, "code"), file)
}

func (h handlers) download(c *fiber.Ctx) error {
	title, body, err := h.s.Body(c.UserContext(), h.account(c), api.Param(c, "id"))
	if err != nil {
		return err
	}
	return Send(c, "application/pdf", title+".pdf", body)
}
