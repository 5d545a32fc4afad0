package account

import (
	"context"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/auth"
	"kabinet/server/notify"
	"kabinet/shared"
	"kabinet/shared/i18n"
)

// purposeChange confirms a new phone or e-mail before it replaces the old.
const purposeChange = "change"

// StartContactChange sends a code to the new phone or e-mail. The caller
// proves it is the owner: a fresh step-up when the account has a second
// factor, the current password when it has none.
func (s *Service) StartContactChange(ctx context.Context, sess *auth.Session, req shared.ContactChangeRequest, m api.Meta) (shared.Challenge, error) {
	if err := s.auth.Throttle().Hit(ctx, "contact:"+sess.AccountID); err != nil {
		return shared.Challenge{}, err
	}
	req.Normalize()
	if err := req.Validate(); err != nil {
		return shared.Challenge{}, err
	}
	acc, err := loadAccount(ctx, s.db, sess.AccountID, false)
	if err != nil {
		return shared.Challenge{}, err
	}
	current := acc.Phone
	if req.Channel == shared.ChannelEmail {
		current = acc.Email
	}
	if req.Value == current {
		return shared.Challenge{}, &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{"value": {Code: shared.CodeContactSame}}}
	}
	need, err := s.auth.NeedsStepUp(ctx, sess)
	if err != nil {
		return shared.Challenge{}, err
	}
	switch {
	case need:
		return shared.Challenge{}, shared.E(shared.CodeStepUpRequired)
	case !s.auth.HasFactor(ctx, sess.AccountID):
		ok, err := s.auth.Hasher().Verify(ctx, acc.PasswordHash, req.Password)
		if err != nil {
			return shared.Challenge{}, err
		}
		if !ok {
			return shared.Challenge{}, &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{"password": {Code: shared.CodeWrongPassword}}}
		}
	}
	taken, err := contactTaken(ctx, s.db, req.Channel, req.Value, acc.ID)
	if err != nil {
		return shared.Challenge{}, err
	}
	if taken {
		// Answered as if a code was sent (contactChangeDecoy): phone_taken
		// and email_taken told any signed-in person who has an account.
		return s.contactChangeDecoy(ctx, req.Channel, req.Value, m)
	}
	var out shared.Challenge
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		c, err := s.newChallengeTo(ctx, tx, acc, purposeChange, req.Channel, req.Value)
		if err != nil {
			return err
		}
		out = s.public(c)
		return nil
	})
	return out, err
}

// FinishContactChange puts the new contact in place (confirmed) with the
// code sent to it, and tells the old one.
func (s *Service) FinishContactChange(ctx context.Context, accountID string, req shared.VerifyRequest, lang i18n.Lang, m api.Meta) (shared.Account, error) {
	if err := req.Validate(); err != nil {
		return shared.Account{}, err
	}
	var out shared.Account
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		c, err := s.consume(ctx, tx, req.ChallengeID, purposeChange, req.Code, lang)
		if err != nil {
			return err
		}
		if c.AccountID != accountID {
			return shared.E(shared.CodeCodeExpired) // someone else's change
		}
		acc, err := loadAccount(ctx, tx, accountID, true)
		if err != nil {
			return err
		}
		old := *acc
		if err := setContact(ctx, tx, accountID, c.Channel, c.Destination); err != nil {
			if code := uniqueViolation(err); code != "" {
				return &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{"value": {Code: code}}}
			}
			return err
		}
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: accountID, Kind: shared.JournalContactChanged, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"channel": c.Channel}}); err != nil {
			return err
		}
		// The old address hears of it: if the change was not the owner's,
		// this is how the owner learns.
		l := i18n.Lang(old.Lang)
		when := shared.FormatDateTime(s.now().In(shared.Moscow), string(l))
		msg := notify.Message{AccountID: accountID, Channel: c.Channel, To: old.Phone,
			Body: i18n.T(l, "msg.contact_changed.sms", when, shared.MaskPhone(c.Destination))}
		if c.Channel == shared.ChannelEmail {
			msg = notify.Message{AccountID: accountID, Channel: c.Channel, To: old.Email,
				Subject: i18n.T(l, "msg.contact_changed.subject"),
				Body:    i18n.T(l, "msg.contact_changed.body", when, shared.MaskEmail(c.Destination), s.cfg.PublicURL+"/recover")}
		}
		if err := s.notify.Send(ctx, tx, msg); err != nil {
			return err
		}
		fresh, err := loadAccount(ctx, tx, accountID, false)
		if err != nil {
			return err
		}
		out = fresh.public(s.now())
		return nil
	})
	return out, err
}
