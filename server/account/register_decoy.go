package account

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/notify"
	"kabinet/shared"
	"kabinet/shared/i18n"
)

// A registration whose phone or e-mail already belongs to an account
// answers exactly as a new one (ASVS V2.2, account enumeration): two
// challenges, "we sent two codes". No account is created and both
// challenges are decoys of purpose confirm. What each contact receives
// depends only on that contact: a taken one's owner is told that someone
// tried to register with it (and how to sign in or recover), never sent a
// code; a free one gets a real code, which verifies like a real one and
// leads nowhere, because the other contact can never be confirmed. So the
// registrant never learns from the answer whether a contact is taken, and
// holding one contact tells nothing about the other.

// Decoy keys of registration challenges: a free contact's decoy is sent
// codes in the language it keeps after the prefix; a taken contact's
// decoy never sends anything.
const (
	decoyRegisterSent  = "register:"
	decoyRegisterTaken = "register-taken:"
	decoyChangeTaken   = "change-taken:"
)

// contactOwners returns the accounts that already hold the phone or the
// e-mail of req, by channel.
func contactOwners(ctx context.Context, db bun.IDB, req shared.RegisterRequest) (map[string]*accountRow, error) {
	owners := map[string]*accountRow{}
	for ch, value := range map[string]string{shared.ChannelSMS: req.Phone, shared.ChannelEmail: req.Email} {
		acc, err := selectByContact(ctx, db, ch, value)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return nil, err
		default:
			owners[ch] = acc
		}
	}
	return owners, nil
}

// registerDecoy answers a registration with a taken contact (owners, by
// channel) as Register answers a new one.
func (s *Service) registerDecoy(ctx context.Context, req shared.RegisterRequest, owners map[string]*accountRow, lang i18n.Lang, m api.Meta) (shared.RegisterResponse, error) {
	out := shared.RegisterResponse{AccountID: randomUUID()}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for _, ch := range []string{shared.ChannelSMS, shared.ChannelEmail} {
			dest := req.Phone
			if ch == shared.ChannelEmail {
				dest = req.Email
			}
			c, err := s.registrationDecoy(ctx, tx, owners[ch], ch, dest, lang, m)
			if err != nil {
				return err
			}
			if ch == shared.ChannelSMS {
				out.Phone = s.public(c)
			} else {
				out.Email = s.public(c)
			}
		}
		return nil
	})
	if err != nil {
		if _, ok := shared.AsError(err); ok {
			return shared.RegisterResponse{}, err
		}
		return shared.RegisterResponse{}, fmt.Errorf("account.registerDecoy: %w", err)
	}
	return out, nil
}

// registrationDecoy opens one contact's decoy challenge. With an owner,
// the owner is told and the attempt journalled on the owner's account;
// without, the contact is sent a code as a new registrant's would be.
func (s *Service) registrationDecoy(ctx context.Context, tx bun.Tx, owner *accountRow, channel, dest string, lang i18n.Lang, m api.Meta) (*challengeRow, error) {
	now := s.now().UTC().Truncate(time.Microsecond)
	c := &challengeRow{ID: randomID(), Purpose: purposeConfirm, Channel: channel, Destination: dest,
		ExpiresAt: now.Add(s.cfg.CodeTTL), LastSentAt: now}
	code := randomCode()
	c.CodeHash = s.codeHash(c.ID, code)
	if owner != nil {
		c.Decoy = decoyRegisterTaken + randomID()
	} else {
		c.Decoy = decoyRegisterSent + string(lang) + ":" + randomID()
	}
	if err := insertChallenge(ctx, tx, c); err != nil {
		return nil, err
	}
	if owner == nil {
		// A code refused by the destination's budget (another a moment
		// ago, or the day's spent) is quiet, here and for a new
		// registration: a taken contact's notice never waits, and an
		// answer that did would tell a free contact from a taken one.
		return c, quiet(s.sendCode(ctx, tx, &accountRow{Lang: string(lang)}, c, code))
	}
	if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: owner.ID, Kind: shared.JournalRegisterAttempt, IP: m.IP, UserAgent: m.UserAgent,
		Details: map[string]string{"channel": channel}}); err != nil {
		return nil, err
	}
	// The owner hears of it. Over the destination's daily budget of
	// notices, Send drops it quietly, so a flood of attempts neither
	// floods the owner nor tells the registrant anything.
	if err := s.notify.Send(ctx, tx, s.registerAttemptNotice(owner, channel, dest)); err != nil {
		return nil, err
	}
	// And the contact's budget of codes is spent as a free contact's
	// code would spend it (quietly refused alike), so that resending
	// reaches rate_limited after the same number of codes.
	return c, quiet(s.notify.Spend(ctx, tx, notify.Message{Channel: channel, To: dest, Code: true}))
}

