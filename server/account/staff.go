package account

import (
	"context"
	"strings"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/auth"
	"kabinet/shared"
)

// Search finds people for the back office by phone, e-mail, ИНН or СНИЛС
// (exact, after normalisation) or by surname prefix.
func (s *Service) Search(ctx context.Context, q string) ([]shared.Account, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return []shared.Account{}, nil
	}
	var pq peopleQuery
	if e, err := shared.NormalizeEmail(q); err == nil && strings.Contains(q, "@") {
		pq.Email = e
	}
	if p, err := shared.NormalizePhone(q); err == nil {
		pq.Phone = p
	}
	if d := shared.Digits(q); len(d) == 12 || len(d) == 10 {
		pq.INN = d
	}
	if d := shared.NormalizeSNILS(q); len(d) == 11 {
		pq.SNILS = d
	}
	if !strings.ContainsAny(q, "0123456789@") && len([]rune(q)) >= 2 {
		pq.SurnameLike = escapeLike(strings.ToLower(q)) + "%"
	}
	if pq == (peopleQuery{}) {
		return []shared.Account{}, nil
	}
	rows, err := searchAccounts(ctx, s.db, pq)
	if err != nil {
		return nil, err
	}
	out := make([]shared.Account, 0, len(rows))
	for i := range rows {
		// A search lists people to choose from: it carries what the list
		// shows, never the documents (passport, СНИЛС, ИНН, birth date),
		// which stay on the person's card, opened one at a time.
		a := rows[i].public(s.now())
		a.BirthDate, a.INN, a.SNILS, a.Passport = "", "", "", nil
		out = append(out, a)
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
		acc, err := loadAccount(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := auth.NotOwn(staffID, acc.ID); err != nil {
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
		if err := confirmIdentity(ctx, tx, acc, staffID); err != nil {
			return err
		}
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalConfirmed, ActorID: staffID, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"document": req.Document, "note": req.Note, "method": "in_person"}}); err != nil {
			return err
		}
		acc, err = loadAccount(ctx, tx, id, false)
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
		acc, err := loadAccount(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := auth.MayManage(ctx, tx, staffID, acc.ID); err != nil {
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
		if err := updateStatus(ctx, tx, acc); err != nil {
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
