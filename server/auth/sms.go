package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/notify"
	"kabinet/shared"
	"kabinet/shared/i18n"
)

// SMS codes as a second factor: opt-in, to the confirmed phone, six
// digits, CodeTTL, CodeTries wrong answers, CodeResend between sends, and
// bound to what they confirm (a sign-in ticket or the session).

// Purposes of SMS codes (factor_codes.purpose).
const (
	smsSecond = "second" // after a right password; bound to the ticket
	smsStepUp = "stepup" // a sensitive action; bound to the session
	smsEnrol  = "enrol"  // switching SMS codes on; bound to the session
)

func (s *Service) smsHash(id, code string) []byte {
	m := hmac.New(sha256.New, s.recoveryKey)
	m.Write([]byte("sms\x00" + id + "\x00" + code))
	return m.Sum(nil)
}

// smsBinding is what a code confirms.
type smsBinding struct {
	purpose   string
	ticket    string
	sessionID []byte
}

func (b smsBinding) where(q *bun.SelectQuery) *bun.SelectQuery {
	if b.ticket != "" {
		return q.Where("ticket = ?", b.ticket)
	}
	return q.Where("session_id = ?", b.sessionID)
}

type factorCode struct {
	bun.BaseModel `bun:"table:factor_codes"`

	ID         string     `bun:"id,pk"`
	AccountID  string     `bun:"account_id,type:uuid"`
	Purpose    string     `bun:"purpose"`
	Ticket     *string    `bun:"ticket"`
	SessionID  []byte     `bun:"session_id"`
	Phone      string     `bun:"phone"`
	CodeHash   []byte     `bun:"code_hash"`
	Failures   int        `bun:"failures"`
	ExpiresAt  time.Time  `bun:"expires_at"`
	LastSentAt time.Time  `bun:"last_sent_at"`
	ConsumedAt *time.Time `bun:"consumed_at"`
}

func (s *Service) challengeOf(c factorCode) shared.Challenge {
	return shared.Challenge{ID: c.ID, Channel: shared.ChannelSMS, Destination: shared.MaskPhone(c.Phone), ExpiresAt: c.ExpiresAt,
		ResendAt: c.LastSentAt.Add(s.cfg.CodeResend), AttemptsLeft: max(s.cfg.CodeTries-c.Failures, 0)}
}

// sendSMSCode sends a new code for the binding to the account's confirmed
// phone, no sooner than CodeResend after the last one. The new code
// replaces the old; its failures carry over, so resending never buys
// more tries.
func (s *Service) sendSMSCode(ctx context.Context, acc shared.Account, b smsBinding) (shared.Challenge, error) {
	if !acc.PhoneConfirmed {
		return shared.Challenge{}, shared.E(shared.CodeNoFactor)
	}
	var out shared.Challenge
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var last factorCode
		err := b.where(tx.NewSelect().Model(&last).Where("account_id = ? AND purpose = ? AND consumed_at IS NULL", acc.ID, b.purpose)).
			Order("last_sent_at DESC").Limit(1).For("UPDATE").Scan(ctx)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		case time.Since(last.LastSentAt) < s.cfg.CodeResend:
			return &shared.Error{Code: shared.CodeResendTooSoon, RetryAfter: int(time.Until(last.LastSentAt.Add(s.cfg.CodeResend)).Seconds()) + 1}
		case last.Failures >= s.cfg.CodeTries:
			return shared.E(shared.CodeCodeExhausted)
		}
		if last.ID != "" {
			if _, err := tx.NewRaw("UPDATE factor_codes SET consumed_at = now() WHERE id = ?", last.ID).Exec(ctx); err != nil {
				return err
			}
		}
		id, err := randomToken(18)
		if err != nil {
			return err
		}
		code := fmt.Sprintf("%06d", randomInt(0, 999999))
		now := time.Now().UTC().Truncate(time.Microsecond)
		c := factorCode{ID: id, AccountID: acc.ID, Purpose: b.purpose, Ticket: nullable(b.ticket), SessionID: b.sessionID,
			Phone: acc.Phone, CodeHash: s.smsHash(id, code), Failures: last.Failures, ExpiresAt: now.Add(s.cfg.CodeTTL), LastSentAt: now}
		if _, err := tx.NewInsert().Model(&c).ExcludeColumn("consumed_at").Exec(ctx); err != nil {
			return fmt.Errorf("auth.sendSMSCode: %w", err)
		}
		out = s.challengeOf(c)
		return s.notify.Send(ctx, tx, notify.Message{AccountID: acc.ID, Channel: shared.ChannelSMS, To: acc.Phone,
			Body: i18n.T(i18n.RU, "msg.code.sms_factor", code, int(s.cfg.CodeTTL.Minutes())), Code: true})
	})
	return out, err
}

