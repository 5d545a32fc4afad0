package jobs_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

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

// syncBuffer is a log sink the queue's goroutine and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestOutageIsLoggedOnce: while the queue's table cannot be read, the
// queue says so once (not every half second: an hour's outage was 7 200
// ERROR lines), tries less often, and says when it works again.
func TestOutageIsLoggedOnce(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := dbtest.NewDB(t)
	var logs syncBuffer
	q := jobs.New(db, slog.New(slog.NewTextHandler(&logs, nil)))
	q.Register("test.noop", func(context.Context, json.RawMessage) error { return nil })
	if _, err := db.ExecContext(ctx, "ALTER TABLE jobs RENAME TO jobs_away"); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { q.Run(ctx); close(done) }()
	time.Sleep(2200 * time.Millisecond) // five polls of the old queue
	if _, err := db.ExecContext(ctx, "ALTER TABLE jobs_away RENAME TO jobs"); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(logs.String(), `level=ERROR msg="job queue"`); n != 1 {
		t.Errorf("%d ERROR lines in 2.2 s of outage, want 1:\n%s", n, logs.String())
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logs.String(), "job queue: working again") {
		if time.Now().After(deadline) {
			t.Fatalf("no word that the queue works again:\n%s", logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	<-done
}
