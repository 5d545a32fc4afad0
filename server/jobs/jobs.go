// Package jobs is a small persisted job queue on PostgreSQL. A job is
// enqueued in the same transaction as the change that needs it, claimed by
// any server process with FOR UPDATE SKIP LOCKED, retried with backoff, and
// never lost by a restart: a claimed job whose process died is claimed again
// once its lock expires.
package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/uptrace/bun"
)

// Handler runs one job. An error retries it later (until max attempts).
type Handler func(ctx context.Context, payload json.RawMessage) error

// Queue runs registered handlers for ready jobs.
type Queue struct {
	db       *bun.DB
	log      *slog.Logger
	handlers map[string]Handler
	poll     time.Duration
	lease    time.Duration

	recurring []recurring
}

// New returns a queue over db.
func New(db *bun.DB, log *slog.Logger) *Queue {
	return &Queue{db: db, log: log, handlers: map[string]Handler{}, poll: 500 * time.Millisecond, lease: 5 * time.Minute}
}

// Register sets the handler of a job kind. Call before Run.
func (q *Queue) Register(kind string, h Handler) { q.handlers[kind] = h }

// Option changes a job at enqueue time.
type Option func(*job)

// At delays the job until t.
func At(t time.Time) Option { return func(j *job) { j.RunAt = t } }

// Dedup makes enqueueing idempotent: a second job with the same key is
// silently not created.
func Dedup(key string) Option { return func(j *job) { j.DedupKey = &key } }

type job struct {
	bun.BaseModel `bun:"table:jobs"`

	ID          int64           `bun:"id,pk,autoincrement"`
	Kind        string          `bun:"kind"`
	Payload     json.RawMessage `bun:"payload,type:jsonb"`
	DedupKey    *string         `bun:"dedup_key"`
	RunAt       time.Time       `bun:"run_at"`
	Attempts    int             `bun:"attempts"`
	MaxAttempts int             `bun:"max_attempts"`
	LastError   string          `bun:"last_error"`
}

// Enqueue adds a job inside db's transaction.
func Enqueue(ctx context.Context, db bun.IDB, kind string, payload any, opts ...Option) error {
	raw, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("jobs.Enqueue(%s): %w", kind, err)
	}
	j := &job{Kind: kind, Payload: raw, RunAt: time.Now(), MaxAttempts: 10}
	for _, o := range opts {
		o(j)
	}
	q := db.NewInsert().Model(j).ExcludeColumn("id", "attempts", "last_error")
	if j.DedupKey != nil {
		q = q.On("CONFLICT (dedup_key) DO NOTHING")
	}
	if _, err := q.Exec(ctx); err != nil {
		return fmt.Errorf("jobs.Enqueue(%s): %w", kind, err)
	}
	return nil
}

// Run claims and runs jobs until ctx ends, planning the recurring ones
// every minute. While the database fails, it waits longer between tries
// (doubling up to maxIdle) and logs the failure when it starts, then once a
// minute, then when the database answers again: an outage of an hour was
// 7 200 identical ERROR lines.
func (q *Queue) Run(ctx context.Context) {
	planned := time.Time{}
	var down outage
	for {
		if now := time.Now(); now.Sub(planned) >= time.Minute {
			if err := q.Plan(ctx, now); err != nil && ctx.Err() == nil {
				q.log.Error("job queue: plan", "err", err)
			}
			planned = now
		}
		ran, err := q.RunOne(ctx)
		if ctx.Err() != nil {
			return
		}
		down.record(q.log, err)
		if ran {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(down.wait(q.poll)):
		}
	}
}

// maxIdle is the longest the queue waits between tries while its
// database fails.
const maxIdle = 30 * time.Second

// outage counts the queue's failures in a row and when it last said so.
type outage struct {
	failures int
	since    time.Time
	logged   time.Time
}

func (o *outage) record(log *slog.Logger, err error) {
	now := time.Now()
	switch {
	case err == nil && o.failures > 0:
		log.Info("job queue: working again", "failures", o.failures, "took", now.Sub(o.since).Round(time.Second))
		*o = outage{}
	case err != nil:
		if o.failures == 0 {
			o.since = now
		}
		o.failures++
		if o.failures == 1 || now.Sub(o.logged) >= time.Minute {
			log.Error("job queue", "err", err, "failures", o.failures, "since", o.since.Format(time.RFC3339))
			o.logged = now
		}
	}
}

// wait is how long to wait before the next try: poll, doubled for each
// failure in a row up to maxIdle.
func (o *outage) wait(poll time.Duration) time.Duration {
	d := poll
	for i := 0; i < o.failures && d < maxIdle; i++ {
		d *= 2
	}
	return min(d, max(maxIdle, poll))
}

// RunOne claims one ready job and runs it; ran is false when none was ready.
func (q *Queue) RunOne(ctx context.Context) (ran bool, err error) {
	kinds := make([]string, 0, len(q.handlers))
	for k := range q.handlers {
		kinds = append(kinds, k)
	}
	if len(kinds) == 0 {
		return false, nil
	}
	var j job
	err = q.db.NewRaw(`
		UPDATE jobs SET attempts = attempts + 1, locked_until = now() + ?::interval
		WHERE id = (
			SELECT id FROM jobs
			WHERE done_at IS NULL AND run_at <= now() AND attempts < max_attempts
			  AND (locked_until IS NULL OR locked_until < now())
			  AND kind IN (?)
			ORDER BY run_at, id
			FOR UPDATE SKIP LOCKED
			LIMIT 1)
		RETURNING id, kind, payload, attempts, max_attempts`,
		fmt.Sprintf("%d seconds", int(q.lease.Seconds())), bun.In(kinds)).Scan(ctx, &j)
	if err != nil {
		if isNoRows(err) {
			return false, nil
		}
		return false, fmt.Errorf("jobs: claim: %w", err)
	}
	runErr := q.safeRun(ctx, j)
	if runErr == nil {
		_, err = q.db.NewUpdate().Model((*job)(nil)).
			Set("done_at = now(), locked_until = NULL, last_error = ''").
			Where("id = ?", j.ID).Exec(ctx)
		return true, err
	}
	q.log.Warn("job failed", "id", j.ID, "kind", j.Kind, "attempt", j.Attempts, "err", runErr)
	backoff := time.Duration(1<<min(j.Attempts, 10)) * time.Second
	_, err = q.db.NewUpdate().Model((*job)(nil)).
		Set("locked_until = NULL, last_error = ?, run_at = now() + ?::interval", runErr.Error(), fmt.Sprintf("%d seconds", int(backoff.Seconds()))).
		Where("id = ?", j.ID).Exec(ctx)
	return true, err
}

func (q *Queue) safeRun(ctx context.Context, j job) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return q.handlers[j.Kind](ctx, j.Payload)
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
