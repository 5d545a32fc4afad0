package api

import (
	"net/http"

	"github.com/gofiber/fiber/v2"
)

// The adapters below turn a handler that takes the decoded request and
// returns its answer (or an error) into a Fiber handler: they bind the
// body with Bind, call the handler and answer. Errors go, unchanged, to
// ErrorHandler. A route whose answer is more than that (a cookie, a
// file, a status that depends on the result) keeps a plain fiber.Handler.
//
//	r.Post("/npd/receipts", api.Created(s.createReceipt))
//	func (s *Service) createReceipt(c *fiber.Ctx, req npd.ReceiptRequest) (npd.Receipt, error)

// NoBody is the request of a route that reads no body: a handler taking
// it is called without Bind, so a bodiless POST or DELETE is accepted.
type NoBody struct{}

// JSON answers 200 OK with h's result as JSON.
func JSON[Req, Resp any](h func(c *fiber.Ctx, req Req) (Resp, error)) fiber.Handler {
	return reply(http.StatusOK, h)
}

// Created answers 201 Created with h's result as JSON.
func Created[Req, Resp any](h func(c *fiber.Ctx, req Req) (Resp, error)) fiber.Handler {
	return reply(http.StatusCreated, h)
}

// Empty answers 204 No Content when h succeeds.
func Empty[Req any](h func(c *fiber.Ctx, req Req) error) fiber.Handler {
	return func(c *fiber.Ctx) error {
		req, err := bindAs[Req](c)
		if err != nil {
			return err
		}
		if err := h(c, req); err != nil {
			return err
		}
		return NoContent(c)
	}
}

func reply[Req, Resp any](status int, h func(*fiber.Ctx, Req) (Resp, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		req, err := bindAs[Req](c)
		if err != nil {
			return err
		}
		resp, err := h(c, req)
		if err != nil {
			return err
		}
		return c.Status(status).JSON(resp)
	}
}

// bindAs decodes the body into a new Req with Bind, unless Req is NoBody.
func bindAs[Req any](c *fiber.Ctx) (Req, error) {
	var req Req
	if _, none := any(req).(NoBody); none {
		return req, nil
	}
	err := Bind(c, &req)
	return req, err
}
