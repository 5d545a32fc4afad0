package auth

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/notify"
	"kabinet/shared"
	"kabinet/shared/i18n"
)

// Approval on the phone: after a right password, the person's phone that
// is signed in with a second factor gets the request (in the app at once,
// and by Web Push when it subscribed), sees who asks, and picks the number
// shown on the screen. The request is a QR ticket of kind "push": its
// account is known, so it starts as scanned; its id is never shown as a
// code. The screen waits for it like for a QR and then finishes its
// password step with Method "push".

// strongMethods are what makes a session able to approve a sign-in: it
// was opened with more than a password.
var strongMethods = []string{shared.FactorPasskey, shared.FactorTOTP, shared.FactorSMS, shared.FactorRecovery}

// strong reports whether the session was opened with a second factor on
// the person's own device (not a shared kiosk).
func strong(sess *Session) bool {
	if sess.KioskID != nil {
		return false
	}
	for _, m := range sess.Methods {
		if containsMethod(strongMethods, m) {
			return true
		}
	}
	return false
}

// approvers are the account's live sessions that can approve a sign-in.
func approvers(ctx context.Context, db bun.IDB, accountID string) ([][]byte, error) {
	var ids [][]byte
	err := db.NewRaw(`SELECT id FROM sessions WHERE account_id = ? AND revoked_at IS NULL AND kiosk_id IS NULL
		AND idle_expires_at > now() AND expires_at > now() AND methods && ?`, accountID, pgdialect.Array(strongMethods)).Scan(ctx, &ids)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("auth.approvers: %w", err)
	}
	return ids, nil
}

func accountKey(accountID string) string { return "acct:" + accountID }

// StartPushApproval sends the sign-in of the ticket to the account's
// phones and returns what the screen shows (the number) and needs (the
// secret to wait with).
func (s *Service) StartPushApproval(ctx context.Context, ticketID string, m api.Meta) (shared.QRTicket, error) {
	if err := s.throttle.Hit(ctx, "login:"+m.IP); err != nil {
		return shared.QRTicket{}, err
	}
	t, err := s.liveTicket(ctx, ticketID)
	if err != nil {
		return shared.QRTicket{}, err
	}
	id, secret, filler, err := ticketTokens() // a push request's code is never shown
	if err != nil {
		return shared.QRTicket{}, err
	}
	number, choices := numberChoices()
	now := time.Now().UTC().Truncate(time.Microsecond)
	out := shared.QRTicket{ID: id, Secret: secret, Number: number, CodeUntil: now.Add(s.cfg.QRTTL), ExpiresAt: now.Add(s.cfg.QRTTL)}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		phones, err := approvers(ctx, tx, t.AccountID)
		if err != nil {
			return err
		}
		if len(phones) == 0 {
			return shared.E(shared.CodeNoFactor)
		}
		_, err = tx.NewRaw(`INSERT INTO qr_tickets (id, kind, login_ticket, secret_hash, code_hash, code_until, number, choices,
			ip, user_agent, status, account_id, expires_at) VALUES (?, 'push', ?, ?, ?, ?, ?, ?, ?, ?, 'scanned', ?, ?)`,
			id, ticketID, secretHash(secret), secretHash(filler), out.CodeUntil, number, pgdialect.Array(choices),
			m.IP, m.UserAgent, t.AccountID, out.ExpiresAt).Exec(ctx)
		if err != nil {
			return fmt.Errorf("auth.StartPushApproval: %w", err)
		}
		msg := notify.PushMessage{Title: i18n.T(i18n.RU, "push.title"), Path: "/qr?id=" + id, Icon: "/web/icons/icon-192.png",
			Body: i18n.T(i18n.RU, "push.body", audit.DeviceName(m.UserAgent), m.IP)}
		if s.push != nil {
			if err := s.push.Send(ctx, tx, phones, msg, s.cfg.QRTTL); err != nil {
				return err
			}
		}
		return s.hub.Wake(ctx, tx, accountKey(t.AccountID)) // phones with the app open
	})
	return out, err
}