// checkSMS spends the binding's current code when it matches. A wrong code
// counts against it at once (not rolled back with the caller's change).
func (s *Service) checkSMS(ctx context.Context, tx bun.IDB, accountID, code string, b smsBinding) error {
	var c factorCode
	err := b.where(tx.NewSelect().Model(&c).Where("account_id = ? AND purpose = ? AND consumed_at IS NULL", accountID, b.purpose)).
		Order("last_sent_at DESC").Limit(1).Scan(ctx)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return shared.E(shared.CodeCodeExpired) // none sent, or spent: ask for a new one
	case err != nil:
		return fmt.Errorf("auth.checkSMS: %w", err)
	case time.Now().After(c.ExpiresAt):
		return shared.E(shared.CodeCodeExpired)
	case c.Failures >= s.cfg.CodeTries:
		return shared.E(shared.CodeCodeExhausted)
	}
	if !hmac.Equal(c.CodeHash, s.smsHash(c.ID, code)) {
		if _, err := s.db.NewRaw("UPDATE factor_codes SET failures = failures + 1 WHERE id = ?", c.ID).Exec(ctx); err != nil {
			return err
		}
		return shared.E(shared.CodeCodeInvalid)
	}
	res, err := tx.NewRaw("UPDATE factor_codes SET consumed_at = now() WHERE id = ? AND consumed_at IS NULL", c.ID).Exec(ctx)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return shared.E(shared.CodeCodeExpired) // spent by a concurrent request
	}
	return nil
}

// SendLoginSMS sends the code of a sign-in's second step.
func (s *Service) SendLoginSMS(ctx context.Context, ticketID string, m api.Meta) (shared.Challenge, error) {
	if err := s.throttle.Hit(ctx, "login:"+m.IP); err != nil {
		return shared.Challenge{}, err
	}
	t, err := s.liveTicket(ctx, ticketID)
	if err != nil {
		return shared.Challenge{}, err
	}
	acc, err := s.accounts.Get(ctx, t.AccountID)
	if err != nil {
		return shared.Challenge{}, err
	}
	if ok, err := s.smsEnabled(ctx, s.db, acc.ID); err != nil || !ok {
		if err == nil {
			err = shared.E(shared.CodeNoFactor)
		}
		return shared.Challenge{}, err
	}
	return s.sendSMSCode(ctx, acc, smsBinding{purpose: smsSecond, ticket: ticketID})
}

// SendStepUpSMS sends a code for a step-up of the session.
func (s *Service) SendStepUpSMS(ctx context.Context, sess *Session, acc shared.Account) (shared.Challenge, error) {
	if err := s.throttle.Hit(ctx, "stepup:"+acc.ID); err != nil {
		return shared.Challenge{}, err
	}
	if ok, err := s.smsEnabled(ctx, s.db, acc.ID); err != nil || !ok {
		if err == nil {
			err = shared.E(shared.CodeNoFactor)
		}
		return shared.Challenge{}, err
	}
	return s.sendSMSCode(ctx, acc, smsBinding{purpose: smsStepUp, sessionID: sess.ID})
}

func (s *Service) smsEnabled(ctx context.Context, db bun.IDB, accountID string) (bool, error) {
	return db.NewSelect().Table("sms_factors").Where("account_id = ?", accountID).Exists(ctx)
}

// StartSMSFactor sends the code that switches SMS codes on: a sensitive
// action (RequireFresh).
func (s *Service) StartSMSFactor(ctx context.Context, sess *Session, acc shared.Account) (shared.Challenge, error) {
	methods, err := s.secondMethods(ctx, s.db, acc.ID)
	switch {
	case err != nil:
		return shared.Challenge{}, err
	case containsMethod(methods, shared.FactorSMS):
		return shared.Challenge{}, shared.E(shared.CodeFactorExists)
	}
	if err := s.RequireFresh(ctx, s.db, sess); err != nil {
		return shared.Challenge{}, err
	}
	return s.sendSMSCode(ctx, acc, smsBinding{purpose: smsEnrol, sessionID: sess.ID})
}

// ConfirmSMSFactor switches SMS codes on with the code just sent.
func (s *Service) ConfirmSMSFactor(ctx context.Context, sess *Session, acc shared.Account, code string, m api.Meta) error {
	if err := (shared.SecondFactorRequest{Method: shared.FactorSMS, Code: code}).Validate(); err != nil {
		return err
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := s.checkSMS(ctx, tx, acc.ID, code, smsBinding{purpose: smsEnrol, sessionID: sess.ID}); err != nil {
			return err
		}
		if _, err := tx.NewRaw("INSERT INTO sms_factors (account_id) VALUES (?) ON CONFLICT DO NOTHING", acc.ID).Exec(ctx); err != nil {
			return err
		}
		if err := s.stepUp(ctx, tx, sess); err != nil {
			return err
		}
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalFactorAdded, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"factor": shared.FactorSMS}}); err != nil {
			return err
		}
		return s.tell(ctx, tx, acc, "msg.sms_factor_added")
	})
}

// RemoveSMSFactor switches SMS codes off (step-up).
func (s *Service) RemoveSMSFactor(ctx context.Context, acc shared.Account, m api.Meta) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		res, err := tx.NewRaw("DELETE FROM sms_factors WHERE account_id = ?", acc.ID).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return shared.E(shared.CodeNoFactor)
		}
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalFactorRemoved, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"factor": shared.FactorSMS}}); err != nil {
			return err
		}
		return s.tell(ctx, tx, acc, "msg.sms_factor_removed")
	})
}

func containsMethod(methods []string, m string) bool {
	for _, x := range methods {
		if x == m {
			return true
		}
	}
	return false
}
