package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/notify"
	"kabinet/shared"
	"kabinet/shared/i18n"
)

// A step-up approved on the phone: the session that needs a fresh second
// factor for one action (a ПЭП of a document) asks the account's phones,
// which see what is confirmed (the action, the document's name and the
// start of its SHA-256) and who asks, and pick the number the asking
// screen shows, as for a sign-in. The request is bound to the asking
// session, the action and the document's hash; spent once, by that
// session, for that action and document, it makes the session's step-up
// fresh as any other factor does.

// Purpose is what a step-up approval confirms.
type Purpose struct {
	Action  string // a shared.StepUp* action
	Subject string // shown on the phone: the document's name
	SHA256  []byte // the document's hash the approval is for
}

// StartStepUpApproval asks the account's phones (other than this
// session's) to approve a step-up of sess for p, and returns what the
// asking screen shows (the number) and waits with (POST /login/qr/{id}/wait
// with the secret). CodeNoFactor when no phone can approve.
func (s *Service) StartStepUpApproval(ctx context.Context, sess *Session, p Purpose, m api.Meta) (shared.QRTicket, error) {
	if err := s.throttle.Hit(ctx, "stepup:"+sess.AccountID); err != nil {
		return shared.QRTicket{}, err
	}
	id, secret, filler, err := ticketTokens() // the code is never shown
	if err != nil {
		return shared.QRTicket{}, err
	}
	number, choices := numberChoices()
	now := time.Now().UTC().Truncate(time.Microsecond)
	out := shared.QRTicket{ID: id, Secret: secret, Number: number, CodeUntil: now.Add(s.cfg.QRTTL), ExpiresAt: now.Add(s.cfg.QRTTL)}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		phones, err := s.otherApprovers(ctx, tx, sess)
		if err != nil {
			return err
		}
		if len(phones) == 0 {
			return shared.E(shared.CodeNoFactor)
		}
		_, err = tx.NewRaw(`INSERT INTO qr_tickets (id, kind, secret_hash, code_hash, code_until, number, choices, ip, user_agent,
			status, account_id, expires_at, session_id, action, subject, subject_sha256)
			VALUES (?, 'step_up', ?, ?, ?, ?, ?, ?, ?, 'scanned', ?, ?, ?, ?, ?, ?)`,
			id, secretHash(secret), secretHash(filler), out.CodeUntil, number, pgdialect.Array(choices), m.IP, m.UserAgent,
			sess.AccountID, out.ExpiresAt, sess.ID, p.Action, p.Subject, p.SHA256).Exec(ctx)
		if err != nil {
			return fmt.Errorf("auth.StartStepUpApproval: %w", err)
		}
		msg := notify.PushMessage{Title: i18n.T(i18n.RU, "push.stepup.title"), Path: "/qr?id=" + id, Icon: "/web/icons/icon-192.png",
			Body: i18n.T(i18n.RU, "push.stepup."+p.Action, p.Subject, audit.DeviceName(m.UserAgent), m.IP)}
		if s.push != nil {
			if err := s.push.Send(ctx, tx, phones, msg, s.cfg.QRTTL); err != nil {
				return err
			}
		}
		return s.hub.Wake(ctx, tx, accountKey(sess.AccountID)) // phones with the app open
	})
	return out, err
}

// otherApprovers are the account's sessions that can approve, but sess.
func (s *Service) otherApprovers(ctx context.Context, db bun.IDB, sess *Session) ([][]byte, error) {
	all, err := approvers(ctx, db, sess.AccountID)
	out := all[:0]
	for _, id := range all {
		if string(id) != string(sess.ID) {
			out = append(out, id)
		}
	}
	return out, err
}

// CanApproveStepUp reports whether another of the account's sessions
// can approve a step-up of sess (the dialog offers it then).
func (s *Service) CanApproveStepUp(ctx context.Context, sess *Session) (bool, error) {
	phones, err := s.otherApprovers(ctx, s.db, sess)
	return len(phones) > 0, err
}

// StepUpByApproval spends the approved request id for sess's step-up for
// p: the session's second factor becomes fresh, as with any other
// factor, and the step-up is journalled with the method "push". A
// request of another session, action or document is CodeApprovalMismatch;
// a declined one CodeQRDenied; one not approved (yet), expired or spent
// CodeCodeExpired.
func (s *Service) StepUpByApproval(ctx context.Context, sess *Session, id string, p Purpose, m api.Meta) error {
	if err := s.throttle.Hit(ctx, "stepup:"+sess.AccountID); err != nil {
		return err
	}
	if id == "" || len(id) > 100 {
		return &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{"approval": {Code: shared.CodeRequired}}}
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var row struct {
			Status  string `bun:"status"`
			Expired bool   `bun:"expired"`
			Bound   bool   `bun:"bound"`
		}
		err := tx.NewRaw(`SELECT status, expires_at <= now() AS expired,
				session_id = ? AND action = ? AND subject_sha256 = ? AS bound
			FROM qr_tickets WHERE id = ? AND kind = 'step_up' AND account_id = ? FOR UPDATE`,
			sess.ID, p.Action, p.SHA256, id, sess.AccountID).Scan(ctx, &row)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return shared.E(shared.CodeCodeExpired)
		case err != nil:
			return fmt.Errorf("auth.StepUpByApproval: %w", err)
		case !row.Bound:
			return shared.E(shared.CodeApprovalMismatch)
		case row.Status == shared.QRDenied:
			return shared.E(shared.CodeQRDenied)
		case row.Status != shared.QRApproved || row.Expired:
			return shared.E(shared.CodeCodeExpired)
		}
		if _, err := tx.NewRaw(`UPDATE qr_tickets SET status = 'consumed', updated_at = now() WHERE id = ?`, id).Exec(ctx); err != nil {
			return fmt.Errorf("auth.StepUpByApproval: %w", err)
		}
		if err := s.stepUp(ctx, tx, sess); err != nil {
			return err
		}
		return s.journal.Append(ctx, tx, audit.Entry{AccountID: sess.AccountID, Kind: shared.JournalStepUp, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"method": shared.FactorPush, "action": p.Action, "subject": p.Subject}})
	})
}
