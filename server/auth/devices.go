package auth

import (
	"context"
	"encoding/hex"
	"fmt"
	"net"
	"slices"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/shared"
)

// handle is the public id of a session: the hex of its stored id (itself
// a hash of the cookie token, so it cannot be turned back into a cookie).
func handle(id []byte) string { return hex.EncodeToString(id) }

// Sessions lists the account's live sessions, the caller's marked current.
func (s *Service) Sessions(ctx context.Context, accountID string, current []byte) (shared.SessionList, error) {
	var rows []Session
	err := s.db.NewSelect().Model(&rows).
		Column("id", "account_id", "methods", "ip", "user_agent", "created_at", "last_seen_at", "idle_expires_at", "expires_at", "kiosk_id").
		Where("account_id = ? AND revoked_at IS NULL AND idle_expires_at > now() AND expires_at > now()", accountID).
		OrderExpr("last_seen_at DESC").Limit(100).Scan(ctx)
	if err != nil {
		return shared.SessionList{}, fmt.Errorf("auth.Sessions: %w", err)
	}
	out := shared.SessionList{Items: make([]shared.SessionItem, 0, len(rows))}
	for _, r := range rows {
		item := shared.SessionItem{
			ID: handle(r.ID), Device: audit.DeviceName(r.UserAgent), IP: r.IP, Place: place(r.IP), Methods: r.Methods,
			CreatedAt: r.CreatedAt, LastSeenAt: r.LastSeenAt, Current: string(r.ID) == string(current),
		}
		if r.KioskID != nil {
			if k, err := s.kiosk(ctx, s.db, *r.KioskID); err == nil {
				item.Kiosk = k.Name + ", " + k.Centre
			}
		}
		out.Items = append(out.Items, item)
	}
	return out, nil
}

// RevokeOne signs out one of the account's own sessions; another than the
// caller's only after a fresh re-authentication (RequireFresh). A handle of
// another account's session is not found: nobody can end someone else's.
func (s *Service) RevokeOne(ctx context.Context, sess *Session, id string, m api.Meta) error {
	raw, err := hex.DecodeString(id)
	if err != nil || len(raw) != 32 {
		return shared.E(shared.CodeNotFound)
	}
	if string(raw) != string(sess.ID) { // signing oneself out needs no proof
		if err := s.RequireFresh(ctx, s.db, sess); err != nil {
			return err
		}
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := lockChainFirst(ctx, tx, sess.AccountID); err != nil {
			return err
		}
		res, err := tx.NewUpdate().Model((*Session)(nil)).
			Set("revoked_at = now(), revoke_reason = 'signed_out_by_owner'").
			Where("id = ? AND account_id = ? AND revoked_at IS NULL", raw, sess.AccountID).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return shared.E(shared.CodeNotFound)
		}
		return s.journal.Append(ctx, tx, audit.Entry{AccountID: sess.AccountID, Kind: shared.JournalSessionRevoked, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"scope": "one"}})
	})
}

// RevokeOthers signs out every session of the account but the caller's.
// Like ending one of them, it asks for a fresh re-authentication (ASVS
// 7.5.2): whoever holds a stolen session must not shut the owner out.
func (s *Service) RevokeOthers(ctx context.Context, sess *Session, m api.Meta) error {
	if err := s.RequireFresh(ctx, s.db, sess); err != nil {
		return err
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := s.RevokeAll(ctx, tx, sess.AccountID, sess.ID, "signed_out_by_owner"); err != nil {
			return err
		}
		return s.journal.Append(ctx, tx, audit.Entry{AccountID: sess.AccountID, Kind: shared.JournalSessionRevoked, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"scope": "others"}})
	})
}

// network is the part of an IP address that names a network: /24 for
// IPv4, /48 for IPv6.
func network(ip string) string {
	p := net.ParseIP(ip)
	switch {
	case p == nil:
		return ip
	case p.To4() != nil:
		return p.Mask(net.CIDRMask(24, 32)).String()
	default:
		return p.Mask(net.CIDRMask(48, 128)).String()
	}
}

// newDevice says what is new about a sign-in — "device" (a browser) and
// "network" — against the addresses and browsers the account signed in
// from in the last 180 days; nothing when it has none (the very first
// sign-in is not news). openSession journals it and, unless the sign-in
// sends a notice of its own (QR), announces it.
func newDevice(ips, agents []string, m api.Meta) []string {
	if len(ips) == 0 && len(agents) == 0 {
		return nil
	}
	var what []string
	if !slices.Contains(agents, m.UserAgent) {
		what = append(what, "device")
	}
	if !slices.ContainsFunc(ips, func(ip string) bool { return network(ip) == network(m.IP) }) {
		what = append(what, "network")
	}
	return what
}
