package portal_test

import (
	"context"
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
	"kabinet/shared/npd"
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
// Each iteration is the two requests a browser sends; the browser keeps
// its cookie, so each sign-in ends the one before (as a person signing
// in again does), not a session over SESSION_MAX with its notices.
func BenchmarkPasskeySignIn(b *testing.B) {
	e := startBench(b)
	c := e.Client()
	p := person(e, c, "+79125550003", "bench3@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	d := newDevice(b, e, virtualwebauthn.AuthenticatorOptions{})
	addPasskey(b, c, d, "Телефон")
	var lat latency
	browser := e.Client()
	b.ResetTimer()
	for b.Loop() {
		began := time.Now()
		if _, err := passkeyLogin(b, browser, d); err != nil {
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

// BenchmarkReceiptCreate issues receipts through the API: the session,
// the factor check, validation, the payer's row lock, the year's income
// against the limit, the engine's tax, the insert and the deduction.
// Sequential: one person at a phone. Reports receipts/s and p50/p99.
func BenchmarkReceiptCreate(b *testing.B) {
	benchReceipts(b, 1, 0)
}

// BenchmarkReceiptCreateBusyYear is one client of a payer with 50 000
// receipts this year already (a courier's year): the limit check reads
// the year's running total, so it costs what it costs for a new payer.
func BenchmarkReceiptCreateBusyYear(b *testing.B) {
	benchReceipts(b, 1, 50_000)
}

// BenchmarkReceiptCreateParallel is 8 clients of one payer at once: the
// receipts queue on the payer's row lock (that is what keeps the
// deduction from being spent twice).
func BenchmarkReceiptCreateParallel(b *testing.B) {
	benchReceipts(b, 8, 0)
}

func benchReceipts(b *testing.B, clients, prior int) {
	e := startBench(b)
	e.SeedDemo()
	ivan := e.Client()
	ivan.MustOK("POST", "/login", shared.LoginRequest{Login: "ivan@example.ru", Password: "Kabinet-Demo-2026"}, nil)
	addPasskey(b, ivan, newDevice(b, e, virtualwebauthn.AuthenticatorOptions{}), "Телефон")
	ivan.MustOK("POST", "/npd/register", npd.RegisterRequest{Region: "77", Activities: []string{"it"}}, nil)
	if prior > 0 { // earlier this year: 10 ₽ each, the way receipts are stored
		if _, err := e.DB.ExecContext(context.Background(), `
			INSERT INTO npd_receipts (number, account_id, items, total, buyer_type, payment, settled_at, tax, deduction_used)
			SELECT 'b' || g, p.account_id, '[{"name":"Доставка","quantity":1,"amount":1000}]', 1000, 'person', 'cash',
				date_trunc('year', now()) + g * interval '1 second', 30, 10
			FROM npd_payers p, generate_series(1, ?) g`, prior); err != nil {
			b.Fatal(err)
		}
		if _, err := e.DB.ExecContext(context.Background(), `INSERT INTO npd_year_income (account_id, year, income)
			SELECT account_id, extract(year FROM now() AT TIME ZONE 'Europe/Moscow')::int, ? * 1000 FROM npd_payers`, prior); err != nil {
			b.Fatal(err)
		}
		if _, err := e.DB.ExecContext(context.Background(), "ANALYZE npd_receipts"); err != nil {
			b.Fatal(err)
		}
	}
	body := `{"items":[{"name":"Консультация","quantity":1,"amount":100}],"buyerType":"person","payment":"cash"}`
	send := func() (*http.Response, error) {
		req, _ := http.NewRequest("POST", e.URL+shared.APIPrefix+"/npd/receipts", strings.NewReader(body))
		req.Header.Set("Origin", e.URL)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(shared.AppHeader, shared.AppHeaderValue)
		return ivan.HTTP.Do(req)
	}
	var lat latency
	var next sync.Mutex
	b.ResetTimer()
	start := time.Now()
	left := b.N
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine latency
			for {
				next.Lock()
				if left == 0 {
					next.Unlock()
					break
				}
				left--
				next.Unlock()
				t0 := time.Now()
				resp, err := send()
				if err != nil {
					b.Error(err) // not Fatal: this is not the benchmark's goroutine
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					b.Errorf("status %d", resp.StatusCode)
					return
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "receipts/s")
	lat.report(b)
}
