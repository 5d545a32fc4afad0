package notify

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"kabinet/server/config"
	"kabinet/server/dbtest"
	"kabinet/server/jobs"
	"kabinet/shared"
)

// An SMS in the outbox goes to the HTTP gateway (a real HTTP server on
// loopback) with the token; a refusal is an error the job retries.
func TestOutboxIsDeliveredByHTTPSMSGateway(t *testing.T) {
	ctx := context.Background()
	type got struct {
		auth string
		body map[string]string
	}
	calls := make(chan got, 4)
	status := http.StatusServiceUnavailable
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var b map[string]string
		_ = json.Unmarshal(raw, &b)
		calls <- got{auth: r.Header.Get("Authorization"), body: b}
		w.WriteHeader(status)
	}))
	defer gw.Close()

	db := dbtest.NewDB(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s := New(db, log, false, "http://127.0.0.1", nil, NewHTTPSMS(config.SMSGateway{URL: gw.URL, Token: "t0ken", From: "Kabinet"}), testBudget())
	q := jobs.New(db, log)
	s.Register(q)
	if err := s.Send(ctx, db, Message{Channel: shared.ChannelSMS, To: "+79120000001", Body: "Код: 123456"}); err != nil {
		t.Fatal(err)
	}
	// The gateway is down: the attempt fails and the message stays unsent.
	if _, err := q.RunOne(ctx); err != nil {
		t.Fatal(err)
	}
	c := <-calls
	if c.auth != "Bearer t0ken" || c.body["to"] != "+79120000001" || c.body["text"] != "Код: 123456" || c.body["from"] != "Kabinet" {
		t.Fatalf("gateway got %+v", c)
	}
	var lastErr string
	if err := db.NewRaw("SELECT last_error FROM outbox WHERE sent_at IS NULL").Scan(ctx, &lastErr); err != nil || lastErr == "" {
		t.Fatalf("failed delivery not recorded: %q %v", lastErr, err)
	}
	// Up again: a direct send succeeds.
	status = http.StatusAccepted
	if err := NewHTTPSMS(config.SMSGateway{URL: gw.URL}).Send(ctx, "+79120000001", "", "Код: 654321"); err != nil {
		t.Fatalf("accepted send: %v", err)
	}
	if c := <-calls; c.auth != "" || c.body["text"] != "Код: 654321" {
		t.Fatalf("second call %+v", c)
	}
}
