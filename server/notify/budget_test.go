package notify

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/dbtest"
	"kabinet/shared"
)

func testBudget() Budget { return Budget{Pause: time.Minute, Codes: 3, Notices: 2} }

// Codes sent at once to one destination, each in its own transaction (as
// from many requests and server processes): one passes, the rest are told
// to wait; a notice still goes out right after the code.
func TestBudgetLetsOneCodeThroughAtOnce(t *testing.T) {
	ctx := context.Background()
	db := dbtest.NewDB(t)
	s := New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), false, "http://127.0.0.1", nil, nil, testBudget())
	code := Message{Channel: shared.ChannelSMS, To: "+79120000001", Body: "Код 123456", Code: true}
	var wg sync.WaitGroup
	errs := make([]error, 15)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return s.Send(ctx, tx, code) })
		}()
	}
	wg.Wait()
	sent := 0
	for _, err := range errs {
		switch e, _ := shared.AsError(err); {
		case err == nil:
			sent++
		case e == nil || e.Code != shared.CodeResendTooSoon || e.RetryAfter < 1 || e.RetryAfter > 60:
			t.Errorf("refusal: %v", err)
		}
	}
	if sent != 1 || countOutbox(t, db) != 1 {
		t.Fatalf("%d codes sent, %d in the outbox; want 1", sent, countOutbox(t, db))
	}
	notice := Message{Channel: shared.ChannelSMS, To: "+79120000001", Body: "Пароль изменён"}
	if err := s.Send(ctx, db, notice); err != nil || countOutbox(t, db) != 2 {
		t.Fatalf("notice after a code: %v, outbox %d", err, countOutbox(t, db))
	}
}

// The daily caps: codes are refused until the Moscow midnight, notices are
// dropped without failing the caller.
func TestBudgetDailyCaps(t *testing.T) {
	ctx := context.Background()
	db := dbtest.NewDB(t)
	s := New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), false, "http://127.0.0.1", nil, nil, testBudget())
	code := Message{Channel: shared.ChannelEmail, To: "Olga@Example.ru", Body: "Код 123456", Code: true}
	for i := range 4 {
		err := s.Send(ctx, db, code)
		e, _ := shared.AsError(err)
		switch {
		case i < 3 && err != nil:
			t.Fatalf("code %d: %v", i+1, err)
		case i == 3 && (e == nil || e.Code != shared.CodeRateLimited || e.RetryAfter < 1 || e.RetryAfter > 86400):
			t.Fatalf("code over the cap: %v", err)
		}
		// As if the pause had passed.
		if _, err := db.NewRaw("UPDATE send_budget SET last_code_at = last_code_at - interval '1 hour'").Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	for range 3 {
		if err := s.Send(ctx, db, Message{Channel: shared.ChannelEmail, To: "olga@example.ru", Body: "Уведомление"}); err != nil {
			t.Fatal(err)
		}
	}
	if n := countOutbox(t, db); n != 3+2 {
		t.Fatalf("outbox holds %d messages, want 3 codes and 2 notices", n)
	}
}

func countOutbox(t *testing.T, db *bun.DB) int {
	t.Helper()
	var n int
	if err := db.NewRaw("SELECT count(*) FROM outbox").Scan(context.Background(), &n); err != nil {
		t.Fatal(err)
	}
	return n
}
