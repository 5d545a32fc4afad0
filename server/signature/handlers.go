package signature

import (
	"encoding/hex"
	"encoding/pem"
	"io"
	"strings"

	"github.com/gofiber/fiber/v2"

	"kabinet/server/api"
	"kabinet/server/auth"
	"kabinet/server/docs"
	"kabinet/shared"
	sharedsig "kabinet/shared/signature"
)

func (s *Service) handleCA(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "application/x-pem-file")
	return c.Send(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.ca.cert.Raw}))
}

func (s *Service) handleCRL(c *fiber.Ctx) error {
	der, err := s.CRL(c.UserContext())
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/pkix-crl")
	return c.Send(der)
}

func (s *Service) handleStatus(c *fiber.Ctx) error {
	serial := api.Param(c, "serial")
	if !validSerial(serial) {
		return &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{"serial": {Code: shared.CodeBadFormat}}}
	}
	st, err := s.Status(c.UserContext(), serial)
	if err != nil {
		return err
	}
	return c.JSON(st)
}

// handleVerify takes a multipart form: "signature" (the .sig/.p7s file)
// and "document" (the file), or "documentSha256" (hex) instead of the
// file for a SHA-256 signature.
func (s *Service) handleVerify(c *fiber.Ctx) error {
	m := api.MetaOf(c)
	if err := s.deps.Limiter.Hit(c.UserContext(), "signature-verify:"+m.IP); err != nil {
		return err
	}
	var f shared.Fields
	sig, err := formFile(c, "signature", sharedsig.MaxSignatureFile, &f)
	if err != nil {
		return err
	}
	var doc Content
	if hexSum := strings.TrimSpace(c.FormValue("documentSha256")); hexSum != "" {
		if doc.SHA256, err = hex.DecodeString(hexSum); err != nil || len(doc.SHA256) != 32 {
			f.Add("documentSha256", shared.CodeBadFormat)
		}
	} else {
		b, err := formFile(c, "document", sharedsig.MaxDocumentFile, &f)
		if err != nil {
			return err
		}
		doc = BytesContent(b)
	}
	if err := f.Err(); err != nil {
		return err
	}
	v, err := s.Verify(c.UserContext(), sig, doc)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

// formFile reads an uploaded file of at most limit bytes; a missing or
// oversized one is a field error in f.
func formFile(c *fiber.Ctx, name string, limit int64, f *shared.Fields) ([]byte, error) {
	fh, err := c.FormFile(name)
	switch {
	case err != nil:
		f.Add(name, shared.CodeRequired)
		return nil, nil
	case fh.Size == 0:
		f.Add(name, shared.CodeRequired)
		return nil, nil
	case fh.Size > limit:
		f.Add(name, shared.CodeTooLong)
		return nil, nil
	}
	r, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		f.Add(name, shared.CodeTooLong)
		return nil, nil
	}
	return b, nil
}

func (s *Service) handleLoginChallenge(c *fiber.Ctx) error {
	var req sharedsig.ChallengeRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	ch, err := s.LoginChallenge(c.UserContext(), req, api.MetaOf(c))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(ch)
}

func (s *Service) handleKeyLogin(c *fiber.Ctx) error {
	var req sharedsig.KeyLoginRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	token, sess, err := s.KeyLogin(c.UserContext(), req, api.MetaOf(c))
	if err != nil {
		return err
	}
	return s.deps.Sessions.SignedIn(c, token, sess)
}

func (s *Service) handleCertificates(c *fiber.Ctx) error {
	l, err := s.Certificates(c.UserContext(), auth.Current(c).AccountID)
	if err != nil {
		return err
	}
	return c.JSON(l)
}

func (s *Service) handleIssue(c *fiber.Ctx) error {
	var req sharedsig.CertificateRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	cert, err := s.Issue(c.UserContext(), auth.Current(c).AccountID, req, api.MetaOf(c))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(cert)
}

func (s *Service) handleRevoke(c *fiber.Ctx) error {
	serial := api.Param(c, "serial")
	if !validSerial(serial) {
		return shared.E(sharedsig.CodeCertUnknown)
	}
	if err := s.Revoke(c.UserContext(), auth.Current(c).AccountID, serial, api.MetaOf(c)); err != nil {
		return err
	}
	return api.NoContent(c)
}

func (s *Service) handleLevelChallenge(c *fiber.Ctx) error {
	ch, err := s.LevelChallenge(c.UserContext(), auth.Current(c).AccountID)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(ch)
}

func (s *Service) handleConfirmLevel(c *fiber.Ctx) error {
	var req sharedsig.LevelRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	acc, err := s.ConfirmLevel(c.UserContext(), auth.Current(c).AccountID, req, api.MetaOf(c))
	if err != nil {
		return err
	}
	return c.JSON(acc)
}

func (s *Service) handleRecords(c *fiber.Ctx) error {
	id := api.Param(c, "id")
	if !api.ValidUUID(id) {
		return shared.E(shared.CodeNotFound)
	}
	l, err := s.Records(c.UserContext(), auth.Current(c).AccountID, id)
	if err != nil {
		return err
	}
	return c.JSON(l)
}

func (s *Service) handleSignSimple(c *fiber.Ctx) error {
	var req sharedsig.SimpleRequest
	if len(c.Body()) > 0 {
		if err := api.Bind(c, &req); err != nil {
			return err
		}
	}
	r, err := s.SignSimple(c.UserContext(), auth.Current(c), api.Param(c, "id"), req, api.MetaOf(c))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(r)
}

// handleAskPhone asks the person's phone to approve the step-up of a ПЭП
// of the document; the browser waits with POST /login/qr/{id}/wait.
func (s *Service) handleAskPhone(c *fiber.Ctx) error {
	t, err := s.AskPhone(c.UserContext(), auth.Current(c), api.Param(c, "id"), api.MetaOf(c))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(t)
}

func (s *Service) handlePrepare(c *fiber.Ctx) error {
	var req sharedsig.PrepareRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	p, err := s.Prepare(c.UserContext(), auth.Current(c).AccountID, api.Param(c, "id"), req)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(p)
}

func (s *Service) handleComplete(c *fiber.Ctx) error {
	var req sharedsig.CompleteRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	r, err := s.Complete(c.UserContext(), auth.Current(c).AccountID, api.Param(c, "id"), req, api.MetaOf(c))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(r)
}

// handleExternal takes a multipart form with the "signature" file.
func (s *Service) handleExternal(c *fiber.Ctx) error {
	var f shared.Fields
	sig, err := formFile(c, "signature", sharedsig.MaxSignatureFile, &f)
	if err != nil {
		return err
	}
	if err := f.Err(); err != nil {
		return err
	}
	l, err := s.RecordExternal(c.UserContext(), auth.Current(c).AccountID, api.Param(c, "id"), sig, api.MetaOf(c))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(l)
}

func (s *Service) handleExport(c *fiber.Ctx) error {
	name, cms, err := s.Export(c.UserContext(), auth.Current(c).AccountID, api.Param(c, "id"))
	if err != nil {
		return err
	}
	return docs.Send(c, "application/pkcs7-signature", name, cms)
}

// validSerial reports whether s can be a serial the CA gave: hexadecimal,
// at most 20 bytes.
func validSerial(s string) bool {
	return s != "" && len(s) <= 40 && strings.Trim(strings.ToLower(s), "0123456789abcdef") == ""
}
