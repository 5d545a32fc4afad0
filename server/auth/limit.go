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

// limitSQL keeps the account within cfg.SessionMax open sessions (ASVS
// 7.1.2): a data-modifying statement for openSession's, with the SQL
// parameters account (its id), prior (the browser's earlier session,
// ended beside it, so not counted) and keep (SessionMax-1). It ends the
// sessions beyond the limit, least recently used first (use is recorded
// to within a touch step, SESSION_TOUCH_STEP), and returns their
// addresses and browsers. The new session is not among them: a statement
// does not see its own insert.
func limitSQL(account, prior, keep string) string {
	return `UPDATE sessions SET revoked_at = now(), revoke_reason = 'session_limit'
	WHERE id IN (SELECT id FROM sessions
		WHERE account_id = ` + account + ` AND id IS DISTINCT FROM ` + prior + ` AND revoked_at IS NULL AND idle_expires_at > now() AND expires_at > now()
		ORDER BY last_seen_at DESC OFFSET ` + keep + `)
	RETURNING ip, user_agent`
}

// limitEntries journals each session the limit ended.
func (s *Service) limitEntries(acc LoginAccount, ips, agents []string, m api.Meta) []audit.Entry {
	out := make([]audit.Entry, len(ips))
	for i := range ips {
		out[i] = audit.Entry{AccountID: acc.ID, Kind: shared.JournalSessionLimit, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"device": audit.DeviceName(agents[i]), "ip": ips[i], "limit": fmt.Sprint(s.cfg.SessionMax)}}
	}
	return out
}

// tellLimit tells the person which devices the limit signed out: if the
// new sign-in was not theirs, the notice is how they learn.
func (s *Service) tellLimit(ctx context.Context, tx bun.IDB, acc LoginAccount, ips, agents []string) error {
	if len(ips) == 0 {
		return nil
	}
	devices := make([]string, len(ips))
	for i := range ips {
		devices[i] = audit.DeviceName(agents[i]) + " (" + ips[i] + ")"
	}
	list := strings.Join(devices, ", ")
	return s.tellOwner(ctx, tx, acc, "msg.session_limit",
		[]any{s.cfg.SessionMax, list, s.cfg.PublicURL + "/sessions"}, []any{s.cfg.SessionMax, list})
}
