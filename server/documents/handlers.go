package documents

import (
	"bytes"
	"context"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"kabinet/server/api"
	"kabinet/server/auth"
	"kabinet/server/docs"
	"kabinet/shared"
	"kabinet/shared/documents"
)

func account(c *fiber.Ctx) string { return auth.Current(c).AccountID }

// handleUpload takes the file as the raw body and its name from
// documents.NameHeader. A body declared over the limit is refused before
// it is read; a refused name is answered after the body is read away (up
// to the limit), so that the browser reads the answer rather than a reset
// connection.
func (s *Service) handleUpload(c *fiber.Ctx) error {
	if c.Request().Header.ContentLength() > documents.MaxSize {
		return documents.FileError(documents.CodeTooLarge)
	}
	body := c.Request().BodyStream()
	if body == nil {
		body = bytes.NewReader(c.Body())
	}
	name, err := url.PathUnescape(strings.Clone(c.Get(documents.NameHeader)))
	if err != nil {
		err = &shared.Error{Code: documents.CodeNameChars, Fields: map[string]shared.FieldError{"name": {Code: documents.CodeNameChars}}}
	} else {
		err = documents.ValidateName(strings.TrimSpace(name))
	}
	if err != nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(body, documents.MaxSize+1))
		return err
	}
	doc, err := s.Upload(c.UserContext(), account(c), name, body, api.MetaOf(c))
	if err != nil {
		return err
	}
	status := fiber.StatusCreated
	if doc.Duplicate {
		status = fiber.StatusOK
	}
	return c.Status(status).JSON(doc)
}

func (s *Service) handleList(c *fiber.Ctx) error {
	f, err := filterOf(func(k string) string { return api.Query(c, k) })
	if err != nil {
		return err
	}
	l, err := s.List(c.UserContext(), account(c), f)
	if err != nil {
		return err
	}
	return c.JSON(l)
}

// handleCard answers an uploaded document's card. (The documents the
// portal issues download at /documents/issued/{id}, server/docs.)
func (s *Service) handleCard(c *fiber.Ctx) error {
	card, err := s.Card(c.UserContext(), account(c), api.Param(c, "id"), api.Lang(c))
	if err != nil {
		return err
	}
	return c.JSON(card)
}

func (s *Service) handleDelete(c *fiber.Ctx) error {
	if err := s.Delete(c.UserContext(), account(c), api.Param(c, "id"), api.MetaOf(c)); err != nil {
		return err
	}
	return api.NoContent(c)
}

func (s *Service) handleContent(c *fiber.Ctx) error {
	ctx, cancel := downloadContext(c)
	row, r, err := s.Content(ctx, account(c), api.Param(c, "id"))
	if err != nil {
		cancel()
		return err
	}
	return sendFile(c, row.Name, documents.Type(row.Type), r, cancel)
}

func (s *Service) handleAgencies(c *fiber.Ctx) error {
	l, err := s.Agencies(c.UserContext(), api.Lang(c))
	if err != nil {
		return err
	}
	return c.JSON(l)
}

func (s *Service) handleSendings(c *fiber.Ctx) error {
	l, err := s.Sendings(c.UserContext(), account(c), api.Lang(c))
	if err != nil {
		return err
	}
	return c.JSON(l)
}

