package account

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/notify"
	"kabinet/shared"
	"kabinet/shared/i18n"
)

// Purposes of challenges.
const (
	purposeConfirm = "confirm" // confirm the phone or the e-mail
	purposeRecover = "recover" // reset a forgotten password
)

func (s *Service) public(c *challengeRow) shared.Challenge {
	out := shared.Challenge{
		ID: c.ID, Channel: c.Channel, ExpiresAt: c.ExpiresAt,
		ResendAt: c.LastSentAt.Add(s.cfg.CodeResend), AttemptsLeft: max(s.cfg.CodeTries-c.Failures, 0),
	}
	if c.Channel == shared.ChannelSMS {
		out.Destination = shared.MaskPhone(c.Destination)
	} else {
		out.Destination = shared.MaskEmail(c.Destination)
	}
	return out
}

func randomID() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func randomCode() string {
	n, _ := rand.Int(rand.Reader, big.NewInt(1_000_000))
	return fmt.Sprintf("%06d", n.Int64())
}

// codeHash binds the code to its challenge with the server's key.
func (s *Service) codeHash(challengeID, code string) []byte {
	m := hmac.New(sha256.New, s.codeKey)
	m.Write([]byte(challengeID))
	m.Write([]byte{0})
	m.Write([]byte(code))
	return m.Sum(nil)
}

// newChallenge creates a challenge and sends its code, inside tx.
func (s *Service) newChallenge(ctx context.Context, tx bun.IDB, acc *accountRow, purpose, channel string) (*challengeRow, error) {
	dest := acc.Phone
	if channel == shared.ChannelEmail {
		dest = acc.Email
	}
	return s.newChallengeTo(ctx, tx, acc, purpose, channel, dest)
}

// newChallengeTo is newChallenge to another destination (a new phone or
// e-mail being confirmed before it replaces the old one).
func (s *Service) newChallengeTo(ctx context.Context, tx bun.IDB, acc *accountRow, purpose, channel, dest string) (*challengeRow, error) {
	now := s.now().UTC().Truncate(time.Microsecond)
	c := &challengeRow{ID: randomID(), AccountID: acc.ID, Purpose: purpose, Channel: channel, Destination: dest,
		ExpiresAt: now.Add(s.cfg.CodeTTL), LastSentAt: now}
	code := randomCode()
	c.CodeHash = s.codeHash(c.ID, code)
	if err := insertChallenge(ctx, tx, c); err != nil {
		return nil, err
	}
	return c, quietRefusal(purpose, s.sendCode(ctx, tx, acc, c, code))
}

func (s *Service) sendCode(ctx context.Context, tx bun.IDB, acc *accountRow, c *challengeRow, code string) error {
	lang := i18n.Lang(acc.Lang)
	minutes := int(s.cfg.CodeTTL.Minutes())
	body := i18n.T(lang, "msg.code."+c.Purpose, code, minutes)
	return s.notify.Send(ctx, tx, notify.Message{
		AccountID: acc.ID, Channel: c.Channel, To: c.Destination,
		Subject: i18n.T(lang, "msg.code."+c.Purpose+".subject"), Body: body, Code: true,
	})
}

// quietRefusal hides the destination budget's refusal where telling it
// would reveal something: a recovery answers the same whether or not a
// code went to that destination a moment ago (or today's codes are spent),
// so it goes on as if it had sent. Owner flows (confirmation, contact
// change, resend by the person who holds the challenge) are told, with
// the seconds to wait: they learn nothing they could not know.
func quietRefusal(purpose string, err error) error {
	if purpose == purposeRecover {
		return quiet(err)
	}
	return err
}

// quiet is nil for the destination budget's refusal, err otherwise.
func quiet(err error) error {
	if c := shared.ErrorCode(err); err != nil && (c == shared.CodeResendTooSoon || c == shared.CodeRateLimited) {
		return nil
	}
	return err
}

// Challenge returns a challenge's public state (attempts left, resend time).
func (s *Service) Challenge(ctx context.Context, id string) (shared.Challenge, error) {
	c, err := selectChallenge(ctx, s.db, id, false)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return shared.Challenge{}, shared.E(shared.CodeNotFound)
		}
		return shared.Challenge{}, err
	}
	return s.public(c), nil
}

// Resend sends a new code for the challenge after the cooldown. The new
// code replaces the old one; the failure count stays. It answers no
// sooner than RecoveryAnswerTime, whatever the challenge: a recovery's
// decoy sends nothing and would answer sooner than a real one.
func (s *Service) Resend(ctx context.Context, id string) (shared.Challenge, error) {
	defer evenOut(ctx, time.Now())
	var out shared.Challenge
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		c, err := selectChallenge(ctx, tx, id, true)
		if err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return shared.E(shared.CodeNotFound)
			}
			return err
		}
		now := s.now()
		switch {
		case c.ConsumedAt != nil:
			return shared.E(shared.CodeCodeExpired)
		case c.Failures >= s.cfg.CodeTries:
			return &shared.Error{Code: shared.CodeCodeExhausted, RetryAfter: secondsUntil(c.ExpiresAt, now)}
		case now.Before(c.LastSentAt.Add(s.cfg.CodeResend)):
			return &shared.Error{Code: shared.CodeResendTooSoon, RetryAfter: secondsUntil(c.LastSentAt.Add(s.cfg.CodeResend), now)}
		}
		acc := decoySender(c) // nil for a decoy that sends nothing
		if c.Decoy == "" {
			if acc, err = loadAccount(ctx, tx, c.AccountID, false); err != nil {
				return err
			}
		}
		out, err = s.resendCode(ctx, tx, acc, c, now)
		return err
	})
	return out, err
}

