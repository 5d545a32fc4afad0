package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"kabinet/server/config"
)

// HTTPSMS sends SMS through an HTTP gateway: one POST of
// {"to": "+7…", "text": "…", "from": "…"} as JSON to SMS_GATEWAY_URL with
// "Authorization: Bearer SMS_GATEWAY_TOKEN". A 2xx answer means the
// gateway took the message; anything else is an error and the delivery job
// tries again later. Providers' own APIs differ: put a small relay that
// speaks this request in front of one.
type HTTPSMS struct {
	cfg    config.SMSGateway
	client *http.Client
}

// NewHTTPSMS returns the gateway, or nil when SMS_GATEWAY_URL is empty.
func NewHTTPSMS(cfg config.SMSGateway) *HTTPSMS {
	if cfg.URL == "" {
		return nil
	}
	return &HTTPSMS{cfg: cfg, client: &http.Client{Timeout: 15 * time.Second}}
}

// Send delivers one SMS (subject is not part of an SMS).
func (g *HTTPSMS) Send(ctx context.Context, to, subject, body string) error {
	payload, err := json.Marshal(map[string]string{"to": to, "text": body, "from": g.cfg.From})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.cfg.URL, bytes.NewReader(payload))
	if err != nil {
		return fmt.Errorf("notify: SMS gateway: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if g.cfg.Token != "" {
		req.Header.Set("Authorization", "Bearer "+g.cfg.Token)
	}
	resp, err := g.client.Do(req)
	if err != nil {
		return fmt.Errorf("notify: SMS gateway: %w", err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("notify: SMS gateway answered %d: %q", resp.StatusCode, answer)
	}
	return nil
}