func (s *Service) handleSend(c *fiber.Ctx) error {
	var req documents.SendRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	out, err := s.Send(c.UserContext(), account(c), req, api.Lang(c), api.MetaOf(c))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (s *Service) handleSending(c *fiber.Ctx) error {
	out, err := s.Sending(c.UserContext(), account(c), api.Param(c, "id"), api.Lang(c))
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Service) handleAnswer(c *fiber.Ctx) error {
	var req documents.AnswerRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	out, err := s.Answer(c.UserContext(), account(c), api.Param(c, "id"), req, api.Lang(c), api.MetaOf(c))
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Service) handleIncoming(c *fiber.Ctx) error {
	l, err := s.Incoming(c.UserContext(), account(c), api.Lang(c))
	if err != nil {
		return err
	}
	return c.JSON(l)
}

func (s *Service) handleIncomingItem(c *fiber.Ctx) error {
	in, err := s.IncomingItem(c.UserContext(), account(c), api.Param(c, "id"), api.Lang(c))
	if err != nil {
		return err
	}
	return c.JSON(in)
}

func (s *Service) handleMarkRead(c *fiber.Ctx) error {
	if err := s.MarkRead(c.UserContext(), account(c), api.Param(c, "id")); err != nil {
		return err
	}
	return api.NoContent(c)
}

func (s *Service) handleIncomingContent(c *fiber.Ctx) error {
	ctx, cancel := downloadContext(c)
	row, r, err := s.IncomingContent(ctx, account(c), api.Param(c, "id"))
	if err != nil {
		cancel()
		return err
	}
	return sendFile(c, row.Name, documents.Type(row.Type), r, cancel)
}

// The desk's handlers.

const (
	accepted  = documents.SendingAccepted
	rejected  = documents.SendingRejected
	additions = documents.SendingAdditions
)

func officer(c *fiber.Ctx) staff { return staffOf(auth.Current(c)) }

func (s *Service) handleQueue(c *fiber.Ctx) error {
	f, err := queueFilterOf(func(k string) string { return api.Query(c, k) })
	if err != nil {
		return err
	}
	q, err := s.Queue(c.UserContext(), officer(c), f, api.Lang(c))
	if err != nil {
		return err
	}
	return c.JSON(q)
}

func (s *Service) handleOfficeSending(c *fiber.Ctx) error {
	out, err := s.OfficeSending(c.UserContext(), officer(c), api.Param(c, "id"), api.Lang(c))
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Service) handleOfficeContent(c *fiber.Ctx) error {
	ctx, cancel := downloadContext(c)
	row, r, err := s.OfficeContent(ctx, officer(c), api.Param(c, "id"), api.Param(c, "doc"))
	if err != nil {
		cancel()
		return err
	}
	return sendFile(c, row.Name, documents.Type(row.Type), r, cancel)
}

// handleDecide accepts (no body needed), rejects or asks for additions
// (the reason required).
func (s *Service) handleDecide(status string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		var req documents.DecisionRequest
		if status != accepted || len(c.Body()) > 0 {
			if err := api.Bind(c, &req); err != nil {
				return err
			}
		}
		validate := req.Validate
		if status == accepted {
			validate = req.ValidateAccept // a note may come, bounded as a reason is
		}
		if err := validate(); err != nil {
			return err
		}
		if err := s.Decide(c.UserContext(), officer(c), api.Param(c, "id"), status, strings.TrimSpace(req.Reason), api.MetaOf(c)); err != nil {
			return err
		}
		return api.NoContent(c)
	}
}

func (s *Service) handleSendIncoming(c *fiber.Ctx) error {
	var req documents.IncomingRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	id, err := s.SendIncoming(c.UserContext(), officer(c), req, api.MetaOf(c))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"id": id})
}

// downloadContext is the context a download streams under: the body is
// written after the handler returns, so it outlives the request's context
// and ends when the stream is closed (or after the write timeout).
func downloadContext(c *fiber.Ctx) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(c.UserContext()), 2*time.Minute)
}

// sendFile streams a file as an attachment (never shown inline: an XML or
// an image opens as a download, whatever it holds).
// previewPolicy is the one answer the portal's pages may frame: a PDF
// shown inline on its card. The sandbox gives it an opaque origin with
// no scripts, forms or navigation of the page around it, so a crafted
// PDF runs nothing as the portal; only the portal's own pages may frame
// it (every other answer keeps frame-ancestors 'none' and DENY).
const previewPolicy = "sandbox; default-src 'none'; frame-ancestors 'self'"

// handlePreview shows one of the person's PDFs inline, for the card's
// preview; any other type has no preview (the images show through their
// download), and is not found here.
func (s *Service) handlePreview(c *fiber.Ctx) error {
	ctx, cancel := downloadContext(c)
	row, r, err := s.Content(ctx, account(c), api.Param(c, "id"))
	if err == nil && documents.Type(row.Type) != documents.TypePDF {
		err = shared.E(shared.CodeNotFound)
	}
	if err != nil {
		cancel()
		return err
	}
	c.Set("Content-Security-Policy", previewPolicy)
	c.Set("X-Frame-Options", "SAMEORIGIN")
	c.Set(fiber.HeaderContentType, documents.TypePDF.MIME())
	c.Set(fiber.HeaderContentDisposition, strings.Replace(docs.Attachment(documents.DownloadName(row.Name, documents.TypePDF)), "attachment", "inline", 1))
	return c.SendStream(closer{Reader: r, done: cancel}, int(r.Size()))
}

func sendFile(c *fiber.Ctx, name string, t documents.Type, r BlobReader, done context.CancelFunc) error {
	c.Set(fiber.HeaderContentType, t.MIME())
	c.Set(fiber.HeaderContentDisposition, docs.Attachment(documents.DownloadName(name, t)))
	return c.SendStream(closer{Reader: r, done: done}, int(r.Size()))
}

// closer ends the download's context when fasthttp closes the stream.
type closer struct {
	io.Reader
	done context.CancelFunc
}

func (c closer) Close() error {
	c.done()
	return nil
}