// resendCode puts a new code in c and sends it to acc. When a recovery's
// send is refused quietly, the code already sent stays valid and only the
// resend time moves, as it would have. A decoy that sends nothing (acc
// nil) changes like a real challenge.
func (s *Service) resendCode(ctx context.Context, tx bun.Tx, acc *accountRow, c *challengeRow, now time.Time) (shared.Challenge, error) {
	code := randomCode()
	oldHash, oldExpiry := c.CodeHash, c.ExpiresAt
	c.CodeHash = s.codeHash(c.ID, code)
	c.LastSentAt = now.UTC().Truncate(time.Microsecond)
	c.ExpiresAt = c.LastSentAt.Add(s.cfg.CodeTTL)
	var sendErr error
	switch {
	case acc != nil:
		sendErr = s.sendCode(ctx, tx, acc, c, code)
	case strings.HasPrefix(c.Decoy, decoyRegisterTaken) || strings.HasPrefix(c.Decoy, decoyChangeTaken):
		// A taken contact's decoy sends nothing, but spends a code as a
		// free contact's would, so its resends end in rate_limited too.
		sendErr = s.notify.Spend(ctx, tx, notify.Message{Channel: c.Channel, To: c.Destination, Code: true})
	}
	if err := quietRefusal(c.Purpose, sendErr); err != nil {
		return shared.Challenge{}, err
	}
	cols := []string{"code_hash", "last_sent_at", "expires_at"}
	if sendErr != nil { // refused quietly: nothing new was sent
		c.CodeHash, c.ExpiresAt, cols = oldHash, oldExpiry, []string{"last_sent_at"}
	}
	if err := updateChallenge(ctx, tx, c, cols...); err != nil {
		return shared.Challenge{}, err
	}
	return s.public(c), nil
}

func secondsUntil(t, now time.Time) int {
	return max(int(t.Sub(now).Seconds())+1, 1)
}

// consume checks code against the challenge of purpose and, inside tx,
// marks it used; the caller's change commits with it. Nothing is locked
// while checking: a wrong code is counted at once by its own statement (so
// the caller's rollback cannot undo it), and the right code is claimed by a
// conditional update, so it works exactly once even under a race.
func (s *Service) consume(ctx context.Context, tx bun.Tx, id, purpose, code string, lang i18n.Lang) (*challengeRow, error) {
	c, err := selectChallengeOf(ctx, tx, id, purpose)
	if errors.Is(err, sql.ErrNoRows) {
		// Unknown challenge: the same answer as a wrong code.
		return nil, codeInvalid(lang, s.cfg.CodeTries)
	}
	if err != nil {
		return nil, err
	}
	now := s.now()
	switch {
	case c.ConsumedAt != nil || now.After(c.ExpiresAt):
		return nil, shared.E(shared.CodeCodeExpired)
	case c.Failures >= s.cfg.CodeTries:
		return nil, &shared.Error{Code: shared.CodeCodeExhausted, RetryAfter: secondsUntil(c.ExpiresAt, now)}
	}
	// A recovery decoy takes the same path as a wrong code, whatever the
	// code. A registration decoy accepts the code it sent (a taken
	// contact's decoy sent none); its caller changes nothing.
	if !hmac.Equal(c.CodeHash, s.codeHash(c.ID, code)) || (c.Decoy != "" && c.Purpose != purposeConfirm) {
		failures, err := countFailure(ctx, s.db, c.ID)
		if err != nil {
			return nil, err
		}
		if left := s.cfg.CodeTries - failures; left > 0 {
			return nil, codeInvalid(lang, left)
		}
		return nil, &shared.Error{Code: shared.CodeCodeExhausted, RetryAfter: secondsUntil(c.ExpiresAt, now)}
	}
	claimed, err := claimChallenge(ctx, tx, c.ID, s.cfg.CodeTries)
	if err != nil {
		return nil, err
	}
	if !claimed {
		return nil, shared.E(shared.CodeCodeExpired) // used by a concurrent request
	}
	return c, nil
}

func codeInvalid(lang i18n.Lang, left int) *shared.Error {
	return &shared.Error{Code: shared.CodeCodeInvalid, Fields: map[string]shared.FieldError{
		"code": {Code: shared.CodeCodeInvalid, Message: i18n.T(lang, "msg.code_left", left)},
	}}
}
