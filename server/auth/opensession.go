package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"kabinet/server/api"
	"kabinet/server/audit"
	kdb "kabinet/server/db"
	"kabinet/shared"
)

// opening is how a finished sign-in opens its session.
type opening struct {
	methods []string
	stepUp  bool   // the sign-in proved a second factor just now
	prior   []byte // the session the browser came with (priorOf), ended with this one
	// first is the session's statement with a change the sign-in makes
	// in it (a passkey's sign count: openSQL of it, prepared), and
	// firstArgs that change's arguments; when the change returns no row,
	// openSession fails with firstErr. Nil: s.openFirst, no change.
	first     *kdb.Prepared
	firstArgs []any
	firstErr  error
}

// openStatements prepares openSession's statement: without a change and
// with a passkey's (usePasskeySQL).
func (s *Service) openStatements() {
	s.openFirst = kdb.Prepare("auth_open", openSQL("SELECT 1", 0))
	s.openFirstPasskey = kdb.Prepare("auth_open_passkey", openSQL(usePasskeySQL, usePasskeyParams))
}

// openSession creates the session of a finished sign-in inside db's
// transaction: it takes the journal chain's lock (audit.LockChainCall),
// then one statement, prepared when db is the pool (a transaction begun
// by the caller runs its text), runs o.first, finds whether the account
// knows this browser at this address — when it does not, reads its
// devices of the last 180 days — stores the session, ends the browser's
// earlier one and those over SESSION_MAX, and reads the staff roles and
// the chain's head; the last writes the journal: a new device, the
// sessions ended by the limit, the sign-in (prepared too when that is the
// sign-in alone, as it usually is). Notices of a new device and of the
// limit add theirs, before the journal. On the pool, the BEGIN and the
// lock go in the session statement's message and the COMMIT in the
// journal's (kdb.Tx, kdb.ExecAhead): the usual sign-in is two round trips
// in its transaction, not five.
//
// The lock cannot be in the session's statement: the head and the
// sessions the limit counts must be read by a statement that began after
// the lock was granted (see audit.LockChain), or a concurrent sign-in's
// journal row and session would be missed. In READ COMMITTED each
// statement of a message takes its own snapshot, so the CALL before it in
// the same message is enough. Nor can the journal join it: its MAC is
// computed here from the head.
func (s *Service) openSession(ctx context.Context, db bun.IDB, acc LoginAccount, o opening, m api.Meta) (string, *Session, error) {
	token, sess, err := s.newSession(acc.ID, o.methods, o.stepUp, m)
	if err != nil {
		return "", nil, err
	}
	sess.priorEnded = o.prior != nil
	first := o.first
	if first == nil {
		first = s.openFirst
	}
	body := func(ctx context.Context, tx bun.IDB) error {
		if err := kdb.ExecAhead(ctx, tx, audit.LockChainCall, audit.ChainKey(acc.ID)); err != nil {
			return err
		}
		var made struct {
			First       int      `bun:"first"`
			Known       bool     `bun:"known"`
			IPs         []string `bun:"ips,array"`
			Agents      []string `bun:"agents,array"`
			Roles       []string `bun:"roles,array"`
			Head        []byte   `bun:"head"`
			EndedIPs    []string `bun:"ended_ips,array"`
			EndedAgents []string `bun:"ended_agents,array"`
		}
		args := append(slices.Clip(o.firstArgs), acc.ID, sess.ID, pgdialect.Array(sess.Methods), sess.IP, sess.UserAgent,
			sess.CreatedAt, sess.IdleExpiresAt, sess.ExpiresAt, bun.NullTime{Time: sess.StepUpAt}, sess.KioskID,
			o.prior, s.cfg.SessionMax-1)
		if err := first.ScanIn(ctx, tx, args, &made); err != nil {
			return err
		}
		if o.first != nil && made.First == 0 {
			return o.firstErr // and the session goes with the rollback
		}
		sess.Roles = made.Roles
		var news []string // nothing new when known
		if !made.Known {
			news = newDevice(made.IPs, made.Agents, m)
		}
		var entries []audit.Entry
		if len(news) > 0 {
			entries = append(entries, audit.Entry{AccountID: acc.ID, Kind: shared.JournalNewDevice, IP: m.IP, UserAgent: m.UserAgent,
				Details: map[string]string{"new": strings.Join(news, ",")}})
		}
		entries = append(entries, s.limitEntries(acc, made.EndedIPs, made.EndedAgents, m)...)
		entries = append(entries, audit.Entry{AccountID: acc.ID, Kind: shared.JournalLogin, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"methods": strings.Join(o.methods, ",")}})
		if len(news) > 0 && o.methods[0] != shared.FactorQR { // a QR sign-in sends a notice of its own
			if err := s.signInNotice(ctx, tx, acc, "msg.new_device", m); err != nil {
				return err
			}
		}
		if err := s.tellLimit(ctx, tx, acc, made.EndedIPs, made.EndedAgents); err != nil {
			return err
		}
		if ktx, ok := tx.(*kdb.Tx); ok {
			ktx.EndWithNext() // the journal's statement carries the COMMIT
		}
		return s.journal.AppendAfter(ctx, tx, made.Head, entries...)
	}
	if pool, ok := db.(*bun.DB); ok {
		err = kdb.RunInTx(ctx, pool, []*kdb.Prepared{first, s.journal.Appender()}, func(ctx context.Context, tx *kdb.Tx) error {
			return body(ctx, tx)
		})
	} else {
		err = inTx(ctx, db, body)
	}
	if err != nil {
		if o.firstErr != nil && errors.Is(err, o.firstErr) {
			return "", nil, err
		}
		return "", nil, fmt.Errorf("auth.openSession: %w", err)
	}
	return token, sess, nil
}

