package account

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/auth"
	"kabinet/shared"
)

// Routes mounts the account endpoints on r; authed wraps the owner's ones.
func (s *Service) Routes(r fiber.Router, authed fiber.Handler) {
	r.Post("/register", s.handleRegister)
	r.Get("/verify/:id", s.handleChallenge)
	r.Post("/verify", s.handleVerify)
	r.Post("/verify/resend", s.handleResend)
	r.Post("/recover/start", s.handleRecoverStart)
	r.Post("/recover/finish", s.handleRecoverFinish)

	me := r.Group("/me", authed)
	me.Get("", s.handleMe)
	me.Put("/profile", s.handleProfile)
	me.Post("/password", s.handlePassword)
	me.Post("/verify", s.handleContactVerify)
	me.Post("/contact", func(c *fiber.Ctx) error {
		var req shared.ContactChangeRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		ch, err := s.StartContactChange(c.UserContext(), auth.Current(c), req, api.MetaOf(c))
		if err != nil {
			return err
		}
		return c.JSON(ch)
	})
	me.Post("/contact/confirm", func(c *fiber.Ctx) error {
		var req shared.VerifyRequest
		if err := api.Bind(c, &req); err != nil {
			return err
		}
		acc, err := s.FinishContactChange(c.UserContext(), auth.Current(c).AccountID, req, api.Lang(c), api.MetaOf(c))
		if err != nil {
			return err
		}
		return c.JSON(acc)
	})
	me.Get("/journal", s.handleJournal)
}

func (s *Service) handleRegister(c *fiber.Ctx) error {
	var req shared.RegisterRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	out, err := s.Register(c.UserContext(), req, api.Lang(c), api.MetaOf(c))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (s *Service) handleChallenge(c *fiber.Ctx) error {
	out, err := s.Challenge(c.UserContext(), api.Param(c, "id"))
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Service) handleVerify(c *fiber.Ctx) error {
	var req shared.VerifyRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	out, token, sess, err := s.Verify(c.UserContext(), req, api.Lang(c), api.MetaOf(c))
	if err != nil {
		return err
	}
	if sess != nil {
		s.auth.SetSessionCookie(c, token, sess)
	}
	return c.JSON(out)
}

func (s *Service) handleResend(c *fiber.Ctx) error {
	var req shared.ResendRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	out, err := s.Resend(c.UserContext(), req.ChallengeID)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Service) handleRecoverStart(c *fiber.Ctx) error {
	var req shared.RecoverStartRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	out, err := s.StartRecovery(c.UserContext(), req, api.MetaOf(c))
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Service) handleRecoverFinish(c *fiber.Ctx) error {
	var req shared.RecoverFinishRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	if err := s.FinishRecovery(c.UserContext(), req, api.Lang(c), api.MetaOf(c)); err != nil {
		return err
	}
	return api.NoContent(c)
}

func (s *Service) handleMe(c *fiber.Ctx) error {
	sess := auth.Current(c)
	acc, err := s.Get(c.UserContext(), sess.AccountID)
	if err != nil {
		return err
	}
	acc.Roles, acc.Permissions = sess.Roles, sess.Permissions()
	return c.JSON(acc)
}

func (s *Service) handleProfile(c *fiber.Ctx) error {
	var req shared.ProfileRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	sess := auth.Current(c)
	acc, err := s.UpdateProfile(c.UserContext(), sess, req, api.MetaOf(c))
	if err != nil {
		return err
	}
	acc.Roles, acc.Permissions = sess.Roles, sess.Permissions()
	return c.JSON(acc)
}

func (s *Service) handlePassword(c *fiber.Ctx) error {
	var req shared.PasswordChangeRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	sess := auth.Current(c)
	if err := s.ChangePassword(c.UserContext(), sess.AccountID, sess.ID, req, api.MetaOf(c)); err != nil {
		return err
	}
	return api.NoContent(c)
}

func (s *Service) handleContactVerify(c *fiber.Ctx) error {
	var req shared.ContactVerifyRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	out, err := s.StartContactVerify(c.UserContext(), auth.Current(c).AccountID, req.Channel)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Service) handleJournal(c *fiber.Ctx) error {
	return JournalPage(c, s, auth.Current(c).AccountID)
}

// JournalPage answers one page of accountID's journal (?before=, ?limit=).
// The first page comes with the chain verified from its first entry, so
// what the reader sees was proven intact a moment ago (an account's chain
// is short: this is one indexed read of it).
func JournalPage(c *fiber.Ctx, s *Service, accountID string) error {
	before, _ := strconv.ParseInt(c.Query("before"), 10, 64)
	limit, _ := strconv.Atoi(c.Query("limit"))
	page, err := audit.List(c.UserContext(), s.db, accountID, before, limit)
	if err != nil {
		return err
	}
	if before == 0 {
		check, err := s.journal.Verify(c.UserContext(), s.db, accountID, true)
		if err != nil {
			return err
		}
		// Found here first: the staff are told now, not at the next job,
		// as the page says they are.
		if check.Break != nil && !check.Since.Before(check.CheckedAt) {
			if err := s.AlertJournalBreaks(c.UserContext(), []audit.Check{check}); err != nil {
				return err
			}
		}
		page.Integrity = check.Integrity()
	}
	return c.JSON(page)
}
