package api

import (
	"net/netip"
	"strings"
	"testing"
)

func TestClientIP(t *testing.T) {
	private := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.1/32")}
	all := append(private, netip.MustParsePrefix("1.2.3.0/24"))
	list := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, ",")
	}
	for _, tc := range []struct {
		name, peer, xff, realIP string
		trusted                 []netip.Prefix
		want                    string
	}{
		{"no proxies configured", "203.0.113.9", "1.2.3.4", "1.2.3.4", nil, "203.0.113.9"},
		{"untrusted peer: headers ignored", "203.0.113.9", "1.2.3.4, 10.0.0.5", "1.2.3.4", private, "203.0.113.9"},
		{"right-most untrusted", "10.0.0.1", "1.2.3.4, 10.0.0.5", "", private, "1.2.3.4"},
		{"a forged left part is skipped", "10.0.0.1", "6.6.6.6, 1.2.3.4, 10.0.0.5", "", private, "1.2.3.4"},
		{"all trusted: the left-most", "10.0.0.1", "1.2.3.4, 10.0.0.5", "", all, "1.2.3.4"},
		{"with ports and IPv6", "10.0.0.1", "[2001:db8::7]:4711, 10.0.0.5:80", "", private, "2001:db8::7"},
		{"garbage stops at the last vouched hop", "10.0.0.1", "1.2.3.4, junk, 10.0.0.5", "", private, "10.0.0.5"},
		{"garbage right-most: the peer", "10.0.0.1", "1.2.3.4, junk", "", private, "10.0.0.1"},
		{"X-Real-IP from a trusted peer", "127.0.0.1", "", "1.2.3.4", private, "1.2.3.4"},
		{"X-Real-IP from an untrusted peer", "203.0.113.9", "", "1.2.3.4", private, "203.0.113.9"},
		{"X-Forwarded-For before X-Real-IP", "10.0.0.1", "5.6.7.8", "1.2.3.4", private, "5.6.7.8"},
		{"bad X-Real-IP: the peer", "10.0.0.1", "", "nonsense", private, "10.0.0.1"},
		{"IPv4-mapped peer", "::ffff:10.0.0.1", "1.2.3.4", "", private, "1.2.3.4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := clientIP(netip.MustParseAddr(tc.peer), list(tc.xff), tc.realIP, tc.trusted)
			if got.String() != tc.want {
				t.Fatalf("client = %s, want %s", got, tc.want)
			}
		})
	}
}