// Approvals lists the requests waiting for the account's phone: sign-ins
// and step-ups, but not the step-ups the asking session (sessionID)
// made itself: it cannot approve its own.
func (s *Service) Approvals(ctx context.Context, accountID string, sessionID []byte) (shared.ApprovalList, error) {
	var rows []struct {
		ID        string    `bun:"id"`
		Kind      string    `bun:"kind"`
		Choices   []int     `bun:"choices,array"`
		IP        string    `bun:"ip"`
		UserAgent string    `bun:"user_agent"`
		ExpiresAt time.Time `bun:"expires_at"`
		Action    string    `bun:"action"`
		Subject   string    `bun:"subject"`
		SHA256    []byte    `bun:"subject_sha256"`
	}
	err := s.db.NewRaw(`SELECT id, kind, choices, ip, user_agent, expires_at, action, subject, subject_sha256 FROM qr_tickets
		WHERE kind IN ('push', 'step_up') AND account_id = ? AND status = 'scanned' AND expires_at > now()
			AND session_id IS DISTINCT FROM ? ORDER BY created_at DESC LIMIT 10`, accountID, sessionID).Scan(ctx, &rows)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return shared.ApprovalList{}, fmt.Errorf("auth.Approvals: %w", err)
	}
	out := shared.ApprovalList{Items: make([]shared.QRRequest, 0, len(rows))}
	for _, r := range rows {
		out.Items = append(out.Items, shared.QRRequest{ID: r.ID, Kind: r.Kind, Device: audit.DeviceName(r.UserAgent), IP: r.IP, Place: place(r.IP),
			Choices: r.Choices, ExpiresAt: r.ExpiresAt, Action: r.Action, Subject: r.Subject, SubjectHash: hashStart(r.SHA256)})
	}
	return out, nil
}

// hashStart is the first 8 bytes of a hash in hex, in groups of four
// digits, as the phone shows it ("" for none).
func hashStart(h []byte) string {
	if len(h) == 0 {
		return ""
	}
	x := hex.EncodeToString(h[:min(8, len(h))])
	var b strings.Builder
	for i := 0; i < len(x); i += 4 {
		b.WriteString(x[i:min(i+4, len(x))] + " ")
	}
	return b.String() + "…"
}

// WaitApprovals answers when the list differs from seen (ids), or after
// qrWaitMax: the phone's app learns of a new request at once.
func (s *Service) WaitApprovals(ctx context.Context, accountID string, sessionID []byte, seen []string) (shared.ApprovalList, error) {
	woken, stop := s.hub.Subscribe(accountKey(accountID))
	defer stop()
	deadline := time.NewTimer(qrWaitMax)
	defer deadline.Stop()
	for {
		l, err := s.Approvals(ctx, accountID, sessionID)
		if err != nil || !sameIDs(l.Items, seen) {
			return l, err
		}
		select {
		case <-woken:
		case <-time.After(qrRecheck):
		case <-deadline.C:
			return l, nil
		case <-s.hub.Stopping():
			return l, errStopping()
		case <-ctx.Done():
			return l, nil // the client went (api.LongPoll): nobody reads it
		}
	}
}

func sameIDs(items []shared.QRRequest, ids []string) bool {
	if len(items) != len(ids) {
		return false
	}
	for _, it := range items {
		if !containsMethod(ids, it.ID) {
			return false
		}
	}
	return true
}

// Approval is one waiting request of the account (the /qr?id= page).
func (s *Service) Approval(ctx context.Context, accountID string, sessionID []byte, id string) (shared.QRRequest, error) {
	l, err := s.Approvals(ctx, accountID, sessionID)
	if err != nil {
		return shared.QRRequest{}, err
	}
	for _, it := range l.Items {
		if it.ID == id {
			return it, nil
		}
	}
	return shared.QRRequest{}, shared.E(shared.CodeCodeExpired) // decided, expired, or not this account's
}

// checkPush spends the approved request of the sign-in ticket.
func (s *Service) checkPush(ctx context.Context, tx bun.IDB, accountID, id, ticket string) error {
	var status string
	err := tx.NewRaw(`UPDATE qr_tickets SET status = 'consumed', updated_at = now()
		WHERE id = ? AND kind = 'push' AND login_ticket = ? AND account_id = ? AND status = 'approved' AND expires_at > now()
		RETURNING status`, id, ticket, accountID).Scan(ctx, &status)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("auth.checkPush: %w", err)
	}
	err = tx.NewRaw(`SELECT status FROM qr_tickets WHERE id = ? AND kind = 'push' AND login_ticket = ?`, id, ticket).Scan(ctx, &status)
	if err == nil && status == shared.QRDenied {
		return shared.E(shared.CodeQRDenied)
	}
	return shared.E(shared.CodeCodeExpired)
}