// openSQL is openSession's statement with the change first, whose
// parameters are $1…$n. Its own, $n+1…$n+12: the account id; the
// session's id, methods, address, browser, creation (also its last use),
// idle and absolute expiry, step-up time and kiosk; the browser's earlier
// session (ended beside it); SESSION_MAX-1.
//
// The usual sign-in comes from a browser and an address the account has
// used before: the newest such session says so, read from the index.
// Only a sign-in from elsewhere reads what the account used in 180 days,
// to tell what is new (the lateral read's filter on known is checked
// once, before it reads a row). Neither sees the session this statement
// inserts, nor does the limit: a statement does not see its own writes.
// The earlier session's "revoked_at IS NULL" is hidden in a coalesce so
// that the partial index of live sessions cannot serve it: the generic
// plan of a prepared statement scanned all of that index for the id
// (EXPLAIN, 1 200 sessions of 8 accounts), where the primary key finds
// the row.
func openSQL(first string, n int) string {
	p := func(i int) string { return "$" + strconv.Itoa(n+i) }
	account, ip, agent, prior := p(1), p(4), p(5), p(11)
	return `WITH first AS (` + first + `),
		known AS MATERIALIZED (SELECT coalesce((SELECT true FROM sessions WHERE account_id = ` + account + ` AND created_at > now() - interval '180 days'
			AND ip = ` + ip + ` AND user_agent = ` + agent + ` ORDER BY created_at DESC LIMIT 1), false) AS known),
		made AS (INSERT INTO sessions (id, account_id, methods, ip, user_agent, created_at, last_seen_at, idle_expires_at, expires_at, step_up_at, kiosk_id)
			VALUES (` + p(2) + `, ` + account + `, ` + p(3) + `, ` + ip + `, ` + agent + `, ` + p(6) + `, ` + p(6) + `, ` + p(7) + `, ` + p(8) + `, ` + p(9) + `, ` + p(10) + `)),
		prior AS (UPDATE sessions SET revoked_at = now(), revoke_reason = 'replaced' WHERE id = ` + prior + ` AND coalesce(revoked_at IS NULL, false)),
		ended AS (` + limitSQL(account, prior, p(12)) + `)
		SELECT (SELECT count(*) FROM first) AS first, k.known, coalesce(d.ips, '{}') AS ips, coalesce(d.agents, '{}') AS agents,
			ARRAY(SELECT role FROM staff_roles WHERE account_id = ` + account + ` ORDER BY role) AS roles, ` + audit.HeadOf(account) + ` AS head,
			ARRAY(SELECT ip FROM ended) AS ended_ips, ARRAY(SELECT user_agent FROM ended) AS ended_agents
		FROM known k LEFT JOIN LATERAL (SELECT array_agg(DISTINCT ip) AS ips, array_agg(DISTINCT user_agent) AS agents
			FROM sessions WHERE NOT k.known AND account_id = ` + account + ` AND created_at > now() - interval '180 days') d ON true`
}

// inTx runs fn in db when db is already a transaction (no savepoint: the
// caller's transaction fails as a whole, as every caller returns fn's
// error), else in a transaction of its own.
func inTx(ctx context.Context, db bun.IDB, fn func(context.Context, bun.IDB) error) error {
	if tx, ok := db.(bun.Tx); ok {
		return fn(ctx, tx)
	}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return fn(ctx, tx) })
}
