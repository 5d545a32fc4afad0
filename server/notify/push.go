package notify

import (
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"
	"github.com/uptrace/bun"

	"kabinet/server/jobs"
	"kabinet/shared"
)

// Web Push: the browser subscribes with the server's VAPID public key; a
// message is encrypted for the subscription (RFC 8291, aes128gcm, by
// webpush-go) and POSTed to its push service with a VAPID JWT (RFC 8292).
// The payload is what go-app's service worker shows: title, body, path.

// Push is the Web Push sender.
type Push struct {
	db         *bun.DB
	private    string // VAPID private key, base64url
	public     string // VAPID public key (uncompressed P-256 point), base64url
	subscriber string // contact for push services (mailto: or https:)
	client     webpush.HTTPClient
}

// PushMessage is what the phone shows.
type PushMessage struct {
	Title string `json:"title"`
	Body  string `json:"body"`
	Path  string `json:"path"` // opened on a tap
	Icon  string `json:"icon,omitempty"`
}

// NewPush loads the VAPID key pair, creating it on first start (every
// process reads the same pair from server_keys).
func NewPush(ctx context.Context, db *bun.DB, publicURL string) (*Push, error) {
	fresh, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	if _, err := db.NewRaw("INSERT INTO server_keys (name, key) VALUES ('vapid', ?) ON CONFLICT (name) DO NOTHING", fresh.Bytes()).Exec(ctx); err != nil {
		return nil, fmt.Errorf("notify.NewPush: %w", err)
	}
	var d []byte
	if err := db.NewRaw("SELECT key FROM server_keys WHERE name = 'vapid'").Scan(ctx, &d); err != nil {
		return nil, fmt.Errorf("notify.NewPush: %w", err)
	}
	key, err := ecdh.P256().NewPrivateKey(d)
	if err != nil {
		return nil, fmt.Errorf("notify.NewPush: VAPID key: %w", err)
	}
	return &Push{db: db, private: base64.RawURLEncoding.EncodeToString(d),
		public: base64.RawURLEncoding.EncodeToString(key.PublicKey().Bytes()), subscriber: publicURL,
		client: &http.Client{Timeout: 15 * time.Second}}, nil
}

// PublicKey is the VAPID key the browser subscribes with.
func (p *Push) PublicKey() string { return p.public }

// Subscribe stores the browser's subscription for its session; the same
// endpoint moves to the newest session.
func (p *Push) Subscribe(ctx context.Context, accountID string, sessionID []byte, sub shared.PushSubscription) error {
	if err := sub.Validate(); err != nil {
		return err
	}
	_, err := p.db.NewRaw(`INSERT INTO push_subscriptions (endpoint, account_id, session_id, p256dh, auth) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (endpoint) DO UPDATE SET account_id = EXCLUDED.account_id, session_id = EXCLUDED.session_id,
			p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth, created_at = now()`,
		sub.Endpoint, accountID, sessionID, sub.Keys.P256dh, sub.Keys.Auth).Exec(ctx)
	if err != nil {
		return fmt.Errorf("notify.Subscribe: %w", err)
	}
	return nil
}

// Unsubscribe forgets the session's subscriptions.
func (p *Push) Unsubscribe(ctx context.Context, sessionID []byte) error {
	_, err := p.db.NewRaw("DELETE FROM push_subscriptions WHERE session_id = ?", sessionID).Exec(ctx)
	return err
}

// Subscribed reports whether the session has a subscription.
func (p *Push) Subscribed(ctx context.Context, sessionID []byte) (bool, error) {
	return p.db.NewSelect().Table("push_subscriptions").Where("session_id = ?", sessionID).Exists(ctx)
}

const pushJob = "notify.push"

// Send schedules m for every subscription of the sessions, in db's
// transaction (one job each: a dead endpoint does not hold up the others).
func (p *Push) Send(ctx context.Context, db bun.IDB, sessionIDs [][]byte, m PushMessage, ttl time.Duration) error {
	if len(sessionIDs) == 0 {
		return nil
	}
	var endpoints []string
	if err := db.NewSelect().Table("push_subscriptions").Column("endpoint").Where("session_id IN (?)", bun.In(sessionIDs)).Scan(ctx, &endpoints); err != nil {
		return fmt.Errorf("notify.Push.Send: %w", err)
	}
	for _, ep := range endpoints {
		if err := jobs.Enqueue(ctx, db, pushJob, pushPayload{Endpoint: ep, Message: m, TTL: int(ttl.Seconds())}); err != nil {
			return err
		}
	}
	return nil
}

type pushPayload struct {
	Endpoint string      `json:"endpoint"`
	Message  PushMessage `json:"message"`
	TTL      int         `json:"ttl"`
}

// Register adds the delivery job to q.
func (p *Push) Register(q *jobs.Queue) { q.Register(pushJob, p.deliver) }

func (p *Push) deliver(ctx context.Context, raw json.RawMessage) error {
	var j pushPayload
	if err := json.Unmarshal(raw, &j); err != nil {
		return fmt.Errorf("notify.push: %w", err)
	}
	var sub webpush.Subscription
	err := p.db.NewRaw("SELECT endpoint, p256dh, auth FROM push_subscriptions WHERE endpoint = ?", j.Endpoint).
		Scan(ctx, &sub.Endpoint, &sub.Keys.P256dh, &sub.Keys.Auth)
	if err != nil {
		return nil // unsubscribed (or its session ended) meanwhile
	}
	body, err := json.Marshal(j.Message)
	if err != nil {
		return err
	}
	resp, err := webpush.SendNotificationWithContext(ctx, body, &sub, &webpush.Options{
		HTTPClient: p.client, Subscriber: p.subscriber, VAPIDPublicKey: p.public, VAPIDPrivateKey: p.private,
		TTL: j.TTL, Urgency: webpush.UrgencyHigh,
	})
	if err != nil {
		return fmt.Errorf("notify.push: %w", err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		// The browser dropped the subscription: forget it.
		_, err := p.db.NewRaw("DELETE FROM push_subscriptions WHERE endpoint = ?", j.Endpoint).Exec(ctx)
		return err
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return fmt.Errorf("notify.push: the push service answered %d: %q", resp.StatusCode, answer)
	}
	_, err = p.db.NewRaw("UPDATE push_subscriptions SET last_ok_at = now() WHERE endpoint = ?", j.Endpoint).Exec(ctx)
	return err
}
