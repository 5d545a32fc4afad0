package portal_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"crypto/sha256"

	"github.com/descope/virtualwebauthn"
	"github.com/gofiber/fiber/v2"
	"github.com/uptrace/bun"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

// loadFor is how long each measured run lasts; runs are bounded in time
// and the load stays on loopback.
const loadFor = 3 * time.Second

// TestLoad is `make bench`'s report. The product runs as in production,
// in its own process (the binary built from this tree on its embedded
// PostgreSQL with fsync on, see product); beside it in the same run, on
// the same cluster, a minimal endpoint on the same stack (Fiber +
// Bun/pgdriver, one session SELECT and one INSERT into a table shaped like
// receipts), so the ratio means something on a shared, noisy machine.
// This process is only the load: bounded in time, on loopback. It prints
// and appends to var/bench/load.txt. Skipped unless KABINET_LOAD is set;
// KABINET_LOAD_PROFILE=DIR also saves CPU and allocation profiles of the
// server, and KABINET_LOAD_PGSS adds what PostgreSQL did per receipt (8
// clients), per passkey and per password sign-in (pg_stat_statements;
// see pgStats). KABINET_LOAD_ONLY=receipt,passkey,password (any of them)
// runs only those parts, to compare one part's runs quickly.
func TestLoad(t *testing.T) {
	if os.Getenv("KABINET_LOAD") == "" {
		t.Skip("KABINET_LOAD is not set (make bench sets it)")
	}
	srv, stats := startProduct(t).withPgStats(t)
	e := srv.env(t)
	out := &progress{}
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Fprintf(out, "# %s, %d cores, load average %s", time.Now().Format(time.RFC3339), runtime.NumCPU(), load)
	only := os.Getenv("KABINET_LOAD_ONLY")
	part := func(name string) bool { return only == "" || slices.Contains(strings.Split(only, ","), name) }
	if part("receipt") {
		loadReceipts(t, srv, e, stats, out)
	}
	if part("passkey") {
		loadPasskeys(t, srv, e, stats, out)
	}
	if part("password") {
		loadPasswords(t, srv, e, stats, out)
	}
	peak, now := srv.memory()
	took, settled := srv.settle(100 << 20)
	// The hasher gives its slots' memory back a second after the last
	// hash: what the server keeps when idle.
	time.Sleep(3 * time.Second)
	_, idle := srv.memory()
	fmt.Fprintf(out, "server RSS peak (VmHWM) %d MB, at the end %d MB, %d MB %s later, %d MB 3s after that\n",
		peak>>20, now>>20, settled>>20, took.Round(time.Second), idle>>20)
	report(t, out.String())
}

// loadReceipts is the report's receipts at 1, 8 and 32 clients of as many
// payers, beside the minimal endpoint.
func loadReceipts(t *testing.T, srv *product, e *portaltest.Env, stats *pgStats, out io.Writer) {
	minimal := minimalEndpoint(t, srv.superDB(t))
	var toMinimal, toPortal []*loadClient
	for _, p := range loadPayers(t, e, 32) {
		toMinimal = append(toMinimal, newLoadClient(minimal, p.HTTP.Jar))
		toPortal = append(toPortal, newLoadClient(e.URL, p.HTTP.Jar))
	}
	for _, n := range []int{1, 8, 32} {
		m := drive(n, func(i int) error { _, err := toMinimal[i].post("/minimal", nil); return err })
		done := srv.profile(fmt.Sprintf("receipt-%d", n), loadFor-time.Second)
		receipt := func(i int) error {
			_, err := toPortal[i].post(shared.APIPrefix+"/npd/receipts", receiptBody)
			return err
		}
		var r result
		stats.reset(t)
		cpu := srv.cpu(func() { r = drive(n, receipt) })
		done()
		fmt.Fprintf(out, "receipt  %2d clients: %s | minimal %s | ratio %.2f\n", n, r, m, r.rate/m.rate)
		fmt.Fprintf(out, "         %s; RSS peak so far %d MB\n", cpu.per(r), srv.peak()>>20)
		if n == 8 {
			stats.report(t, out, r.n)
		}
		if n > 1 {
			paced := pace(n, 0.8*r.rate, receipt)
			fmt.Fprintf(out, "         at 80%% of it: %s\n", paced)
		}
	}
}

