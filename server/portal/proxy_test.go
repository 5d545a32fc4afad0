package portal_test

import (
	"net/http"
	"net/netip"
	"testing"
	"time"

	"kabinet/server/config"
	"kabinet/shared"
)

// behindProxy trusts the loopback address the tests connect from, as a
// portal behind nginx on the same host would.
func behindProxy(c *config.Config) {
	c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("10.0.0.0/8")}
}

// The journal records the client named by a trusted proxy — the right-most
// address that is not a proxy — and the socket's peer otherwise.
func TestJournalIPBehindProxy(t *testing.T) {
	for _, tc := range []struct {
		name string
		tune func(*config.Config)
		want string
	}{
		{"trusted proxy", behindProxy, "198.51.100.23"},
		{"no trusted proxies", nil, "127.0.0.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := start(t, tc.tune)
			c := e.Client()
			c.Header = http.Header{"X-Forwarded-For": {"6.6.6.6, 198.51.100.23", "10.0.0.5"}}
			person(e, c, "+79120000001", "proxy@example.ru")
			c.MustOK("POST", "/login", shared.LoginRequest{Login: "proxy@example.ru", Password: goodPassword}, nil)
			var page shared.JournalPage
			c.MustOK("GET", "/me/journal", nil, &page)
			if len(page.Items) == 0 {
				t.Fatal("the journal is empty")
			}
			for _, it := range page.Items {
				if it.IP != tc.want {
					t.Errorf("%s recorded from %q, want %q", it.Kind, it.IP, tc.want)
				}
			}
		})
	}
}

// The per-IP sign-in limit counts each client behind a trusted proxy on
// its own, and cannot be dodged by a forged header from anyone else.
func TestPerIPThrottleBehindProxy(t *testing.T) {
	limit := func(c *config.Config) { c.IPLimit = 2; c.IPWindow = time.Hour }
	login := shared.LoginRequest{Login: "x@example.ru", Password: "y"}
	for _, tc := range []struct {
		name      string
		tune      func(*config.Config)
		otherIsOK bool // a third attempt from another forwarded address passes
	}{
		{"trusted proxy", func(c *config.Config) { limit(c); behindProxy(c) }, true},
		{"no trusted proxies", limit, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := start(t, tc.tune)
			c := e.Client()
			for i := 0; i < 2; i++ {
				if status, _ := c.Do("POST", "/login", login, nil, "X-Real-IP", "198.51.100.1"); status == http.StatusTooManyRequests {
					t.Fatalf("attempt %d throttled", i+1)
				}
			}
			if status, _ := c.Do("POST", "/login", login, nil, "X-Real-IP", "198.51.100.1"); status != http.StatusTooManyRequests {
				t.Fatalf("third attempt from the same client: %d, want 429", status)
			}
			status, _ := c.Do("POST", "/login", login, nil, "X-Real-IP", "198.51.100.2")
			if got := status != http.StatusTooManyRequests; got != tc.otherIsOK {
				t.Fatalf("an attempt from another forwarded address: %d", status)
			}
		})
	}
}
