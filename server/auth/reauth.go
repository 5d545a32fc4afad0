package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/shared"
)

// RequireFresh lets a sensitive change through only when the person has
// authenticated again within shared.StepUpWindow (ASVS 7.5.1): with a
// second factor when the account has one (CodeStepUpRequired otherwise);
// with the password when it has none (CodeReauthRequired otherwise). A
// session signed in with the password within the window counts: that
// password was just given.
func (s *Service) RequireFresh(ctx context.Context, db bun.IDB, sess *Session) error {
	if fresh(sess) {
		return nil
	}
	has, err := s.hasFactor(ctx, db, sess.AccountID)
	switch {
	case err != nil:
		return err
	case has:
		return shared.E(shared.CodeStepUpRequired)
	case within(sess.ReauthAt) || within(sess.CreatedAt):
		return nil
	}
	return shared.E(shared.CodeReauthRequired)
}

func within(t time.Time) bool { return !t.IsZero() && time.Since(t) <= shared.StepUpWindow }

// Reauth takes the password again in a session of an account without a
// second factor, for the sensitive changes of the next few minutes. An
// account with a factor proves that instead: a password alone must not
// stand in for it. The session's token rotates.
func (s *Service) Reauth(ctx context.Context, sess *Session, req shared.ReauthRequest, m api.Meta) error {
	if err := s.throttle.Hit(ctx, "stepup:"+sess.AccountID); err != nil {
		return err
	}
	if err := req.Validate(); err != nil {
		return err
	}
	has, err := s.hasFactor(ctx, s.db, sess.AccountID)
	if err != nil {
		return err
	}
	if has {
		return shared.E(shared.CodeStepUpRequired)
	}
	var hash string
	if err := s.db.NewRaw("SELECT password_hash FROM accounts WHERE id = ?", sess.AccountID).Scan(ctx, &hash); err != nil {
		return fmt.Errorf("auth.Reauth: %w", err)
	}
	ok, err := s.hasher.Verify(ctx, hash, req.Password)
	if err != nil {
		return err
	}
	if !ok {
		_ = s.journal.Append(ctx, s.db, audit.Entry{AccountID: sess.AccountID, Kind: shared.JournalReauth, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"ok": "false"}})
		return &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{"password": {Code: shared.CodeWrongPassword}}}
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := s.rotate(ctx, tx, sess, "reauth_at = now()"); err != nil {
			return err
		}
		sess.ReauthAt = time.Now()
		return s.journal.Append(ctx, tx, audit.Entry{AccountID: sess.AccountID, Kind: shared.JournalReauth, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"ok": "true"}})
	})
}
