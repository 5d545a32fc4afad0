package auth

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/schema"

	"kabinet/shared"
)

// Throttle counts attempts per key (e.g. "login:" + client IP) in fixed
// windows kept in PostgreSQL, so every server process shares the count.
// Over the limit it answers CodeRateLimited with the seconds to wait.
type Throttle struct {
	db     bun.IDB
	limit  int
	window time.Duration
}

// NewThrottle allows limit attempts per window and key. db is the pool,
// never a transaction: Hit's asynchronous commit would hold for all of it.
func NewThrottle(db bun.IDB, limit int, window time.Duration) *Throttle {
	return &Throttle{db: db, limit: limit, window: window}
}

// Hit records an attempt for key and fails when the window's limit is
// passed. The count commits without waiting for the disk (asyncCommit):
// it runs before every sign-in, and a crash loses at most the hits of its
// last fraction of a second, which only lets those few be tried again.
func (t *Throttle) Hit(ctx context.Context, key string) error {
	var hit throttleHit
	if err := t.db.NewRaw("?", t.hitSQL(key)).Scan(ctx, &hit); err != nil {
		return fmt.Errorf("auth.Throttle.Hit: %w", err)
	}
	return t.verdict(hit)
}

// throttleHit is what hitSQL returns.
type throttleHit struct {
	Hits  int       `bun:"hits"`
	Start time.Time `bun:"window_start"`
}

// hitSQL is Hit's statement. A hot path runs it as the CTE "hit" of a
// statement whose change is guarded by withinSQL (made only within the
// limit), so the attempt and the change are one round trip; that
// statement commits asynchronously as a whole.
func (t *Throttle) hitSQL(key string) schema.QueryAppender {
	secs := t.windowSecs()
	return bun.SafeQuery(hitText("?", "?"), key, secs, secs)
}

// withinSQL is the condition that the CTE "hit" stayed within the limit.
func (t *Throttle) withinSQL() schema.QueryAppender {
	return bun.SafeQuery(withinText("?"), t.limit)
}

// hitText is the text of hitSQL with its parameters written as key and
// secs (the window in seconds, twice), and withinText that of withinSQL
// with limit: the one source of both for bun's placeholders (?) and for
// a prepared statement's ($1…$n, see takeLoginCeremony).
func hitText(key, secs string) string {
	return `INSERT INTO ip_throttle AS t (ip, window_start, hits)
		SELECT ` + key + `, to_timestamp(floor(extract(epoch FROM now()) / ` + secs + `) * ` + secs + `), 1 FROM ` + asyncCommit + `
		ON CONFLICT (ip, window_start) DO UPDATE SET hits = t.hits + 1
		RETURNING hits, window_start`
}

func withinText(limit string) string { return "(SELECT hits FROM hit) <= " + limit }

func (t *Throttle) windowSecs() int64 { return int64(math.Max(1, t.window.Seconds())) }

// verdict is CodeRateLimited, with the seconds to wait, for a hit over
// the limit.
func (t *Throttle) verdict(hit throttleHit) error {
	if hit.Hits > t.limit {
		wait := int(time.Until(hit.Start.Add(t.window)).Seconds()) + 1
		return &shared.Error{Code: shared.CodeRateLimited, RetryAfter: max(wait, 1)}
	}
	return nil
}
