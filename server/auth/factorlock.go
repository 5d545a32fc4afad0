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
	"kabinet/shared"
)

// The second step's lock (ASVS 6.3.1). Tries are capped per ticket and
// per IP, but whoever holds the password can open new tickets from many
// addresses; so wrong second factors are also counted per account, over
// all its tickets, in password_failures under their own key. At
// FACTOR_LOCKOUT_THRESHOLD in a row the second step is locked for
// LOCKOUT_DURATION and the owner is told: someone knows the password.
// A sign-in that passes the second step clears the count, and so does a
// password recovery (ClearFailures).

func factorKey(accountID string) string { return "factor:" + accountID }

// factorLocked answers CodeFactorLocked while the account's second step
// is locked.
func (s *Service) factorLocked(ctx context.Context, accountID string) error {
	var until time.Time
	err := s.db.NewRaw("SELECT locked_until FROM password_failures WHERE key = ? AND locked_until > now()",
		factorKey(accountID)).Scan(ctx, &until)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("auth.factorLocked: %w", err)
	}
	return shared.E(shared.CodeFactorLocked)
}

// failFactor journals a wrong second factor and counts it for the
// account; it answers CodeFactorLocked when the count locks the step (or
// a concurrent failure already did). Only the failure that locks it
// journals the lock and tells the owner.
func (s *Service) failFactor(ctx context.Context, acc LoginAccount, method string, m api.Meta) error {
	locked := false
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalSecondFactor, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"method": method, "for": "login"}}); err != nil {
			return err
		}
		failures, until, err := s.countFailure(ctx, tx, factorKey(acc.ID), s.cfg.FactorLockout)
		if errors.Is(err, sql.ErrNoRows) {
			locked = true // locked by a concurrent failure, which told the owner
			return nil
		}
		if err != nil || until == nil {
			return err
		}
		locked = true
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalFactorLocked, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"failures": fmt.Sprint(failures)}}); err != nil {
			return err
		}
		return s.notifyFactorLocked(ctx, tx, acc, *until)
	})
	if err != nil {
		return fmt.Errorf("auth.failFactor: %w", err)
	}
	if locked {
		return shared.E(shared.CodeFactorLocked)
	}
	return nil
}

// notifyFactorLocked tells the owner through every confirmed channel that
// someone holds the password, and the way out: recover it.
func (s *Service) notifyFactorLocked(ctx context.Context, db bun.IDB, acc LoginAccount, until time.Time) error {
	when := shared.FormatDateTime(until.In(shared.Moscow), string(acc.Lang))
	return s.tellOwner(ctx, db, acc, "msg.factorLocked",
		[]any{s.cfg.FactorLockout, when, s.cfg.PublicURL + "/recover"}, []any{s.cfg.FactorLockout, when})
}
