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

// FileFactorReset is «нет доступа к второму фактору» (ASVS 6.4.4): with
// the ticket of a right password (so nobody files it without one) the
// person asks the back office to remove every second factor. No session
// opens. The owner is told at once by every channel — a thief who knows
// the password is noticed — and an account has one pending request.
func (s *Service) FileFactorReset(ctx context.Context, req shared.FactorResetRequest, m api.Meta) error {
	if err := s.throttle.Hit(ctx, "login:"+m.IP); err != nil {
		return err
	}
	t, err := s.liveTicket(ctx, req.Ticket)
	if err != nil {
		return err
	}
	acc, err := s.accounts.Get(ctx, t.AccountID)
	if err != nil {
		return err
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		res, err := tx.NewRaw(`INSERT INTO factor_resets (account_id, ip, user_agent) VALUES (?, ?, ?)
			ON CONFLICT (account_id) WHERE status = 'pending' DO NOTHING`, acc.ID, m.IP, m.UserAgent).Exec(ctx)
		if err != nil {
			return fmt.Errorf("auth.FileFactorReset: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return shared.E(shared.CodeResetPending)
		}
		if _, err := tx.NewRaw("UPDATE login_tickets SET consumed_at = now() WHERE id = ?", req.Ticket).Exec(ctx); err != nil {
			return err
		}
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalResetFiled, IP: m.IP, UserAgent: m.UserAgent}); err != nil {
			return err
		}
		when := shared.FormatDateTime(time.Now().In(shared.Moscow), acc.Lang)
		return s.tellOwner(ctx, tx, contactsOf(acc), "msg.reset_filed",
			[]any{when, audit.DeviceName(m.UserAgent), m.IP, s.cfg.PublicURL + "/recover"}, []any{when})
	})
}

// FactorResets lists the pending requests, oldest first, for the back office.
func (s *Service) FactorResets(ctx context.Context) (shared.FactorResetList, error) {
	var rows []struct {
		ID        string    `bun:"id"`
		AccountID string    `bun:"account_id"`
		Name      string    `bun:"name"`
		Level     string    `bun:"level"`
		IP        string    `bun:"ip"`
		UserAgent string    `bun:"user_agent"`
		CreatedAt time.Time `bun:"created_at"`
	}
	err := s.db.NewRaw(`SELECT r.id, r.account_id, concat_ws(' ', a.last_name, a.first_name, a.middle_name) AS name, a.level,
			r.ip, r.user_agent, r.created_at
		FROM factor_resets r JOIN accounts a ON a.id = r.account_id
		WHERE r.status = 'pending' ORDER BY r.created_at LIMIT 200`).Scan(ctx, &rows)
	if err != nil {
		return shared.FactorResetList{}, fmt.Errorf("auth.FactorResets: %w", err)
	}
	out := shared.FactorResetList{Items: make([]shared.FactorReset, 0, len(rows))}
	for _, r := range rows {
		out.Items = append(out.Items, shared.FactorReset{ID: r.ID, AccountID: r.AccountID, Name: r.Name, Level: shared.Level(r.Level),
			IP: r.IP, Device: audit.DeviceName(r.UserAgent), CreatedAt: r.CreatedAt})
	}
	return out, nil
}

// pendingReset locks the pending request id and returns its account;
// CodeNotFound when there is none (settled, or no such request).
func pendingReset(ctx context.Context, tx bun.Tx, id string) (string, error) {
	var accountID string
	err := tx.NewRaw("SELECT account_id FROM factor_resets WHERE id = ? AND status = 'pending' FOR UPDATE", id).Scan(ctx, &accountID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", shared.E(shared.CodeNotFound)
	}
	return accountID, err
}

// ApproveFactorReset settles a request after the passport was checked in
// person: every second factor goes (app, SMS codes, passkeys, push
// subscriptions, recovery codes), every session ends, the person is told
// by every channel, and the journal of the person names the staff member
// — all in one transaction.
func (s *Service) ApproveFactorReset(ctx context.Context, staffID, id string, req shared.FactorResetDecision, m api.Meta) error {
	if err := req.ValidateApprove(); err != nil {
		return err
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		accountID, err := pendingReset(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := MayManage(ctx, tx, staffID, accountID); err != nil {
			return err
		}
		acc, err := s.accounts.Get(ctx, accountID)
		if err != nil {
			return err
		}
		for _, table := range []string{"totp_factors", "recovery_codes", "sms_factors", "passkeys", "push_subscriptions"} {
			if _, err := tx.NewRaw("DELETE FROM ? WHERE account_id = ?", bun.Ident(table), accountID).Exec(ctx); err != nil {
				return fmt.Errorf("auth.ApproveFactorReset: %s: %w", table, err)
			}
		}
		if err := s.RevokeAll(ctx, tx, accountID, nil, "factor_reset"); err != nil {
			return err
		}
		if _, err := tx.NewRaw(`UPDATE factor_resets SET status = 'approved', decided_at = now(), decided_by = ?, document = ? WHERE id = ?`,
			staffID, req.Document, id).Exec(ctx); err != nil {
			return err
		}
		// The document's number stays in factor_resets: the journal must
		// not become a copy of the passport.
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: accountID, ActorID: staffID, Kind: shared.JournalResetApproved,
			IP: m.IP, UserAgent: m.UserAgent, Details: map[string]string{"check": "in_person"}}); err != nil {
			return err
		}
		when := shared.FormatDateTime(time.Now().In(shared.Moscow), acc.Lang)
		return s.tellOwner(ctx, tx, contactsOf(acc), "msg.reset_approved", []any{when, s.cfg.PublicURL + "/security"}, []any{when})
	})
}

// RejectFactorReset refuses a request with a reason the person is told.
func (s *Service) RejectFactorReset(ctx context.Context, staffID, id string, req shared.FactorResetDecision, m api.Meta) error {
	if err := req.ValidateReject(); err != nil {
		return err
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		accountID, err := pendingReset(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := MayManage(ctx, tx, staffID, accountID); err != nil {
			return err
		}
		acc, err := s.accounts.Get(ctx, accountID)
		if err != nil {
			return err
		}
		if _, err := tx.NewRaw(`UPDATE factor_resets SET status = 'rejected', decided_at = now(), decided_by = ?, reason = ? WHERE id = ?`,
			staffID, req.Reason, id).Exec(ctx); err != nil {
			return err
		}
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: accountID, ActorID: staffID, Kind: shared.JournalResetRejected,
			IP: m.IP, UserAgent: m.UserAgent}); err != nil {
			return err
		}
		when := shared.FormatDateTime(time.Now().In(shared.Moscow), acc.Lang)
		return s.tellOwner(ctx, tx, contactsOf(acc), "msg.reset_rejected", []any{when, req.Reason}, []any{when, req.Reason})
	})
}
