package auth

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"net"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/qrcode"
	"kabinet/shared"
)

// QR sign-in. A kiosk or a desktop browser asks for a ticket and shows its
// code as a QR that changes every QRRotate; the person's signed-in phone
// opens it (first scan wins), sees who asks, picks the number shown on the
// big screen among three and confirms with a second factor. The screen,
// waiting on any server process, is woken through LISTEN/NOTIFY and
// finishes the sign-in with the secret only it holds.

// qrWaitMax is how long one wait request is held open; qrRecheck is how
// often a waiter re-reads the state in case a wake-up was lost.
const (
	qrWaitMax = 25 * time.Second
	qrRecheck = 10 * time.Second
	// qrGrace is how long a rotated-out code still opens the ticket.
	qrGrace = 10 * time.Second
)

// errStopping answers a long poll cut short because the server is
// stopping: 503 with Retry-After, which the screens treat as a network
// blink and ask again — by then of the restarted server.
func errStopping() error { return &shared.Error{Code: shared.CodeUnavailable, RetryAfter: 2} }

func randomToken(n int) (string, error) {
	raw := make([]byte, n)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(raw), nil
}

func randomInt(lo, hi int) int {
	n, err := rand.Int(rand.Reader, big.NewInt(int64(hi-lo+1)))
	if err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return lo + int(n.Int64())
}

// numberChoices is the number for the big screen and the three choices
// the phone offers (the number among two others, in random order).
func numberChoices() (int, []int) {
	number := randomInt(10, 99)
	choices := []int{number}
	for len(choices) < 3 {
		if c := randomInt(10, 99); !slices.Contains(choices, c) {
			choices = append(choices, c)
		}
	}
	for i := len(choices) - 1; i > 0; i-- {
		j := randomInt(0, i)
		choices[i], choices[j] = choices[j], choices[i]
	}
	return number, choices
}

// ticketTokens are a new ticket's id, the secret of the browser that
// shows it, and its first code.
func ticketTokens() (id, secret, code string, err error) {
	if id, err = randomToken(18); err != nil {
		return
	}
	if secret, err = randomToken(32); err != nil {
		return
	}
	code, err = randomToken(16)
	return
}

// qrShown is what the screen needs to show the current code.
func (s *Service) qrShown(t *shared.QRTicket, code string) error {
	t.URL = s.cfg.PublicURL + "/qr?c=" + code
	var err error
	t.QRPath, t.QRSize, err = qrcode.Path(t.URL)
	return err
}

