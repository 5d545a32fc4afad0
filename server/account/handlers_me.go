package account

import (
	"math"

	"github.com/gofiber/fiber/v2"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/auth"
	"kabinet/server/derrors"
	"kabinet/shared"
)

// The signed-in person's own account: the profile, the password, the
// contacts and the journal.

// handleMe answers the account with the session's roles and permissions.
func (s *Service) handleMe(c *fiber.Ctx, _ api.NoBody) (shared.Account, error) {
	sess := auth.Current(c)
	acc, err := s.Get(c.UserContext(), sess.AccountID)
	if err != nil {
		return acc, err
	}
	acc.Roles, acc.Permissions = sess.Roles, sess.Permissions()
	return acc, nil
}

func (s *Service) handleProfile(c *fiber.Ctx, req shared.ProfileRequest) (shared.Account, error) {
	sess := auth.Current(c)
	acc, err := s.UpdateProfile(c.UserContext(), sess, req, api.MetaOf(c))
	if err != nil {
		return acc, err
	}
	acc.Roles, acc.Permissions = sess.Roles, sess.Permissions()
	return acc, nil
}

func (s *Service) handlePassword(c *fiber.Ctx, req shared.PasswordChangeRequest) error {
	sess := auth.Current(c)
	return s.ChangePassword(c.UserContext(), sess.AccountID, sess.ID, req, api.MetaOf(c))
}

func (s *Service) handleContactVerify(c *fiber.Ctx, req shared.ContactVerifyRequest) (shared.Challenge, error) {
	return s.StartContactVerify(c.UserContext(), auth.Current(c).AccountID, req.Channel)
}

func (s *Service) handleContact(c *fiber.Ctx, req shared.ContactChangeRequest) (shared.Challenge, error) {
	return s.StartContactChange(c.UserContext(), auth.Current(c), req, api.MetaOf(c))
}

func (s *Service) handleContactConfirm(c *fiber.Ctx, req shared.VerifyRequest) (shared.Account, error) {
	return s.FinishContactChange(c.UserContext(), auth.Current(c).AccountID, req, api.Lang(c), api.MetaOf(c))
}

func (s *Service) handleJournal(c *fiber.Ctx) error {
	return JournalPage(c, s, auth.Current(c).AccountID)
}

// JournalPage answers one page of accountID's journal (?before=, ?limit=).
// The first page comes with the chain verified from its first entry, so
// what the reader sees was proven intact a moment ago (an account's chain
// is short: this is one indexed read of it).
func JournalPage(c *fiber.Ctx, s *Service, accountID string) (err error) {
	defer derrors.Wrap(&err, "account.JournalPage(%s)", accountID)
	before, err := api.QueryInt(c, "before", 0, 0, math.MaxInt64)
	if err != nil {
		return err
	}
	limit, err := api.QueryInt(c, "limit", 50, 1, 100)
	if err != nil {
		return err
	}
	page, err := audit.List(c.UserContext(), s.db, accountID, int64(before), limit)
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
