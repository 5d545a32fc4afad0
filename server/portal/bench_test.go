package portal_test

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/descope/virtualwebauthn"

	"kabinet/server/config"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

// startBench runs a portal for a benchmark, with throttling out of the way.
func startBench(b *testing.B) *portaltest.Env {
	return start(b, func(c *config.Config) { c.IPLimit = 1 << 30 })
}

var mu sync.Mutex

// latency records per-request durations and reports p50/p99 in ms.
type latency []time.Duration

func (l latency) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	slices.Sort(l)
	b.ReportMetric(float64(l[len(l)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(l[len(l)*99/100].Microseconds())/1000, "p99-ms")
}

func timed(b *testing.B, lat *latency, req func() (*http.Response, error)) {
	start := time.Now()
	resp, err := req()
	if err != nil {
		b.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		b.Fatalf("status %d", resp.StatusCode)
	}
	*lat = append(*lat, time.Since(start))
}

// BenchmarkPasswordSignIn is the whole password sign-in over HTTP: the
// throttle, the account lookup, one argon2id verification, the session and
// the journal entry.
func BenchmarkPasswordSignIn(b *testing.B) {
	e := startBench(b)
	c := e.Client()
	p := person(e, c, "+79125550001", "bench@example.ru")
	body := `{"login":"` + p.Email + `","password":"` + goodPassword + `"}`
	var lat latency
	b.ResetTimer()
	for b.Loop() {
		timed(b, &lat, func() (*http.Response, error) {
			req, _ := http.NewRequest("POST", e.URL+shared.APIPrefix+"/login", strings.NewReader(body))
			req.Header.Set("Origin", e.URL)
			req.Header.Set(shared.AppHeader, shared.AppHeaderValue)
			return http.DefaultClient.Do(req)
		})
	}
	lat.report(b)
}

// BenchmarkPasskeySignIn is a whole sign-in without a login: the options
// (a ceremony stored in PostgreSQL) and the answer (the ceremony taken
// once, the handle and credentials looked up, an ECDSA P-256 signature
// verified, the sign count written back, the session and the journal).
// Each iteration is the two requests a browser sends.
func BenchmarkPasskeySignIn(b *testing.B) {
	e := startBench(b)
	c := e.Client()
	p := person(e, c, "+79125550003", "bench3@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	d := newDevice(b, e, virtualwebauthn.AuthenticatorOptions{})
	addPasskey(b, c, d, "Телефон")
	var lat latency
	b.ResetTimer()
	for b.Loop() {
		began := time.Now()
		if _, err := passkeyLogin(b, e.Client(), d); err != nil {
			b.Fatalf("passkey sign-in: %+v", err)
		}
		lat = append(lat, time.Since(began))
	}
	lat.report(b)
}

// BenchmarkAuthenticatedRequest is a signed-in API call: cookie → session
// lookup and touch → account → JSON.
func BenchmarkAuthenticatedRequest(b *testing.B) {
	e := startBench(b)
	c := e.Client()
	p := person(e, c, "+79125550002", "bench2@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	var lat latency
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var mine latency
		for pb.Next() {
			timed(b, &mine, func() (*http.Response, error) { return c.HTTP.Get(e.URL + shared.APIPrefix + "/session") })
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	lat.report(b)
}

// BenchmarkPrerenderedPage is a page answered by the server (go-app
// prerenders it before WASM takes over).
func BenchmarkPrerenderedPage(b *testing.B) {
	e := startBench(b)
	var lat latency
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var mine latency
		for pb.Next() {
			timed(b, &mine, func() (*http.Response, error) { return http.Get(e.URL + "/login") })
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	lat.report(b)
}