// loadPasskeys is the report's passkey sign-ins, 8 clients (and 1 with
// KABINET_LOAD_PGSS).
func loadPasskeys(t *testing.T, srv *product, e *portaltest.Env, stats *pgStats, out io.Writer) {
	devices := passkeyPeople(t, e, 8)
	done := srv.profile("passkey-8", loadFor) // the whole window
	// Each person signs in again in the same browser, which sends its
	// cookie: the sign-in ends the session before it, so the person stays
	// within SESSION_MAX and no sign-in ends another device's session (a
	// journal entry and two notices) as a new browser each time would.
	browsers := make([]*loadClient, len(devices))
	keys := make([]*loadKey, len(devices))
	for i := range browsers {
		browsers[i] = newLoadClient(e.URL, nil)
		keys[i] = newLoadKey(devices[i], "localhost", e.LocalURL)
	}
	var pk result
	stats.reset(t)
	cpu := srv.cpu(func() { pk = drive(8, func(i int) error { return passkeySignIn(browsers[i], keys[i]) }) })
	done()
	fmt.Fprintf(out, "passkey   8 clients: %s (options + finish)\n         %s; RSS peak so far %d MB\n         %s\n",
		pk, cpu.per(pk), srv.peak()>>20, cpu.dbPer(pk))
	stats.report(t, out, pk.n)
	if stats != nil {
		// One client: each statement's time is then mostly its CPU, not
		// waits for locks and for the processor.
		stats.reset(t)
		one := drive(1, func(int) error { return passkeySignIn(browsers[0], keys[0]) })
		fmt.Fprintf(out, "passkey   1 client:  %s\n", one)
		stats.report(t, out, one.n)
	}
}

