package auth

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/shared"
)

// limitSessions keeps the account within cfg.SessionMax open sessions
// (ASVS 7.1.2): the sign-in that opened keep ends the sessions beyond the
// limit, least recently used first (use is recorded to within a touch
// step, SESSION_TOUCH_STEP), journals each, and tells the person
// which device was signed out — if the new sign-in was not theirs, the
// notice is how they learn. Runs in the sign-in's transaction.
func (s *Service) limitSessions(ctx context.Context, tx bun.IDB, acc LoginAccount, keep []byte, m api.Meta) error {
	var ended []Session
	err := tx.NewRaw(`UPDATE sessions SET revoked_at = now(), revoke_reason = 'session_limit'
		WHERE id IN (SELECT id FROM sessions
			WHERE account_id = ? AND id <> ? AND revoked_at IS NULL AND idle_expires_at > now() AND expires_at > now()
			ORDER BY last_seen_at DESC OFFSET ?)
		RETURNING ip, user_agent`, acc.ID, keep, s.cfg.SessionMax-1).Scan(ctx, &ended)
	if err != nil {
		return fmt.Errorf("auth.limitSessions: %w", err)
	}
	if len(ended) == 0 {
		return nil
	}
	devices := make([]string, 0, len(ended))
	for _, e := range ended {
		devices = append(devices, audit.DeviceName(e.UserAgent)+" ("+e.IP+")")
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalSessionLimit, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"device": audit.DeviceName(e.UserAgent), "ip": e.IP, "limit": fmt.Sprint(s.cfg.SessionMax)}}); err != nil {
			return err
		}
	}
	list := strings.Join(devices, ", ")
	return s.tellOwner(ctx, tx, acc, "msg.session_limit",
		[]any{s.cfg.SessionMax, list, s.cfg.PublicURL + "/sessions"}, []any{s.cfg.SessionMax, list})
}
