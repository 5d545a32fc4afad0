package notify

import (
	"context"
	"io"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"kabinet/server/config"
	"kabinet/server/dbtest"
	"kabinet/server/jobs"
	"kabinet/shared"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// A message written to the outbox is delivered by the job queue through
// SMTP, exactly once, and marked sent.
func TestOutboxIsDeliveredBySMTPJob(t *testing.T) {
	ctx := context.Background()
	db := dbtest.NewDB(t)
	addr, got := smtpSink(t)
	host, port, _ := net.SplitHostPort(addr)
	p, _ := strconv.Atoi(port)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s := New(db, log, false, "http://127.0.0.1", NewSMTP(config.SMTP{Host: host, Port: p, TLS: "none", From: "kabinet@example.ru"}), nil, testBudget())
	q := jobs.New(db, log)
	s.Register(q)

	if err := s.Send(ctx, db, Message{Channel: shared.ChannelEmail, To: "olga@example.ru", Subject: "Тема", Body: "Текст письма"}); err != nil {
		t.Fatal(err)
	}
	ran, err := q.RunOne(ctx)
	if err != nil || !ran {
		t.Fatalf("job: ran=%v err=%v", ran, err)
	}
	select {
	case raw := <-got:
		if !strings.Contains(raw, "RCPT TO:<olga@example.ru>") {
			t.Fatalf("delivered %q", raw)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("nothing reached the SMTP server")
	}
	var sent int
	if err := db.NewRaw("SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL").Scan(ctx, &sent); err != nil || sent != 1 {
		t.Fatalf("sent rows = %d, %v", sent, err)
	}
	if ran, _ := q.RunOne(ctx); ran {
		t.Fatal("the delivery job ran twice")
	}
	msgs, err := s.Outbox(ctx, 10)
	if err != nil || len(msgs) != 1 || msgs[0].Subject != "Тема" {
		t.Fatalf("outbox %+v %v", msgs, err)
	}
}
