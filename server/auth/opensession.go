package auth

import (
	"context"
	"errors"
	"fmt"
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
	// first is the session's first statement with a change the sign-in
	// makes in it (a passkey's sign count: seenSQL of it, prepared), and
	// firstArgs that change's arguments; when the change returns no row,
	// openSession fails with firstErr. Nil: s.openSeen, no change.
	first     *kdb.Prepared
	firstArgs []any
	firstErr  error
}

// openStatements prepares openSession's statements: the first without a
// change and with a passkey's (usePasskeySQL), and the session's.
func (s *Service) openStatements() {
	s.openSeen = kdb.Prepare("auth_open_seen", seenSQL("SELECT 1", 0))
	s.openSeenPasskey = kdb.Prepare("auth_open_seen_passkey", seenSQL(usePasskeySQL, usePasskeyParams))
	s.openMade = kdb.Prepare("auth_open_made", madeSQL)
}

// openSession creates the session of a finished sign-in inside db's
// transaction, in three statements, each prepared when db is the pool (a
// transaction begun by the caller runs their text): the first takes the
// journal chain's lock and finds whether the account knows this browser
// at this address (and runs o.first) — when it does not, the same
// statement reads its devices of the last 180 days; the next stores the
// session, ends the browser's earlier one and those over SESSION_MAX,
// reads the staff roles and the chain's head; the third writes the
// journal: a new device, the sessions ended by the limit, the sign-in
// (prepared too when that is the sign-in alone, as it usually is).
// Notices of a new device and of the limit add theirs, before the
// journal. On the pool, the BEGIN goes with the first statement and the
// COMMIT with the journal's (kdb.Tx): the usual sign-in is three round
// trips in its transaction, not five.
//
// The first two cannot be one: the head and the sessions the limit counts
// must be read by a statement that began after the lock was granted (see
// audit.LockChain), or a concurrent sign-in's journal row and session
// would be missed. Nor can the journal join the second: its MAC is
// computed here from the head.
func (s *Service) openSession(ctx context.Context, db bun.IDB, acc LoginAccount, o opening, m api.Meta) (string, *Session, error) {
	token, sess, err := s.newSession(acc.ID, o.methods, o.stepUp, m)
	if err != nil {
		return "", nil, err
	}
	sess.priorEnded = o.prior != nil
	first := o.first
	if first == nil {
		first = s.openSeen
	}
	body := func(ctx context.Context, tx bun.IDB) error {
		var seen struct {
			Locked bool     `bun:"locked"`
			First  int      `bun:"first"`
			Known  bool     `bun:"known"`
			IPs    []string `bun:"ips,array"`
			Agents []string `bun:"agents,array"`
		}
		args := append(append(make([]any, 0, len(o.firstArgs)+4), o.firstArgs...), acc.ID, m.IP, m.UserAgent, audit.ChainKey(acc.ID))
		if err := first.ScanIn(ctx, tx, args, &seen); err != nil {
			return err
		}
		if o.first != nil && seen.First == 0 {
			return o.firstErr
		}
		var made struct {
			Roles       []string `bun:"roles,array"`
			Head        []byte   `bun:"head"`
			EndedIPs    []string `bun:"ended_ips,array"`
			EndedAgents []string `bun:"ended_agents,array"`
		}
		err := s.openMade.ScanIn(ctx, tx, []any{acc.ID, sess.ID, pgdialect.Array(sess.Methods), sess.IP, sess.UserAgent,
			sess.CreatedAt, sess.IdleExpiresAt, sess.ExpiresAt, bun.NullTime{Time: sess.StepUpAt}, sess.KioskID,
			o.prior, s.cfg.SessionMax - 1}, &made)
		if err != nil {
			return err
		}
		sess.Roles = made.Roles
		var news []string // nothing new when known
		if !seen.Known {
			news = newDevice(seen.IPs, seen.Agents, m)
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
		err = kdb.RunInTx(ctx, pool, []*kdb.Prepared{first, s.openMade, s.journal.Appender()}, func(ctx context.Context, tx *kdb.Tx) error {
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

// seenSQL is openSession's first statement with the change first, whose
// parameters are $1…$n; its own are the account id, the address, the
// browser and the chain's lock key (audit.ChainKey), $n+1…$n+4. The usual
// sign-in comes from a browser and an address the account has used
// before: the newest such session says so, read from the index. Only a
// sign-in from elsewhere reads what the account used in 180 days, to tell
// what is new (the lateral read's filter on known is checked once, before
// it reads a row).
func seenSQL(first string, n int) string {
	p := func(i int) string { return "$" + strconv.Itoa(n+i) }
	return `WITH first AS (` + first + `),
		known AS MATERIALIZED (SELECT coalesce((SELECT true FROM sessions WHERE account_id = ` + p(1) + ` AND created_at > now() - interval '180 days'
			AND ip = ` + p(2) + ` AND user_agent = ` + p(3) + ` ORDER BY created_at DESC LIMIT 1), false) AS known)
		SELECT ` + audit.LockChainOf(p(4)) + ` AS locked, (SELECT count(*) FROM first) AS first, k.known,
			coalesce(d.ips, '{}') AS ips, coalesce(d.agents, '{}') AS agents
		FROM known k LEFT JOIN LATERAL (SELECT array_agg(DISTINCT ip) AS ips, array_agg(DISTINCT user_agent) AS agents
			FROM sessions WHERE NOT k.known AND account_id = ` + p(1) + ` AND created_at > now() - interval '180 days') d ON true`
}

// madeSQL is openSession's second statement. Its parameters: $1 the
// account id; the session's id, methods, address, browser, creation
// (also its last use), idle and absolute expiry, step-up time and kiosk,
// $2…$10; $11 the browser's earlier session (ended beside it); $12
// SESSION_MAX-1. The earlier session's "revoked_at IS NULL" is hidden in
// a coalesce so that the partial index of live sessions cannot serve it:
// the generic plan of a prepared statement scanned all of that index for
// the id (EXPLAIN, 1 200 sessions of 8 accounts), where the primary key
// finds the row.
var madeSQL = `WITH made AS (INSERT INTO sessions (id, account_id, methods, ip, user_agent, created_at, last_seen_at,
		idle_expires_at, expires_at, step_up_at, kiosk_id) VALUES ($2, $1, $3, $4, $5, $6, $6, $7, $8, $9, $10)),
	prior AS (UPDATE sessions SET revoked_at = now(), revoke_reason = 'replaced' WHERE id = $11 AND coalesce(revoked_at IS NULL, false)),
	ended AS (` + limitSQL("$1", "$11", "$12") + `)
	SELECT ARRAY(SELECT role FROM staff_roles WHERE account_id = $1 ORDER BY role) AS roles, ` + audit.HeadOf("$1") + ` AS head,
		ARRAY(SELECT ip FROM ended) AS ended_ips, ARRAY(SELECT user_agent FROM ended) AS ended_agents`

// inTx runs fn in db when db is already a transaction (no savepoint: the
// caller's transaction fails as a whole, as every caller returns fn's
// error), else in a transaction of its own.
func inTx(ctx context.Context, db bun.IDB, fn func(context.Context, bun.IDB) error) error {
	if tx, ok := db.(bun.Tx); ok {
		return fn(ctx, tx)
	}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return fn(ctx, tx) })
}
