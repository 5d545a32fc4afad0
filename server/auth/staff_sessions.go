package auth

import (
	"context"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/notify"
	"kabinet/shared"
	"kabinet/shared/i18n"
)

// NotOwn refuses a staff member's decision on their own account, filing,
// payment or sending (subjectID, as read from the database, not from the
// request: the same id may be spelt in capitals): another staff member
// decides it, or the person who checks would be the person checked.
func NotOwn(staffID, subjectID string) error {
	if staffID == subjectID {
		return shared.E(shared.CodeOwnCase)
	}
	return nil
}

// MayManage checks, in db's transaction, that staffID may act on the
// account subjectID itself (end its sessions, block it, reset its second
// factors): not on their own (NotOwn), and on another staff member's only
// as an administrator (CodeStaffPeer). An operator who could reset an
// administrator's factors, or block them, would hold an administrator's
// powers: the administrator's password alone would then open the whole
// back office to whoever phished it.
func MayManage(ctx context.Context, db bun.IDB, staffID, subjectID string) error {
	if err := NotOwn(staffID, subjectID); err != nil {
		return err
	}
	var who struct {
		Peer  bool `bun:"peer"`
		Admin bool `bun:"admin"`
	}
	if err := db.NewRaw(`SELECT EXISTS (SELECT 1 FROM staff_roles WHERE account_id = ?) AS peer,
		EXISTS (SELECT 1 FROM staff_roles WHERE account_id = ? AND role = ?) AS admin`,
		subjectID, staffID, shared.RoleAdmin).Scan(ctx, &who); err != nil {
		return fmt.Errorf("auth.MayManage: %w", err)
	}
	if who.Peer && !who.Admin {
		return shared.E(shared.CodeStaffPeer)
	}
	return nil
}

// EndSessionsByStaff ends one of the person's sessions (handle, as the
// list shows it) or, with handle "", all of them, without blocking the
// account (ASVS 7.4.5): a lost phone reported at a service centre, a
// session someone else opened. The journal entry is on the person's chain
// with the staff member as actor, and the person is told by every channel.
func (s *Service) EndSessionsByStaff(ctx context.Context, staffID, accountID, handle string, m api.Meta) error {
	acc, err := s.accounts.Get(ctx, accountID)
	if err != nil {
		return err
	}
	scope := "all"
	q := "account_id = ? AND revoked_at IS NULL AND idle_expires_at > now() AND expires_at > now()"
	args := []any{accountID}
	if handle != "" {
		raw, err := hex.DecodeString(handle)
		if err != nil || len(raw) != 32 {
			return shared.E(shared.CodeNotFound)
		}
		scope, q, args = "one", q+" AND id = ?", append(args, raw)
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := MayManage(ctx, tx, staffID, acc.ID); err != nil {
			return err
		}
		if err := lockChainFirst(ctx, tx, accountID); err != nil {
			return err
		}
		res, err := tx.NewUpdate().Model((*Session)(nil)).Set("revoked_at = now(), revoke_reason = 'signed_out_by_staff'").
			Where(q, args...).Exec(ctx)
		if err != nil {
			return fmt.Errorf("auth.EndSessionsByStaff: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return shared.E(shared.CodeNotFound)
		}
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: accountID, ActorID: staffID, Kind: shared.JournalSessionRevoked,
			IP: m.IP, UserAgent: m.UserAgent, Details: map[string]string{"scope": scope, "by": "staff"}}); err != nil {
			return err
		}
		return s.tellSessionsEnded(ctx, tx, acc, scope)
	})
}

// tellSessionsEnded tells the person that staff ended their sessions.
func (s *Service) tellSessionsEnded(ctx context.Context, db bun.IDB, acc shared.Account, scope string) error {
	lang := i18n.RU
	when := shared.FormatDateTime(time.Now().In(shared.Moscow), string(lang))
	what := i18n.T(lang, "msg.sessions_by_staff."+scope)
	if acc.EmailConfirmed {
		if err := s.notify.Send(ctx, db, notify.Message{AccountID: acc.ID, Channel: shared.ChannelEmail, To: acc.Email,
			Subject: i18n.T(lang, "msg.sessions_by_staff.subject"),
			Body:    i18n.T(lang, "msg.sessions_by_staff.body", when, what, s.cfg.PublicURL+"/sessions")}); err != nil {
			return err
		}
	}
	if acc.PhoneConfirmed {
		return s.notify.Send(ctx, db, notify.Message{AccountID: acc.ID, Channel: shared.ChannelSMS, To: acc.Phone,
			Body: i18n.T(lang, "msg.sessions_by_staff.sms", when, what)})
	}
	return nil
}
