package auth

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/uptrace/bun"

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
	secs := int64(math.Max(1, t.window.Seconds()))
	var hits int
	var start time.Time
	err := t.db.NewRaw(`
		INSERT INTO ip_throttle AS t (ip, window_start, hits)
		SELECT ?, to_timestamp(floor(extract(epoch FROM now()) / ?) * ?), 1 FROM `+asyncCommit+`
		ON CONFLICT (ip, window_start) DO UPDATE SET hits = t.hits + 1
		RETURNING hits, window_start`, key, secs, secs).Scan(ctx, &hits, &start)
	if err != nil {
		return fmt.Errorf("auth.Throttle.Hit: %w", err)
	}
	if hits > t.limit {
		wait := int(time.Until(start.Add(t.window)).Seconds()) + 1
		return &shared.Error{Code: shared.CodeRateLimited, RetryAfter: max(wait, 1)}
	}
	return nil
}
