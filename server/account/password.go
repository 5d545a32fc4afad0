package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/notify"
	"kabinet/shared"
	"kabinet/shared/i18n"
)

// ChangePassword replaces the password after checking the current one;
// every other session of the account is signed out.
func (s *Service) ChangePassword(ctx context.Context, accountID string, keepSession []byte, req shared.PasswordChangeRequest, m api.Meta) error {
	if err := s.auth.Throttle().Hit(ctx, "password:"+accountID); err != nil {
		return err
	}
	acc, err := s.load(ctx, s.db, accountID, false)
	if err != nil {
		return err
	}
	if err := req.Validate(); err != nil {
		return err
	}
	if err := shared.CheckPassword(req.Password, acc.Phone, acc.Email); err != nil {
		return &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{"password": {Code: shared.ErrorCode(err)}}}
	}
	ok, err := s.auth.Hasher().Verify(ctx, acc.PasswordHash, req.Current)
	if err != nil {
		return err
	}
	if !ok {
		return &shared.Error{Code: shared.CodeWrongPassword, Fields: map[string]shared.FieldError{"current": {Code: shared.CodeWrongPassword}}}
	}
	hash, err := s.auth.Hasher().Hash(ctx, req.Password)
	if err != nil {
		return err
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := s.setPassword(ctx, tx, acc, hash); err != nil {
			return err
		}
		if err := s.auth.RevokeAll(ctx, tx, acc.ID, keepSession, "password_changed"); err != nil {
			return err
		}
		if err := audit.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalPasswordChanged, IP: m.IP, UserAgent: m.UserAgent}); err != nil {
			return err
		}
		return s.tellEverywhere(ctx, tx, acc, "msg.password_changed")
	})
}

func (s *Service) setPassword(ctx context.Context, tx bun.Tx, acc *accountRow, hash string) error {
	_, err := tx.NewUpdate().Model(acc).Set("password_hash = ?, password_changed_at = now(), updated_at = now()", hash).WherePK().Exec(ctx)
	return err
}

// tellEverywhere sends the message key to every confirmed contact.
func (s *Service) tellEverywhere(ctx context.Context, tx bun.IDB, acc *accountRow, key string) error {
	lang := i18n.Lang(acc.Lang)
	when := shared.FormatDateTime(s.now().In(shared.Moscow), string(lang))
	if acc.EmailConfirmedAt != nil {
		if err := s.notify.Send(ctx, tx, notify.Message{AccountID: acc.ID, Channel: shared.ChannelEmail, To: acc.Email,
			Subject: i18n.T(lang, key+".subject"), Body: i18n.T(lang, key+".body", when, s.cfg.PublicURL+"/recover")}); err != nil {
			return err
		}
	}
	if acc.PhoneConfirmedAt != nil {
		return s.notify.Send(ctx, tx, notify.Message{AccountID: acc.ID, Channel: shared.ChannelSMS, To: acc.Phone,
			Body: i18n.T(lang, key+".sms", when)})
	}
	return nil
}

// StartRecovery sends a recovery code to the chosen confirmed contact. The
// answer looks the same whether or not the login exists (a decoy
// challenge id that no code opens), so recovery cannot probe for accounts.
func (s *Service) StartRecovery(ctx context.Context, req shared.RecoverStartRequest, m api.Meta) (shared.Challenge, error) {
	if err := s.auth.Throttle().Hit(ctx, "recover:"+m.IP); err != nil {
		return shared.Challenge{}, err
	}
	if err := req.Validate(); err != nil {
		return shared.Challenge{}, err
	}
	decoy := shared.Challenge{ID: randomID(), Channel: req.Channel, ExpiresAt: s.now().Add(s.cfg.CodeTTL),
		ResendAt: s.now().Add(s.cfg.CodeResend), AttemptsLeft: s.cfg.CodeTries}
	la, err := s.FindByLogin(ctx, req.Login)
	if err != nil {
		if shared.ErrorCode(err) == shared.CodeNotFound {
			return decoy, nil
		}
		return shared.Challenge{}, err
	}
	acc, err := s.load(ctx, s.db, la.ID, false)
	if err != nil {
		return shared.Challenge{}, err
	}
	if (req.Channel == shared.ChannelSMS && acc.PhoneConfirmedAt == nil) || (req.Channel == shared.ChannelEmail && acc.EmailConfirmedAt == nil) {
		return decoy, nil // only confirmed contacts can recover an account
	}
	var out shared.Challenge
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		c, found, err := s.recentRecovery(ctx, tx, acc.ID, req.Channel)
		if err == nil && !found {
			c, err = s.newChallenge(ctx, tx, acc, purposeRecover, req.Channel)
		}
		if err != nil {
			return err
		}
		out = s.public(c)
		out.Destination = "" // the decoy has none either
		return nil
	})
	return out, err
}

// recentRecovery finds the account's recovery challenge of channel whose
// code went out less than the resend pause ago. A second start within
// the pause (a double click, or a flood) gets that same challenge back and
// sends nothing: the code already sent is the one that opens it. The
// advisory lock, held to the end of tx, makes concurrent starts for one
// account take turns, so they cannot each open a challenge of their own.
func (s *Service) recentRecovery(ctx context.Context, tx bun.Tx, accountID, channel string) (*challengeRow, bool, error) {
	if _, err := tx.NewRaw("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", "recover:"+accountID+":"+channel).Exec(ctx); err != nil {
		return nil, false, fmt.Errorf("account.recentRecovery: %w", err)
	}
	c := new(challengeRow)
	err := tx.NewSelect().Model(c).
		Where("account_id = ? AND purpose = ? AND channel = ? AND consumed_at IS NULL", accountID, purposeRecover, channel).
		Where("last_sent_at > ?", s.now().Add(-s.cfg.CodeResend)).
		OrderExpr("last_sent_at DESC").Limit(1).Scan(ctx)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, false, nil
	case err != nil:
		return nil, false, fmt.Errorf("account.recentRecovery: %w", err)
	}
	return c, true, nil
}

// FinishRecovery sets a new password with the recovery code, lifts a
// password lock, signs out every session and tells every contact.
func (s *Service) FinishRecovery(ctx context.Context, req shared.RecoverFinishRequest, lang i18n.Lang, m api.Meta) error {
	if err := s.auth.Throttle().Hit(ctx, "recover:"+m.IP); err != nil {
		return err
	}
	if err := req.Validate(); err != nil {
		return err
	}
	// Hash before the transaction: it is the slow part.
	hash, err := s.auth.Hasher().Hash(ctx, req.Password)
	if err != nil {
		return err
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		c, err := s.consume(ctx, tx, req.ChallengeID, purposeRecover, req.Code, lang)
		if err != nil {
			return err
		}
		acc, err := s.load(ctx, tx, c.AccountID, true)
		if err != nil {
			return err
		}
		if err := shared.CheckPassword(req.Password, acc.Phone, acc.Email); err != nil {
			return &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{"password": {Code: shared.ErrorCode(err)}}}
		}
		if err := s.setPassword(ctx, tx, acc, hash); err != nil {
			return err
		}
		if err := s.auth.ClearFailures(ctx, tx, acc.ID); err != nil {
			return err
		}
		if err := s.auth.RevokeAll(ctx, tx, acc.ID, nil, "password_reset"); err != nil {
			return err
		}
		if err := audit.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalPasswordReset, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"channel": c.Channel}}); err != nil {
			return err
		}
		return s.tellEverywhere(ctx, tx, acc, "msg.password_reset")
	})
}
