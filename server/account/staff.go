package account

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/shared"
)

// Search finds people for the back office by phone, e-mail, ИНН or СНИЛС
// (exact, after normalisation) or by surname prefix.
func (s *Service) Search(ctx context.Context, q string) ([]shared.Account, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return []shared.Account{}, nil
	}
	var conds []string
	var args []any
	if e, err := shared.NormalizeEmail(q); err == nil && strings.Contains(q, "@") {
		conds, args = append(conds, "email = ?"), append(args, e)
	}
	if p, err := shared.NormalizePhone(q); err == nil {
		conds, args = append(conds, "phone = ?"), append(args, p)
	}
	if d := shared.Digits(q); len(d) == 12 || len(d) == 10 {
		conds, args = append(conds, "inn = ?"), append(args, d)
	}
	if d := shared.NormalizeSNILS(q); len(d) == 11 {
		conds, args = append(conds, "snils = ?"), append(args, d)
	}
	if !strings.ContainsAny(q, "0123456789@") && len([]rune(q)) >= 2 {
		conds, args = append(conds, "lower(last_name) LIKE ?"), append(args, escapeLike(strings.ToLower(q))+"%")
	}
	if len(conds) == 0 {
		return []shared.Account{}, nil
	}
	var rows []accountRow
	if err := s.db.NewSelect().Model(&rows).Where(strings.Join(conds, " OR "), args...).
		OrderExpr("last_name, first_name").Limit(50).Scan(ctx); err != nil {
		return nil, fmt.Errorf("account.Search: %w", err)
	}
	out := make([]shared.Account, 0, len(rows))
	for i := range rows {
		out = append(out, rows[i].public(s.now()))
	}
	return out, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// ConfirmIdentity records an in-person identity check by a staff member:
// the account becomes confirmed. It needs confirmed contacts and the
// passport and СНИЛС on file (the documents the operator checked).
func (s *Service) ConfirmIdentity(ctx context.Context, staffID, id string, req shared.ConfirmIdentityRequest, m api.Meta) (shared.Account, error) {
	if err := req.Validate(); err != nil {
		return shared.Account{}, err
	}
	var out shared.Account
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		acc, err := s.load(ctx, tx, id, true)
		if err != nil {
			return err
		}
		switch {
		case acc.Level == string(shared.LevelConfirmed):
			return shared.E(shared.CodeAlreadyConfirmed)
		case acc.Status == string(shared.StatusPending):
			return shared.E(shared.CodeNotConfirmed)
		case acc.PassportNumber == nil || acc.SNILS == nil:
			return shared.E(shared.CodeIdentityIncomplete)
		}
		_, err = tx.NewUpdate().Model(acc).
			Set("level = 'confirmed', confirmed_at = now(), confirmed_by = ?, updated_at = now()", staffID).
			WherePK().Exec(ctx)
		if err != nil {
			return err
		}
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalConfirmed, ActorID: staffID, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"document": req.Document, "note": req.Note, "method": "in_person"}}); err != nil {
			return err
		}
		acc, err = s.load(ctx, tx, id, false)
		if err != nil {
			return err
		}
		out = acc.public(s.now())
		return nil
	})
	return out, err
}

// SetBlocked blocks (every session ends at once) or unblocks an account,
// with the reason shown to the person.
func (s *Service) SetBlocked(ctx context.Context, staffID, id string, block bool, req shared.StatusChangeRequest, m api.Meta) (shared.Account, error) {
	if err := req.Validate(); err != nil {
		return shared.Account{}, err
	}
	var out shared.Account
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		acc, err := s.load(ctx, tx, id, true)
		if err != nil {
			return err
		}
		blocked := acc.Status == string(shared.StatusBlocked)
		if blocked == block {
			return shared.E(shared.CodeConflict)
		}
		kind := shared.JournalBlocked
		if block {
			acc.Status, acc.StatusReason = string(shared.StatusBlocked), req.Reason
			if err := s.auth.RevokeAll(ctx, tx, acc.ID, nil, "blocked"); err != nil {
				return err
			}
		} else {
			kind = shared.JournalUnblocked
			acc.Status, acc.StatusReason = string(shared.StatusActive), ""
			if acc.PhoneConfirmedAt == nil || acc.EmailConfirmedAt == nil {
				acc.Status, acc.StatusReason = string(shared.StatusPending), shared.ReasonContactsNotConfirmed
			}
		}
		if _, err := tx.NewUpdate().Model(acc).Column("status", "status_reason").Set("updated_at = now()").WherePK().Exec(ctx); err != nil {
			return err
		}
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: kind, ActorID: staffID, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"reason": req.Reason}}); err != nil {
			return err
		}
		out = acc.public(s.now())
		return nil
	})
	return out, err
}
