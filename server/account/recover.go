package account

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	kdb "kabinet/server/db"
	"kabinet/shared"
)

// recoveryTarget is whom a recovery start is for: an account with the
// chosen contact confirmed, or — for a login that matches none, or whose
// contact is not confirmed — a decoy: a challenge of no account, keyed by
// decoy, at a plausible destination. Both answer alike at every step
// (start, GET /verify/{id}, resend, wrong codes, finish); a decoy only
// never sends and never accepts a code.
type recoveryTarget struct {
	acc   *accountRow // nil for a decoy
	decoy string      // the decoy's key: a server-keyed hash of login and channel
	dest  string      // where the code goes (or seems to)
}

func (t recoveryTarget) key() string {
	if t.acc != nil {
		return "acct:" + t.acc.ID
	}
	return "decoy:" + t.decoy
}

// RecoveryAnswerTime is the least time a recovery start and a code resend
// take to answer. A real account's start or resend writes and sends a
// code — a few statements more than a decoy's, which sends nothing — and
// a client could time the difference (about 6 ms at the median, measured
// from outside). Padded to this floor, which is well above what either
// takes, a known and an unknown login answer after the same time unless
// the server is slower than the floor itself.
const RecoveryAnswerTime = 250 * time.Millisecond

// evenOut waits until RecoveryAnswerTime has passed since began, or ctx
// ends (the client has gone: nobody is left to time the answer).
func evenOut(ctx context.Context, began time.Time) {
	t := time.NewTimer(time.Until(began.Add(RecoveryAnswerTime)))
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// StartRecovery sends a recovery code to the chosen confirmed contact, or
// sets up a decoy: the answer does not tell whether the login exists, by
// its content or by its time (evenOut).
func (s *Service) StartRecovery(ctx context.Context, req shared.RecoverStartRequest, m api.Meta) (shared.Challenge, error) {
	defer evenOut(ctx, time.Now())
	if err := s.auth.Throttle().Hit(ctx, "recover:"+m.IP); err != nil {
		return shared.Challenge{}, err
	}
	if err := req.Validate(); err != nil {
		return shared.Challenge{}, err
	}
	t, err := s.recoveryTarget(ctx, req)
	if err != nil {
		return shared.Challenge{}, err
	}
	var out shared.Challenge
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		c, found, err := s.recentRecovery(ctx, tx, t, req.Channel)
		switch {
		case err != nil:
			return err
		case found:
		case t.acc != nil:
			c, err = s.newChallengeTo(ctx, tx, t.acc, purposeRecover, req.Channel, t.dest)
		default:
			c, err = s.newDecoy(ctx, tx, t, req.Channel)
		}
		if err != nil {
			return err
		}
		out = s.public(c)
		return nil
	})
	return out, err
}

// recoveryTarget looks the login up. Only a confirmed contact can recover
// an account; anything else gets a decoy.
func (s *Service) recoveryTarget(ctx context.Context, req shared.RecoverStartRequest) (recoveryTarget, error) {
	la, err := s.FindByLogin(ctx, req.Login)
	if err == nil && la.Status == shared.StatusPending {
		// An unfinished registration recovers nothing, as it signs in to
		// nothing (auth.Login): it is not told from a registration decoy.
		err = shared.E(shared.CodeNotFound)
	}
	if err == nil {
		acc, err := loadAccount(ctx, s.db, la.ID, false)
		if err != nil {
			return recoveryTarget{}, err
		}
		switch {
		case req.Channel == shared.ChannelSMS && acc.PhoneConfirmedAt != nil:
			return recoveryTarget{acc: acc, dest: acc.Phone}, nil
		case req.Channel == shared.ChannelEmail && acc.EmailConfirmedAt != nil:
			return recoveryTarget{acc: acc, dest: acc.Email}, nil
		}
	} else if shared.ErrorCode(err) != shared.CodeNotFound {
		return recoveryTarget{}, err
	}
	return s.decoyTarget(req.Login, req.Channel), nil
}

// decoyTarget makes the decoy of login. Its destination is what a real
// account would show: the login itself when the login is the contact
// asked for (a phone for SMS, an address for e-mail), otherwise a phone
// or an address derived from the login with the server's key — the same
// every time, as a real account's would be, and unguessable without it.
func (s *Service) decoyTarget(login, channel string) recoveryTarget {
	norm := strings.ToLower(strings.TrimSpace(login))
	if cands := shared.LoginCandidates(login); len(cands) > 0 {
		norm = cands[0].Value
		if (cands[0].Kind == shared.LoginPhone && channel == shared.ChannelSMS) || (cands[0].Kind == shared.LoginEmail && channel == shared.ChannelEmail) {
			return recoveryTarget{decoy: s.decoyKey(norm, channel), dest: norm}
		}
	}
	m := hmac.New(sha256.New, s.codeKey)
	m.Write([]byte("decoy-destination\x00" + channel + "\x00" + norm))
	sum := m.Sum(nil)
	dest := fmt.Sprintf("+79%09d", binary.BigEndian.Uint64(sum)%1_000_000_000)
	if channel == shared.ChannelEmail {
		domains := []string{"mail.ru", "yandex.ru", "gmail.com", "bk.ru", "list.ru", "inbox.ru", "rambler.ru"}
		dest = string(rune('a'+sum[8]%26)) + "@" + domains[int(sum[9])%len(domains)]
	}
	return recoveryTarget{decoy: s.decoyKey(norm, channel), dest: dest}
}

func (s *Service) decoyKey(login, channel string) string {
	m := hmac.New(sha256.New, s.codeKey)
	m.Write([]byte("decoy\x00" + channel + "\x00" + login))
	return hex.EncodeToString(m.Sum(nil))
}

// newDecoy opens the decoy's challenge: a row like a real one, with the
// hash of a code nobody is sent (consume refuses any code for it anyway).
func (s *Service) newDecoy(ctx context.Context, tx bun.Tx, t recoveryTarget, channel string) (*challengeRow, error) {
	now := s.now().UTC().Truncate(time.Microsecond)
	c := &challengeRow{ID: randomID(), Decoy: t.decoy, Purpose: purposeRecover, Channel: channel, Destination: t.dest,
		ExpiresAt: now.Add(s.cfg.CodeTTL), LastSentAt: now}
	c.CodeHash = s.codeHash(c.ID, randomCode())
	if err := insertChallenge(ctx, tx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// recentRecovery finds the target's recovery challenge of channel whose
// code went out less than the resend pause ago. A second start within
// the pause (a double click, or a flood) gets that same challenge back and
// sends nothing: the code already sent is the one that opens it. The
// advisory lock, held to the end of tx, makes concurrent starts for one
// target take turns, so they cannot each open a challenge of their own.
func (s *Service) recentRecovery(ctx context.Context, tx bun.Tx, t recoveryTarget, channel string) (*challengeRow, bool, error) {
	if err := kdb.LockKey(ctx, tx, "recover:"+t.key()+":"+channel); err != nil {
		return nil, false, err
	}
	accountID := ""
	if t.acc != nil {
		accountID = t.acc.ID
	}
	c, err := selectRecentRecovery(ctx, tx, accountID, t.decoy, channel, s.now().Add(-s.cfg.CodeResend))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, false, nil
	case err != nil:
		return nil, false, err
	}
	return c, true, nil
}
