package api

import (
	"bytes"
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

const clientIPKey = "kabinet.client_ip"

// TrustProxies decides, once per request, which address is the client's and
// keeps it for ClientIP. The socket's peer is the client unless it is one of
// the trusted proxies (TRUSTED_PROXIES); only then are X-Forwarded-For and
// X-Real-IP believed, since anyone can send them. With no trusted proxies
// the headers are never read.
func TrustProxies(trusted []netip.Prefix) fiber.Handler {
	return func(c *fiber.Ctx) error {
		peer, ok := netip.AddrFromSlice(c.Context().RemoteIP())
		if !ok {
			return c.Next() // no socket (app.Test): ClientIP falls back
		}
		if len(trusted) > 0 {
			var forwarded []string
			for _, v := range c.Request().Header.PeekAll(fiber.HeaderXForwardedFor) {
				forwarded = append(forwarded, strings.Split(string(v), ",")...)
			}
			realIP := string(bytes.TrimSpace(c.Request().Header.Peek("X-Real-Ip")))
			peer = clientIP(peer, forwarded, realIP, trusted)
		}
		c.Locals(clientIPKey, peer.Unmap().String())
		return c.Next()
	}
}

// ClientIP is the address of the client as TrustProxies decided it — the
// one the per-IP limit, the journal and the new-device notices use.
func ClientIP(c *fiber.Ctx) string {
	if ip, ok := c.Locals(clientIPKey).(string); ok {
		return ip
	}
	return c.IP() // an app without TrustProxies: the socket's peer
}

// clientIP applies the trusted-proxy rule. forwarded is X-Forwarded-For's
// list, oldest hop first; each proxy appends the address it was reached
// from, so the list is read from the right and the first address that is
// not a trusted proxy is the client (entries further left are whatever
// that client claimed). When every entry is trusted, the left-most is the
// nearest thing to a client. An entry that is not an address ends the walk
// at the last address a trusted hop vouched for. Without X-Forwarded-For,
// X-Real-IP (a single address set by the proxy) is taken.
func clientIP(peer netip.Addr, forwarded []string, realIP string, trusted []netip.Prefix) netip.Addr {
	if !isTrusted(peer, trusted) {
		return peer
	}
	if len(forwarded) == 0 {
		if a, ok := parseAddr(realIP); ok {
			return a
		}
		return peer
	}
	client := peer
	for i := len(forwarded) - 1; i >= 0; i-- {
		a, ok := parseAddr(forwarded[i])
		if !ok {
			return client
		}
		client = a
		if !isTrusted(a, trusted) {
			return a
		}
	}
	return client
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	a = a.Unmap()
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// parseAddr reads one address as proxies write it: bare, or with a port
// ("192.0.2.1:4711", "[2001:db8::1]:4711").
func parseAddr(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}
