package audit

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/jobs"
	"kabinet/shared"
)

// The verification jobs: a check of every chain from its last checkpoint
// every quarter of an hour (cheap: it reads what was appended since), and
// a walk of every chain from its first row every night, which also finds a
// row edited behind a checkpoint.
const (
	verifyJob     = "journal.verify"
	verifyFullJob = "journal.verify_full"
	verifyEvery   = 15 * time.Minute
)

// RegisterJobs puts the verification on the queue; done is told every
// outcome (metrics, and an alert to staff for the breaks found first).
func (j *Journal) RegisterJobs(q *jobs.Queue, db bun.IDB, done func(context.Context, Summary) error) {
	run := func(full bool) jobs.Handler {
		return func(ctx context.Context, _ json.RawMessage) error {
			// What the chains gave is told even when the run failed
			// after them (an unusable anchor file): its breaks would not
			// be fresh, and so not told, by the next run.
			sum, err := j.VerifyAll(ctx, db, full)
			return errors.Join(err, done(ctx, sum))
		}
	}
	q.Every(verifyJob, jobs.Interval{Every: verifyEvery}, run(false))
	q.Every(verifyFullJob, jobs.Daily{Hour: 3, Loc: shared.Moscow}, run(true))
}