// pace runs n clients that together start rate requests a second, for
// loadFor, and measures each from the moment it was due (so a queue that
// builds up counts in the latency).
func pace(n int, rate float64, do func(int) error) result {
	due := make(chan time.Time, n)
	go func() {
		defer close(due)
		began := time.Now()
		for k := 0; ; k++ {
			at := began.Add(time.Duration(float64(k) / rate * float64(time.Second)))
			if at.After(began.Add(loadFor)) {
				return
			}
			time.Sleep(time.Until(at))
			due <- at
		}
	}()
	var mu sync.Mutex
	var lat []time.Duration
	var failed atomic.Int64
	began := time.Now()
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for at := range due {
				if do(i) != nil {
					failed.Add(1)
					continue
				}
				mu.Lock()
				lat = append(lat, time.Since(at))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(lat) == 0 || failed.Load() > 0 {
		panic(fmt.Sprintf("load: %d paced requests failed, %d succeeded", failed.Load(), len(lat)))
	}
	slices.Sort(lat)
	return result{rate: float64(len(lat)) / time.Since(began).Seconds(), p50: lat[len(lat)/2], p99: lat[len(lat)*99/100], n: len(lat)}
}

// passkeySignIn is one whole passkey sign-in in c: options, then finish,
// signed by the device for the challenge of those options.
func passkeySignIn(c *loadClient, d *loadKey) error {
	got, err := c.post(shared.APIPrefix+"/login/passkey/options", []byte("{}"))
	if err != nil {
		return err
	}
	var o shared.PasskeyOptions
	if err := json.Unmarshal(got, &o); err != nil {
		return fmt.Errorf("passkey options %.200q: %w", got, err)
	}
	ceremony, _ := json.Marshal(o.Ceremony)
	body := append(append([]byte(`{"ceremony":`), ceremony...), `,"credential":`...)
	cred, err := d.get(o.Options)
	if err != nil {
		return err
	}
	body = append(append(body, cred...), '}')
	before := c.cookies[loadSessionCookie]
	if _, err := c.post(shared.APIPrefix+"/login/passkey", body); err != nil {
		return err
	}
	return c.newSession(before)
}

// progress prints each line of the report as it is made and keeps it.
type progress struct{ strings.Builder }

func (p *progress) Write(b []byte) (int, error) {
	os.Stdout.Write(b)
	return p.Builder.Write(b)
}

var receiptBody = []byte(`{"items":[{"name":"Консультация","quantity":1,"amount":100}],"buyerType":"person","payment":"cash"}`)

// result is one measured run.
type result struct {
	rate     float64
	p50, p99 time.Duration
	n        int // requests that succeeded
}

func (r result) String() string {
	return fmt.Sprintf("%7.0f/s p50 %5.1f ms p99 %5.1f ms", r.rate, ms(r.p50), ms(r.p99))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// drive runs n clients calling do(client) for loadFor and measures them.
func drive(n int, do func(int) error) result {
	var mu sync.Mutex
	var lat []time.Duration
	var failed atomic.Int64
	var firstErr error
	var errOnce sync.Once
	end := time.Now().Add(loadFor)
	began := time.Now()
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(end) {
				t0 := time.Now()
				if err := do(i); err != nil {
					failed.Add(1)
					errOnce.Do(func() { firstErr = err })
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if len(lat) == 0 || failed.Load() > 0 {
		panic(fmt.Sprintf("load: %d requests failed (%v), %d succeeded", failed.Load(), firstErr, len(lat)))
	}
	slices.Sort(lat)
	return result{rate: float64(len(lat)) / time.Since(began).Seconds(), p50: lat[len(lat)/2], p99: lat[len(lat)*99/100], n: len(lat)}
}

// minimalEndpoint serves, on the portal's database and driver, only what
// a receipt must do: one session SELECT and one INSERT.
func minimalEndpoint(t *testing.T, database *bun.DB) string {
	ctx := context.Background()
	if _, err := database.ExecContext(ctx, `CREATE TABLE bench_minimal (LIKE npd_receipts INCLUDING DEFAULTS)`); err != nil {
		t.Fatal(err)
	}
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Post("/minimal", func(c *fiber.Ctx) error {
		var account string
		err := database.NewRaw("SELECT account_id FROM sessions WHERE id = ? AND revoked_at IS NULL AND expires_at > now()",
			hashCookie(c.Cookies(loadSessionCookie))).Scan(c.UserContext(), &account)
		if err != nil {
			return fiber.ErrUnauthorized
		}
		_, err = database.NewRaw(`INSERT INTO bench_minimal (number, account_id, items, total, buyer_type, payment, settled_at, tax, deduction_used)
			VALUES (?, ?, ?::jsonb, 100, 'person', 'cash', now(), 4, 0)`, rand.Text()[:10], account, `[{"name":"x","quantity":1,"amount":100}]`).
			Exec(c.UserContext())
		return err
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(ln)
	t.Cleanup(func() { app.Shutdown() })
	return "http://" + ln.Addr().String()
}

// loadPayers signs in n people and makes each a payer (straight in the
// database: the receipt path is measured, not registration), so that
// clients do not queue on one payer's row. Each sets up a passkey in its
// session: the cabinet needs a session that proved a second factor.
func loadPayers(t *testing.T, e *portaltest.Env, n int) []*portaltest.Client {
	var out []*portaltest.Client
	for i := range n {
		c := e.Client()
		p := person(e, c, fmt.Sprintf("+7912777%04d", i), fmt.Sprintf("load%d@example.ru", i))
		c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
		addPasskey(t, c, newDevice(t, e, virtualwebauthn.AuthenticatorOptions{}), "Телефон")
		if _, err := e.DB.ExecContext(context.Background(), `INSERT INTO npd_payers (account_id, inn, region, activities, status, deduction_left)
			SELECT id, '500100732259', '77', '{it}', 'active', 1000000 FROM accounts WHERE email = ?`, p.Email); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

func hashCookie(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// passkeyPeople gives each of n clients a person with a passkey on its
// own software authenticator (a device's sign count is its own).
func passkeyPeople(t *testing.T, e *portaltest.Env, n int) []*device {
	var out []*device
	for i := range n {
		c := e.Client()
		p := person(e, c, fmt.Sprintf("+7912888%04d", i), fmt.Sprintf("pk%d@example.ru", i))
		c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
		d := newDevice(t, e, virtualwebauthn.AuthenticatorOptions{})
		addPasskey(t, c, d, "Телефон")
		out = append(out, d)
	}
	return out
}

// report prints the run and appends it to var/bench/load.txt at the
// module's root, so two runs can be compared.
func report(t *testing.T, s string) {
	dir := filepath.Join("..", "..", "var", "bench")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(dir, "load.txt"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(s + "\n"); err != nil {
		t.Fatal(err)
	}
}
