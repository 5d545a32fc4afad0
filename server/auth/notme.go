package auth

import (
	"context"
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

// notMeTTL is how long the «это не я — выйти везде» link of a sign-in
// notice works.
const notMeTTL = 7 * 24 * time.Hour

// notMeLink makes a single-use link that signs the account out everywhere.
func (s *Service) notMeLink(ctx context.Context, db bun.IDB, accountID string) (string, error) {
	token, err := randomToken(24)
	if err != nil {
		return "", err
	}
	_, err = db.NewRaw("INSERT INTO not_me_tokens (token_hash, account_id, expires_at) VALUES (?, ?, ?)",
		secretHash(token), accountID, time.Now().Add(notMeTTL)).Exec(ctx)
	if err != nil {
		return "", fmt.Errorf("auth.notMeLink: %w", err)
	}
	return s.cfg.PublicURL + "/not-me#" + token, nil
}

// signInNotice tells the owner through every confirmed channel about a
// sign-in (key: "msg.new_device", "msg.qr_login"), with the device, the
// address and the link that signs out everywhere.
func (s *Service) signInNotice(ctx context.Context, tx bun.IDB, acc LoginAccount, key string, m api.Meta) error {
	link, err := s.notMeLink(ctx, tx, acc.ID)
	if err != nil {
		return err
	}
	device := audit.DeviceName(m.UserAgent)
	if m.KioskID != "" {
		if k, err := s.kiosk(ctx, tx, m.KioskID); err == nil {
			device = k.Name + ", " + k.Centre
		}
	}
	if acc.Email != "" {
		if err := s.notify.Send(ctx, tx, notify.Message{AccountID: acc.ID, Channel: shared.ChannelEmail, To: acc.Email,
			Subject: i18n.T(acc.Lang, key+".subject"),
			Body:    i18n.T(acc.Lang, key+".body", device, m.IP, s.cfg.PublicURL+"/sessions", link)}); err != nil {
			return err
		}
	}
	if acc.Phone != "" {
		return s.notify.Send(ctx, tx, notify.Message{AccountID: acc.ID, Channel: shared.ChannelSMS, To: acc.Phone,
			Body: i18n.T(acc.Lang, key+".sms", device, m.IP, link)})
	}
	return nil
}

// NotMe is «это не я»: every session of the account ends, the password
// is locked until it is recovered, and the owner is told what to do next.
func (s *Service) NotMe(ctx context.Context, token string, m api.Meta) error {
	if err := s.throttle.Hit(ctx, "login:"+m.IP); err != nil {
		return err
	}
	if token == "" || len(token) > 100 {
		return shared.E(shared.CodeCodeExpired)
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var accountID string
		err := tx.NewRaw(`UPDATE not_me_tokens SET used_at = now()
			WHERE token_hash = ? AND used_at IS NULL AND expires_at > now() RETURNING account_id`, secretHash(token)).Scan(ctx, &accountID)
		if errors.Is(err, sql.ErrNoRows) {
			return shared.E(shared.CodeCodeExpired)
		}
		if err != nil {
			return fmt.Errorf("auth.NotMe: %w", err)
		}
		if err := s.RevokeAll(ctx, tx, accountID, nil, "not_me"); err != nil {
			return err
		}
		// Whoever got in may know the password: it stays locked until the
		// owner recovers it (recovery lifts the lock).
		if _, err := tx.NewRaw(`INSERT INTO password_failures (key, failures, locked_until, updated_at)
			VALUES (?0, ?1, now() + interval '100 years', now())
			ON CONFLICT (key) DO UPDATE SET failures = ?1, locked_until = now() + interval '100 years', updated_at = now()`,
			"acct:"+accountID, s.cfg.LockoutThreshold).Exec(ctx); err != nil {
			return err
		}
		return s.journal.Append(ctx, tx, audit.Entry{AccountID: accountID, Kind: shared.JournalNotMe, IP: m.IP, UserAgent: m.UserAgent})
	})
}