// registerAttemptNotice tells the owner of dest that someone tried to
// register with it, and what to do if it was the owner.
func (s *Service) registerAttemptNotice(owner *accountRow, channel, dest string) notify.Message {
	l := i18n.Lang(owner.Lang)
	when := shared.FormatDateTime(s.now().In(shared.Moscow), string(l))
	if channel == shared.ChannelSMS {
		return notify.Message{AccountID: owner.ID, Channel: channel, To: dest,
			Body: i18n.T(l, "msg.register_attempt.sms", when)}
	}
	return notify.Message{AccountID: owner.ID, Channel: channel, To: dest,
		Subject: i18n.T(l, "msg.register_attempt.subject"),
		Body:    i18n.T(l, "msg.register_attempt.body", when, s.cfg.PublicURL+"/login", s.cfg.PublicURL+"/recover")}
}

// decoySender is whom a registration decoy's resend sends a code to: a
// stand-in account in the decoy's language for a free contact's decoy,
// nil (nothing sent) for any other decoy.
func decoySender(c *challengeRow) *accountRow {
	rest, ok := strings.CutPrefix(c.Decoy, decoyRegisterSent)
	if !ok {
		return nil
	}
	lang, _, _ := strings.Cut(rest, ":")
	return &accountRow{Lang: lang}
}

// randomUUID is a version 4 UUID, the shape of a real account's id.
func randomUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// contactChangeDecoy answers a change of contact to dest, which another
// account holds, as a change to a free one: a challenge (a decoy that
// accepts no code), a code spent from dest's budget and refused as a real
// one would be. The holder is told instead, and the attempt journalled on
// the holder's account.
func (s *Service) contactChangeDecoy(ctx context.Context, channel, dest string, m api.Meta) (shared.Challenge, error) {
	var out shared.Challenge
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		owner, err := selectByContact(ctx, tx, channel, dest)
		if err != nil {
			return err
		}
		if err := s.notify.Spend(ctx, tx, notify.Message{Channel: channel, To: dest, Code: true}); err != nil {
			return err
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		c := &challengeRow{ID: randomID(), Purpose: purposeChange, Channel: channel, Destination: dest,
			ExpiresAt: now.Add(s.cfg.CodeTTL), LastSentAt: now, Decoy: decoyChangeTaken + randomID()}
		c.CodeHash = s.codeHash(c.ID, randomCode())
		if err := insertChallenge(ctx, tx, c); err != nil {
			return err
		}
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: owner.ID, Kind: shared.JournalContactAttempt, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"channel": channel}}); err != nil {
			return err
		}
		l := i18n.Lang(owner.Lang)
		when := shared.FormatDateTime(s.now().In(shared.Moscow), string(l))
		msg := notify.Message{AccountID: owner.ID, Channel: channel, To: dest, Body: i18n.T(l, "msg.contact_attempt.sms", when)}
		if channel == shared.ChannelEmail {
			msg.Subject, msg.Body = i18n.T(l, "msg.contact_attempt.subject"), i18n.T(l, "msg.contact_attempt.body", when)
		}
		if err := s.notify.Send(ctx, tx, msg); err != nil {
			return err
		}
		out = s.public(c)
		return nil
	})
	if err != nil {
		if _, ok := shared.AsError(err); ok {
			return shared.Challenge{}, err
		}
		return shared.Challenge{}, fmt.Errorf("account.contactChangeDecoy: %w", err)
	}
	return out, nil
}
