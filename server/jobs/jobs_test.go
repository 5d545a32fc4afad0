package jobs_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"

	"kabinet/server/dbtest"
	"kabinet/server/jobs"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func TestRetryDedupAndOnce(t *testing.T) {
	ctx := context.Background()
	db := dbtest.NewDB(t)
	q := jobs.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	var calls atomic.Int32
	q.Register("test.flaky", func(ctx context.Context, p json.RawMessage) error {
		if calls.Add(1) == 1 {
			return errors.New("first attempt fails")
		}
		return nil
	})
	for range 2 { // the same dedup key twice: one job
		if err := jobs.Enqueue(ctx, db, "test.flaky", map[string]int{"n": 1}, jobs.Dedup("flaky-1")); err != nil {
			t.Fatal(err)
		}
	}
	if ran, err := q.RunOne(ctx); !ran || err != nil {
		t.Fatalf("first run: %v %v", ran, err)
	}
	// The failed job waits for its backoff: nothing is ready now.
	if ran, _ := q.RunOne(ctx); ran {
		t.Fatal("a failed job ran again before its backoff")
	}
	if _, err := db.ExecContext(ctx, "UPDATE jobs SET run_at = now()"); err != nil {
		t.Fatal(err)
	}
	if ran, err := q.RunOne(ctx); !ran || err != nil {
		t.Fatalf("retry: %v %v", ran, err)
	}
	if ran, _ := q.RunOne(ctx); ran || calls.Load() != 2 {
		t.Fatalf("after success: ran=%v calls=%d", ran, calls.Load())
	}
	var attempts int
	var lastError string
	if err := db.NewRaw("SELECT attempts, last_error FROM jobs WHERE dedup_key = 'flaky-1' AND done_at IS NOT NULL").Scan(ctx, &attempts, &lastError); err != nil || attempts != 2 || lastError != "" {
		t.Fatalf("job row: attempts=%d last_error=%q err=%v", attempts, lastError, err)
	}
}

// Two workers (two server processes) never run the same job twice.
func TestConcurrentWorkersRunEachJobOnce(t *testing.T) {
	ctx := context.Background()
	db := dbtest.NewDB(t)
	var runs atomic.Int32
	h := func(ctx context.Context, p json.RawMessage) error { runs.Add(1); return nil }
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, b := jobs.New(db, log), jobs.New(db, log)
	a.Register("test.once", h)
	b.Register("test.once", h)
	for i := range 50 {
		if err := jobs.Enqueue(ctx, db, "test.once", map[string]int{"i": i}); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan struct{})
	drain := func(q *jobs.Queue) {
		for {
			if ran, err := q.RunOne(ctx); err != nil || !ran {
				break
			}
		}
		done <- struct{}{}
	}
	go drain(a)
	go drain(b)
	<-done
	<-done
	if runs.Load() != 50 {
		t.Fatalf("runs = %d, want 50", runs.Load())
	}
}
