package ip

import (
	"io"

	"github.com/gofiber/fiber/v2"

	"kabinet/server/api"
	"kabinet/server/auth"
	"kabinet/server/docs"
	"kabinet/shared/documents"
	sharedip "kabinet/shared/ip"
)

// The handlers: bind → call the service → encode.

func (s *Service) handleHome(c *fiber.Ctx) error {
	sess := auth.Current(c)
	h, err := s.Home(c.UserContext(), sess.AccountID, sess.SecondFactor())
	if err != nil {
		return err
	}
	return c.JSON(h)
}

func (s *Service) handleDuesCalendar(c *fiber.Ctx) error {
	sess := auth.Current(c)
	b, err := s.DuesCalendar(c.UserContext(), sess.AccountID, sess.SecondFactor())
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="kabinet-ip-dues.ics"`)
	return c.Send(b)
}

func (s *Service) handleOKVED(c *fiber.Ctx) error {
	limit, err := api.QueryInt(c, "limit", 20, 1, 50)
	if err != nil {
		return err
	}
	l, err := s.SearchOKVED(c.UserContext(), api.Query(c, "q"), limit)
	if err != nil {
		return err
	}
	return c.JSON(l)
}

func (s *Service) handleCheck(c *fiber.Ctx) error {
	var req sharedip.CheckRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	sess := auth.Current(c)
	res, err := s.Check(c.UserContext(), sess.AccountID, sess.SecondFactor(), req, api.MetaOf(c))
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (s *Service) handleFilings(c *fiber.Ctx) error {
	l, err := s.Filings(c.UserContext(), auth.Current(c).AccountID)
	if err != nil {
		return err
	}
	return c.JSON(l)
}

func (s *Service) handleCreateFiling(c *fiber.Ctx) error {
	var req sharedip.CreateFilingRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	sess := auth.Current(c)
	f, err := s.CreateFiling(c.UserContext(), sess.AccountID, sess.SecondFactor(), req)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(f)
}

func (s *Service) handleFiling(c *fiber.Ctx) error {
	f, err := s.Filing(c.UserContext(), auth.Current(c).AccountID, api.Param(c, "id"))
	if err != nil {
		return err
	}
	return c.JSON(f)
}

func (s *Service) handleSaveDraft(c *fiber.Ctx) error {
	var req sharedip.DraftRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	f, err := s.SaveDraft(c.UserContext(), auth.Current(c).AccountID, api.Param(c, "id"), req)
	if err != nil {
		return err
	}
	return c.JSON(f)
}

// handleSubmit signs with the step-up, or with the key when the body
// names the signed document.
func (s *Service) handleSubmit(c *fiber.Ctx) error {
	var req sharedip.SubmitRequest
	if len(c.Body()) > 0 {
		if err := api.Bind(c, &req); err != nil {
			return err
		}
	}
	sess := auth.Current(c)
	f, err := s.Submit(c.UserContext(), sess.AccountID, api.Param(c, "id"), req.Document, sess.StepUpAt, api.MetaOf(c))
	if err != nil {
		return err
	}
	return c.JSON(f)
}

func (s *Service) handleAnswer(c *fiber.Ctx) error {
	var req sharedip.AnswerRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	f, err := s.Answer(c.UserContext(), auth.Current(c).AccountID, api.Param(c, "id"), req, api.MetaOf(c))
	if err != nil {
		return err
	}
	return c.JSON(f)
}

func (s *Service) handleQueue(c *fiber.Ctx) error {
	q, err := s.Queue(c.UserContext(), api.Query(c, "form"))
	if err != nil {
		return err
	}
	return c.JSON(q)
}

func (s *Service) handleOfficeFiling(c *fiber.Ctx) error {
	f, err := s.OfficeFiling(c.UserContext(), api.Param(c, "id"))
	if err != nil {
		return err
	}
	return c.JSON(f)
}

func (s *Service) handleReview(c *fiber.Ctx) error {
	if err := s.Review(c.UserContext(), api.Param(c, "id"), auth.Current(c).AccountID, api.MetaOf(c)); err != nil {
		return err
	}
	return api.NoContent(c)
}

func (s *Service) handleRegister(c *fiber.Ctx) error {
	rec, err := s.Register(c.UserContext(), api.Param(c, "id"), auth.Current(c).AccountID, api.MetaOf(c))
	if err != nil {
		return err
	}
	return c.JSON(rec)
}

func (s *Service) handleRefuse(c *fiber.Ctx) error {
	var req sharedip.DecisionRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	if err := s.Refuse(c.UserContext(), api.Param(c, "id"), auth.Current(c).AccountID, req, api.MetaOf(c)); err != nil {
		return err
	}
	return api.NoContent(c)
}

func (s *Service) handleAdditions(c *fiber.Ctx) error {
	var req sharedip.DecisionRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	if err := s.Additions(c.UserContext(), api.Param(c, "id"), auth.Current(c).AccountID, req, api.MetaOf(c)); err != nil {
		return err
	}
	return api.NoContent(c)
}

func (s *Service) handleSearch(c *fiber.Ctx) error {
	r, err := s.Search(c.UserContext(), api.Query(c, "q"))
	if err != nil {
		return err
	}
	return c.JSON(r)
}

func (s *Service) handleOfficeRecord(c *fiber.Ctx) error {
	r, err := s.OfficeRecord(c.UserContext(), api.Param(c, "inn"))
	if err != nil {
		return err
	}
	return c.JSON(r)
}

// handleOfficeScan sends the passport scan as an attachment (never
// inline: whatever a file holds, it does not run in the portal's
// origin). It is read whole before the handler returns, since the blob
// is read with the request's context; a scan is small.
func (s *Service) handleOfficeScan(c *fiber.Ctx) error {
	a, err := s.OfficeScan(c.UserContext(), api.Param(c, "id"))
	if err != nil {
		return err
	}
	defer a.Body.Close()
	c.Set(fiber.HeaderContentType, a.Type.MIME())
	c.Set(fiber.HeaderContentDisposition, docs.Attachment(documents.DownloadName(a.Name, a.Type)))
	body, err := io.ReadAll(io.LimitReader(a.Body, documents.MaxSize))
	if err != nil {
		return err
	}
	return c.Send(body)
}

func (s *Service) handleFilingDocument(c *fiber.Ctx) error {
	d, err := s.FilingDocument(c.UserContext(), auth.Current(c).AccountID, api.Param(c, "id"), api.MetaOf(c))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(d)
}