// StartQR creates a ticket for the screen making the request.
func (s *Service) StartQR(ctx context.Context, m api.Meta) (shared.QRTicket, error) {
	if err := s.throttle.Hit(ctx, "qr:"+m.IP); err != nil {
		return shared.QRTicket{}, err
	}
	id, secret, code, err := ticketTokens()
	if err != nil {
		return shared.QRTicket{}, err
	}
	number, choices := numberChoices()
	now := time.Now().UTC().Truncate(time.Microsecond)
	t := shared.QRTicket{ID: id, Secret: secret, Number: number, CodeUntil: now.Add(s.cfg.QRRotate), ExpiresAt: now.Add(s.cfg.QRTTL)}
	if m.KioskID != "" {
		if t.Kiosk, err = s.kiosk(ctx, s.db, m.KioskID); err != nil {
			return shared.QRTicket{}, err
		}
	}
	_, err = s.db.NewRaw(`INSERT INTO qr_tickets (id, secret_hash, code_hash, code_until, number, choices, kiosk_id, ip, user_agent, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, secretHash(secret), secretHash(code), t.CodeUntil, number, pgdialect.Array(choices),
		nullable(m.KioskID), m.IP, m.UserAgent, t.ExpiresAt).Exec(ctx)
	if err != nil {
		return shared.QRTicket{}, fmt.Errorf("auth.StartQR: %w", err)
	}
	return t, s.qrShown(&t, code)
}

// RotateQR replaces the ticket's code (the old one stops working) while
// nobody has scanned it.
func (s *Service) RotateQR(ctx context.Context, id, secret string) (shared.QRTicket, error) {
	code, err := randomToken(16)
	if err != nil {
		return shared.QRTicket{}, err
	}
	t := shared.QRTicket{ID: id}
	var kioskID *string
	err = s.db.NewRaw(`UPDATE qr_tickets SET prev_code_hash = code_hash, prev_code_until = now() + ?::interval,
			code_hash = ?, code_until = LEAST(now() + ?::interval, expires_at), updated_at = now()
		WHERE id = ? AND secret_hash = ? AND status = 'pending' AND expires_at > now()
		RETURNING number, code_until, expires_at, kiosk_id`,
		fmt.Sprintf("%d milliseconds", qrGrace.Milliseconds()), secretHash(code),
		fmt.Sprintf("%d milliseconds", s.cfg.QRRotate.Milliseconds()), id, secretHash(secret)).
		Scan(ctx, &t.Number, &t.CodeUntil, &t.ExpiresAt, &kioskID)
	if errors.Is(err, sql.ErrNoRows) {
		return t, shared.E(shared.CodeCodeExpired)
	}
	if err != nil {
		return t, fmt.Errorf("auth.RotateQR: %w", err)
	}
	if kioskID != nil {
		if t.Kiosk, err = s.kiosk(ctx, s.db, *kioskID); err != nil {
			return t, err
		}
	}
	return t, s.qrShown(&t, code)
}

// QRState reads the ticket's state for the screen that holds its secret.
// An unknown ticket or a wrong secret is CodeNotFound.
func (s *Service) QRState(ctx context.Context, id, secret string) (shared.QRStatus, error) {
	var row struct {
		Status  string `bun:"status"`
		Reason  string `bun:"deny_reason"`
		Expired bool   `bun:"expired"`
	}
	err := s.db.NewRaw(`SELECT status, deny_reason, expires_at <= now() AS expired FROM qr_tickets WHERE id = ? AND secret_hash = ?`,
		id, secretHash(secret)).Scan(ctx, &row)
	if errors.Is(err, sql.ErrNoRows) {
		return shared.QRStatus{}, shared.E(shared.CodeNotFound)
	}
	if err != nil {
		return shared.QRStatus{}, fmt.Errorf("auth.QRState: %w", err)
	}
	st := shared.QRStatus{Status: row.Status, Reason: row.Reason}
	if row.Expired && row.Status != shared.QRConsumed && row.Status != shared.QRDenied {
		st = shared.QRStatus{Status: shared.QRExpired}
	}
	return st, nil
}

// WaitQR answers as soon as the ticket's state differs from seen, or
// after qrWaitMax with the state unchanged. The phone's change may happen
// on another server process: its NOTIFY wakes this one.
func (s *Service) WaitQR(ctx context.Context, id, secret, seen string) (shared.QRStatus, error) {
	woken, stop := s.hub.Subscribe(id)
	defer stop()
	deadline := time.NewTimer(qrWaitMax)
	defer deadline.Stop()
	for {
		st, err := s.QRState(ctx, id, secret)
		if err != nil || st.Status != seen {
			return st, err
		}
		select {
		case <-woken:
		case <-time.After(qrRecheck):
		case <-deadline.C:
			return st, nil
		case <-s.hub.Stopping():
			return st, errStopping()
		case <-ctx.Done():
			return st, nil // the client went (api.LongPoll): nobody reads it
		}
	}
}

// FinishQR opens the session of an approved ticket, once, for the
// browser holding its secret.
func (s *Service) FinishQR(ctx context.Context, id, secret string, m api.Meta) (string, *Session, error) {
	var token string
	var sess *Session
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var row struct {
			AccountID string   `bun:"account_id"`
			Methods   []string `bun:"methods,array"`
			KioskID   *string  `bun:"kiosk_id"`
		}
		err := tx.NewRaw(`UPDATE qr_tickets SET status = 'consumed', updated_at = now()
			WHERE id = ? AND secret_hash = ? AND status = 'approved' AND expires_at > now()
			RETURNING account_id, methods, kiosk_id`, id, secretHash(secret)).Scan(ctx, &row)
		if errors.Is(err, sql.ErrNoRows) {
			st, err := s.QRState(ctx, id, secret)
			switch {
			case err != nil:
				return err
			case st.Status == shared.QRDenied:
				return shared.E(shared.CodeQRDenied)
			}
			return shared.E(shared.CodeCodeExpired) // expired, not yet approved, or already used
		}
		if err != nil {
			return fmt.Errorf("auth.FinishQR: %w", err)
		}
		acc, err := s.accounts.Get(ctx, row.AccountID)
		if err != nil {
			return err
		}
		if acc.Status == shared.StatusBlocked {
			return shared.E(shared.CodeAccountBlocked)
		}
		// The session lives on the screen's browser: the kiosk is the one
		// the ticket was made on, whatever this request claims.
		m.KioskID = ""
		if row.KioskID != nil {
			m.KioskID = *row.KioskID
		}
		la := loginAccountOf(acc)
		token, sess, err = s.openSession(ctx, tx, la, opening{methods: append([]string{shared.FactorQR}, row.Methods...)}, m)
		if err != nil {
			return err
		}
		return s.signInNotice(ctx, tx, la, "msg.qr_login", m)
	})
	return token, sess, err
}

// ScanQR is the phone opening a code: the first phone to do so holds the
// ticket; the same phone may open it again while it decides.
func (s *Service) ScanQR(ctx context.Context, sess *Session, acc shared.Account, code string, m api.Meta) (shared.QRRequest, error) {
	if err := s.throttle.Hit(ctx, "qrscan:"+acc.ID); err != nil {
		return shared.QRRequest{}, err
	}
	if code == "" || len(code) > 100 {
		return shared.QRRequest{}, &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{"code": {Code: shared.CodeRequired}}}
	}
	var row struct {
		ID        string    `bun:"id"`
		Kind      string    `bun:"kind"`
		AccountID *string   `bun:"account_id"`
		Status    string    `bun:"status"`
		Choices   []int     `bun:"choices,array"`
		KioskID   *string   `bun:"kiosk_id"`
		IP        string    `bun:"ip"`
		UserAgent string    `bun:"user_agent"`
		ExpiresAt time.Time `bun:"expires_at"`
	}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		h := secretHash(code)
		// The shown code is good for the grace past its own deadline as
		// well: the screen's rotation can come late (a busy kiosk, a
		// throttled tab), and a code read just before must not fail.
		grace := fmt.Sprintf("%d milliseconds", qrGrace.Milliseconds())
		err := tx.NewRaw(`UPDATE qr_tickets SET status = 'scanned', account_id = ?, updated_at = now()
			WHERE (code_hash = ? AND code_until + ?::interval > now() OR prev_code_hash = ? AND prev_code_until > now())
				AND expires_at > now() AND status = 'pending'
			RETURNING id, kind, account_id, status, choices, kiosk_id, ip, user_agent, expires_at`, acc.ID, h, grace, h).Scan(ctx, &row)
		if err == nil {
			return s.hub.Wake(ctx, tx, row.ID)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		// Not pending any more: someone scanned it first, or it is gone.
		err = tx.NewRaw(`SELECT id, kind, account_id, status, choices, kiosk_id, ip, user_agent, expires_at FROM qr_tickets
			WHERE (code_hash = ? OR prev_code_hash = ? AND prev_code_until > now()) AND expires_at > now()`, h, h).Scan(ctx, &row)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return shared.E(shared.CodeCodeExpired)
		case err != nil:
			return err
		case row.Status == shared.QRPending:
			return shared.E(shared.CodeCodeExpired) // nobody scanned it: the code is old
		case row.AccountID == nil || *row.AccountID != acc.ID:
			return shared.E(shared.CodeQRTaken)
		case row.Status != shared.QRScanned:
			return shared.E(shared.CodeCodeExpired) // this phone already decided
		}
		return nil
	})
	if err != nil {
		if _, ok := shared.AsError(err); !ok {
			err = fmt.Errorf("auth.ScanQR: %w", err)
		}
		return shared.QRRequest{}, err
	}
	out := shared.QRRequest{ID: row.ID, Kind: row.Kind, Device: audit.DeviceName(row.UserAgent), IP: row.IP, Place: place(row.IP),
		Choices: row.Choices, ExpiresAt: row.ExpiresAt}
	if row.KioskID != nil {
		if out.Kiosk, err = s.kiosk(ctx, s.db, *row.KioskID); err != nil {
			return shared.QRRequest{}, err
		}
	}
	return out, nil
}

// place is what can be said of where an address is without a geolocation
// database: the machine itself, a local network, or nothing ("").
func place(ip string) string {
	p := net.ParseIP(ip)
	switch {
	case p == nil:
		return ""
	case p.IsLoopback():
		return "loopback"
	case p.IsPrivate() || p.IsLinkLocalUnicast():
		return "private"
	}
	return ""
}

// ApproveQR lets the screen in: the number must be the one on the big
// screen (a wrong one denies the ticket for good), and the phone's session
// must have proved a second factor within the step-up window or prove one
// now.
func (s *Service) ApproveQR(ctx context.Context, sess *Session, acc shared.Account, id string, req shared.QRApproveRequest, m api.Meta) error {
	if err := s.throttle.Hit(ctx, "qrscan:"+acc.ID); err != nil {
		return err
	}
	if req.Factor != nil {
		if err := req.Factor.Validate(); err != nil {
			return err
		}
	}
	denied := false
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var t struct {
			Number    int     `bun:"number"`
			Kind      string  `bun:"kind"`
			KioskID   *string `bun:"kiosk_id"`
			IP        string  `bun:"ip"`
			UserAgent string  `bun:"user_agent"`
			Own       bool    `bun:"own"`
			Action    string  `bun:"action"`
			Subject   string  `bun:"subject"`
		}
		err := tx.NewRaw(`SELECT number, kind, kiosk_id, ip, user_agent, session_id IS NOT DISTINCT FROM ? AS own, action, subject FROM qr_tickets
			WHERE id = ? AND account_id = ? AND status = 'scanned' AND expires_at > now() FOR UPDATE`, sess.ID, id, acc.ID).Scan(ctx, &t)
		if errors.Is(err, sql.ErrNoRows) {
			return shared.E(shared.CodeCodeExpired)
		}
		if err != nil {
			return err
		}
		details := map[string]string{"ip": t.IP, "device": audit.DeviceName(t.UserAgent), "kind": t.Kind}
		if t.KioskID != nil {
			details["kiosk"] = *t.KioskID
		}
		if t.Kind == shared.QRKindStepUp {
			if t.Own {
				return shared.E(shared.CodeApprovalMismatch) // a session does not approve its own step-up
			}
			details["action"], details["subject"] = t.Action, t.Subject
		}
		if req.Number != t.Number {
			denied = true
			return s.closeQR(ctx, tx, acc.ID, id, shared.QRWrongNumber, details, m)
		}
		var methods []string
		switch {
		case req.Factor != nil:
			if err := s.verifySecond(ctx, tx, acc, *req.Factor, binding{purpose: purposeStepUp, sessionID: sess.ID}, m); err != nil {
				return err
			}
			if err := s.stepUp(ctx, tx, sess); err != nil {
				return err
			}
			methods = []string{req.Factor.Method}
		case fresh(sess):
			methods = []string{} // the phone proved a factor minutes ago: the QR says it all
		case (t.Kind == shared.QRKindPush || t.Kind == shared.QRKindStepUp) && strong(sess):
			methods = []string{} // the phone was signed in with a second factor: it is the factor
		default:
			return shared.E(shared.CodeStepUpRequired)
		}
		if _, err := tx.NewRaw(`UPDATE qr_tickets SET status = 'approved', methods = ?, updated_at = now() WHERE id = ?`,
			pgdialect.Array(methods), id).Exec(ctx); err != nil {
			return err
		}
		details["methods"] = strings.Join(methods, ",")
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalQRApproved, IP: m.IP, UserAgent: m.UserAgent, Details: details}); err != nil {
			return err
		}
		return s.wakeDecided(ctx, tx, acc.ID, id)
	})
	if err == nil && denied {
		return &shared.Error{Code: shared.CodeQRDenied, Fields: map[string]shared.FieldError{"number": {Code: shared.CodeQRDenied}}}
	}
	return err
}

// DenyQR declines the sign-in from the phone.
func (s *Service) DenyQR(ctx context.Context, acc shared.Account, id string, m api.Meta) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var ip, ua, kind, action, subject string
		err := tx.NewRaw(`SELECT ip, user_agent, kind, action, subject FROM qr_tickets WHERE id = ? AND account_id = ? AND status = 'scanned' FOR UPDATE`,
			id, acc.ID).Scan(ctx, &ip, &ua, &kind, &action, &subject)
		if errors.Is(err, sql.ErrNoRows) {
			return shared.E(shared.CodeCodeExpired)
		}
		if err != nil {
			return err
		}
		details := map[string]string{"ip": ip, "device": audit.DeviceName(ua), "kind": kind}
		if kind == shared.QRKindStepUp {
			details["action"], details["subject"] = action, subject
		}
		return s.closeQR(ctx, tx, acc.ID, id, shared.QRDeclined, details, m)
	})
}

// closeQR denies the ticket for the reason, journals it and wakes the screen.
func (s *Service) closeQR(ctx context.Context, tx bun.IDB, accountID, id, reason string, details map[string]string, m api.Meta) error {
	if _, err := tx.NewRaw(`UPDATE qr_tickets SET status = 'denied', deny_reason = ?, updated_at = now() WHERE id = ?`, reason, id).Exec(ctx); err != nil {
		return err
	}
	details["reason"] = reason
	if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: accountID, Kind: shared.JournalQRDenied, IP: m.IP, UserAgent: m.UserAgent, Details: details}); err != nil {
		return err
	}
	return s.wakeDecided(ctx, tx, accountID, id)
}

// wakeDecided wakes, when tx commits, the screen waiting for the ticket
// and the account's phones waiting for their list of approvals: a decided
// request leaves that list, and a banner left waiting for the next
// re-read stayed up ~10 s over «Вход разрешён». (For a scanned QR the
// list does not change; its waiters re-read and wait on.)
func (s *Service) wakeDecided(ctx context.Context, tx bun.IDB, accountID, id string) error {
	if err := s.hub.Wake(ctx, tx, id); err != nil {
		return err
	}
	return s.hub.Wake(ctx, tx, accountKey(accountID))
}
