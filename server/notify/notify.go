// Package notify owns the outbox: every e-mail and SMS the portal sends is
// written there in the same transaction as the change that caused it, and a
// job delivers it through the configured channel (SMTP for e-mail, an HTTP
// gateway for SMS). In development mode every message is also readable on
// the dev outbox page and in the server log, so codes can be read without a
// phone or a mail server.
package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/jobs"
	"kabinet/shared"
)

// Message is one message to send.
type Message struct {
	AccountID string
	Channel   string // shared.ChannelSMS or shared.ChannelEmail
	To        string
	Subject   string
	Body      string
	// Code marks a one-time code: it waits Budget.Pause after the previous
	// code to the same destination and counts against Budget.Codes; any
	// other message is a notice (Budget.Notices).
	Code bool
}

// Sender delivers a message through a real channel.
type Sender interface {
	Send(ctx context.Context, to, subject, body string) error
}

// Service writes and delivers messages.
type Service struct {
	db  *bun.DB
	log *slog.Logger
	dev bool
	// publicURL makes the links in e-mails absolute.
	publicURL string
	email     Sender // nil: e-mail stays in the outbox
	sms       Sender // nil: SMS stays in the outbox
	budget    Budget
}

// New returns the service; email or sms may be nil when not configured.
func New(db *bun.DB, log *slog.Logger, dev bool, publicURL string, email, sms Sender, budget Budget) *Service {
	return &Service{db: db, log: log, dev: dev, publicURL: publicURL, email: email, sms: sms, budget: budget}
}

type outboxRow struct {
	bun.BaseModel `bun:"table:outbox"`

	ID        int64     `bun:"id,pk,autoincrement"`
	AccountID *string   `bun:"account_id,type:uuid"`
	Channel   string    `bun:"channel"`
	Recipient string    `bun:"recipient"`
	Subject   string    `bun:"subject"`
	Body      string    `bun:"body"`
	CreatedAt time.Time `bun:"created_at,nullzero,default:now()"`
	SentAt    time.Time `bun:"sent_at,nullzero"`
	LastError string    `bun:"last_error"`
}

const deliverJob = "notify.deliver"

// Send records m in db's transaction and schedules its delivery, within
// the destination's budget. A code over budget is refused with a typed
// error (resend_too_soon or rate_limited, with the seconds to wait) for
// the caller to answer or hide; a notice over budget is dropped, logged,
// and the caller's change goes on.
func (s *Service) Send(ctx context.Context, db bun.IDB, m Message) error {
	if err := s.spend(ctx, db, m); err != nil {
		if errors.Is(err, errOverBudget) {
			s.log.Warn("notice over the daily budget, not sent", "account", m.AccountID, "channel", m.Channel)
			return nil
		}
		return err
	}
	r := &outboxRow{Channel: m.Channel, Recipient: m.To, Subject: m.Subject, Body: m.Body}
	if m.AccountID != "" {
		r.AccountID = &m.AccountID
	}
	if _, err := db.NewInsert().Model(r).Returning("id").Exec(ctx); err != nil {
		return fmt.Errorf("notify.Send: %w", err)
	}
	if err := jobs.Enqueue(ctx, db, deliverJob, map[string]int64{"id": r.ID}); err != nil {
		return fmt.Errorf("notify.Send: %w", err)
	}
	if s.dev {
		// Development only: the message (and so any code in it) in the log.
		s.log.Info("dev outbox", "channel", m.Channel, "to", m.To, "subject", m.Subject, "body", m.Body)
	}
	return nil
}

// Register adds the delivery job to q.
func (s *Service) Register(q *jobs.Queue) { q.Register(deliverJob, s.deliver) }

func (s *Service) deliver(ctx context.Context, payload json.RawMessage) error {
	var p struct{ ID int64 }
	if err := json.Unmarshal(payload, &p); err != nil {
		return fmt.Errorf("notify.deliver: %w", err)
	}
	var r outboxRow
	if err := s.db.NewSelect().Model(&r).Where("id = ?", p.ID).Scan(ctx); err != nil {
		return fmt.Errorf("notify.deliver(%d): %w", p.ID, err)
	}
	if !r.SentAt.IsZero() {
		return nil // delivered by an earlier attempt that failed to record done
	}
	sender := s.email
	if r.Channel == shared.ChannelSMS {
		sender = s.sms
	}
	if sender == nil {
		return nil // channel not configured: the outbox is the only copy
	}
	if err := sender.Send(ctx, r.Recipient, r.Subject, r.Body); err != nil {
		_, _ = s.db.NewUpdate().Model(&r).Set("last_error = ?", err.Error()).WherePK().Exec(ctx)
		return fmt.Errorf("notify.deliver(%d): %w", p.ID, err)
	}
	_, err := s.db.NewUpdate().Model(&r).Set("sent_at = now(), last_error = ''").WherePK().Exec(ctx)
	return err
}

// Outbox returns the newest messages (the dev outbox page).
func (s *Service) Outbox(ctx context.Context, limit int) ([]shared.OutboxMessage, error) {
	var rows []outboxRow
	if err := s.db.NewSelect().Model(&rows).OrderExpr("id DESC").Limit(int64(limit)).Scan(ctx); err != nil {
		return nil, fmt.Errorf("notify.Outbox: %w", err)
	}
	out := make([]shared.OutboxMessage, 0, len(rows))
	for _, r := range rows {
		out = append(out, shared.OutboxMessage{ID: r.ID, Channel: r.Channel, To: r.Recipient, Subject: r.Subject, Body: r.Body, CreatedAt: r.CreatedAt})
	}
	return out, nil
}
