package portal_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"kabinet/server/auth"
	"kabinet/server/config"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

// The password part of the report alternates short windows of raw
// hashes and of sign-ins, raw first and last, and sets each sign-in
// window beside the mean of the raw windows before and after it, so that
// the machine's other load, which drifts over seconds on a shared box,
// weighs on both sides alike. Each window counts only what ends in it,
// after a warm-up. A side waits for the other's window, so its hasher
// may have handed its heap back to the system (auth.Hasher's idle, a
// second after the last hash) when the other's last requests ended late;
// the warm-up lets it take its blocks back before the window opens.
const (
	pwRounds = 24
	pwWarm   = 250 * time.Millisecond
	pwWindow = 500 * time.Millisecond
)

// loadPasswords is the report's password sign-ins beside the raw argon2id
// rate on all cores: the server's own hasher (auth.Hasher, the same
// parameters, slots and memory limit) in a process of its own, hashing
// and nothing else (rawHasher). It prints every round, each side's
// median and the median of the rounds' ratios, and beside the rates the
// processor time per operation, which the machine's other load moves
// less.
func loadPasswords(t *testing.T, srv *product, e *portaltest.Env, stats *pgStats, out io.Writer) {
	// One person per password client, as sign-ins of different people:
	// one person's sign-ins queue on that account's journal chain. Four
	// times the cores in clients, so that a hash slot does not wait while
	// its client's sign-in reads, commits and answers, also when the
	// machine's other load delays those steps.
	var logins []string
	for i := range 4 * runtime.NumCPU() {
		logins = append(logins, person(e, e.Client(), fmt.Sprintf("+7912999%04d", i), fmt.Sprintf("pw%d@example.ru", i)).Email)
	}
	signIn := passwordSignIn(e, logins)
	raw := startRawHasher(t, srv)
	stats.reset(t)
	done := srv.profile("password", (2*pwRounds+1)*(pwWarm+pwWindow))
	var rounds []pwRound
	all := 0
	before := raw.round(t)
	for i := range pwRounds {
		var r pwRound
		var use []cpuUse
		var n int
		r.signIn, n = windowRun(len(logins), signIn, func() { use = append(use, srv.sample()) })
		r.server = use[1].sub(use[0])
		all += n
		after := raw.round(t)
		r.raw = before.with(after)
		before = after
		rounds = append(rounds, r)
		fmt.Fprintf(out, "         round %2d: %s\n", i+1, r)
	}
	done()
	ratio := func(r pwRound) float64 { return r.signIn.rate / r.raw.Rate }
	cpu := func(r pwRound) float64 { return ms(r.server.server) / float64(r.signIn.n) / r.raw.cpuPerHash() }
	all3 := func(r pwRound) float64 {
		return ms(r.server.server+r.server.db+r.server.load) / float64(r.signIn.n) / r.raw.cpuPerHash()
	}
	fmt.Fprintf(out, "password %2d clients: %7.0f/s | raw argon2id, the server's hasher on %d cores, %7.0f/s | ratio %.2f (rounds %.2f–%.2f)\n",
		len(logins), median(rounds, func(r pwRound) float64 { return r.signIn.rate }), runtime.NumCPU(),
		median(rounds, func(r pwRound) float64 { return r.raw.Rate }), median(rounds, ratio), least(rounds, ratio), most(rounds, ratio))
	fmt.Fprintf(out, "         medians of %d sign-in windows of %s, each beside the raw windows around it; RSS peak so far %d MB\n",
		pwRounds, pwWindow, srv.peak()>>20)
	fmt.Fprintf(out, "         CPU per sign-in / raw CPU per hash: server %.2f (rounds %.2f–%.2f), server + PostgreSQL + load %.2f (%.2f–%.2f)\n",
		median(rounds, cpu), least(rounds, cpu), most(rounds, cpu), median(rounds, all3), least(rounds, all3), most(rounds, all3))
	// A window that follows a long one of the other side (requests that
	// queued under the machine's other load) can find its hasher's heap
	// handed back: its hashes then fault it in again, and its rate means
	// less.
	faulted := 0
	for _, r := range rounds {
		if r.raw.Faults/int64(max(r.raw.N, 1)) > 100 || r.server.faults/int64(max(r.signIn.n, 1)) > 100 {
			faulted++
		}
	}
	if faulted > 0 {
		fmt.Fprintf(out, "         in %d of %d rounds a side faulted its heap in again (over 100 faults an operation): the machine was busy, the CPU ratios mean more than the rates\n",
			faulted, pwRounds)
	}
	stats.report(t, out, all)
}

// pwRound is one round of the password part: a sign-in window, with the
// processor time of the product in it, and the raw hashes' windows before
// and after it (rawRound.with).
type pwRound struct {
	raw    rawRound
	signIn result
	server cpuUse
}

func (r pwRound) String() string {
	if r.signIn.n == 0 {
		return fmt.Sprintf("raw %5.1f/s | no sign-in ended in the window: the machine stalled", r.raw.Rate)
	}
	n := float64(r.signIn.n)
	return fmt.Sprintf("raw %5.1f/s, CPU %.1f ms a hash (kernel %.2f, %d faults) | sign-in %5.1f/s p50 %5.1f ms, CPU server %.1f ms (kernel %.2f, %.0f faults), PostgreSQL %.1f ms, load %.2f ms | ratio %.2f",
		r.raw.Rate, r.raw.cpuPerHash(), ms(time.Duration(r.raw.Sys))/float64(r.raw.N), r.raw.Faults/int64(max(r.raw.N, 1)),
		r.signIn.rate, ms(r.signIn.p50), ms(r.server.server)/n, ms(r.server.serverSys)/n, float64(r.server.faults)/n,
		ms(r.server.db)/n, ms(r.server.load)/n, r.signIn.rate/r.raw.Rate)
}

// passwordSignIn is one whole password sign-in by client i, a browser per
// login that signs in again with its cookie (so the sign-in ends its
// session before, and none ends another's under SESSION_MAX).
func passwordSignIn(e *portaltest.Env, logins []string) func(int) error {
	browsers := make([]*loadClient, len(logins))
	bodies := make([][]byte, len(logins))
	for i, login := range logins {
		browsers[i] = newLoadClient(e.URL, nil)
		bodies[i] = []byte(`{"login":"` + login + `","password":"` + goodPassword + `"}`)
	}
	return func(i int) error {
		before := browsers[i].cookies[loadSessionCookie]
		if _, err := browsers[i].post(shared.APIPrefix+"/login", bodies[i]); err != nil {
			return err
		}
		return browsers[i].newSession(before)
	}
}

// windowRun runs n clients calling do(client) for pwWarm and then
// pwWindow, and measures the calls that end within the window; mark is
// called as the window opens and as it closes. It returns those and the
// number of calls made in all.
func windowRun(n int, do func(int) error, mark func()) (result, int) {
	began := time.Now()
	open, end := began.Add(pwWarm), began.Add(pwWarm+pwWindow)
	var mu sync.Mutex
	var lat []time.Duration
	var all int
	var firstErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		time.Sleep(time.Until(open))
		mark()
		time.Sleep(time.Until(end))
		mark()
	}()
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(end) {
				t0 := time.Now()
				err := do(i)
				t1 := time.Now()
				mu.Lock()
				all++
				if err != nil && firstErr == nil {
					firstErr = err
				}
				if err == nil && !t1.Before(open) && !t1.After(end) {
					lat = append(lat, t1.Sub(t0))
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		panic(fmt.Sprintf("load: %d calls ended in the window, an error: %v", len(lat), firstErr))
	}
	if len(lat) == 0 { // the machine stalled for the whole window: a rate of 0, in the medians as it is
		return result{}, all
	}
	slices.Sort(lat)
	return result{rate: float64(len(lat)) / pwWindow.Seconds(), p50: lat[len(lat)/2], p99: lat[len(lat)*99/100], n: len(lat)}, all
}

// rawHasher is the raw side of the password part: this test binary again,
// as TestLoadRawHasher, in a process of its own started with the
// product's environment, so that it hashes under the same memory limit
// with the same hasher, and no HTTP, database or load beside it.
type rawHasher struct {
	in  io.WriteCloser
	out *bufio.Scanner
}

// rawHasherEnv makes this test binary the raw hasher.
const rawHasherEnv = "KABINET_LOAD_RAW_HASHER"

func startRawHasher(t *testing.T, srv *product) *rawHasher {
	cmd := exec.Command(os.Args[0], "-test.run=^TestLoadRawHasher$", "-test.count=1")
	cmd.Env = append(slices.Clone(srv.cmd.Env), rawHasherEnv+"=1")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		in.Close()
		_ = cmd.Wait()
	})
	return &rawHasher{in: in, out: bufio.NewScanner(out)}
}

// round asks the raw hasher for one round and reads its answer.
func (h *rawHasher) round(t *testing.T) rawRound {
	if _, err := fmt.Fprintln(h.in, "round"); err != nil {
		t.Fatal(err)
	}
	for h.out.Scan() {
		var r rawRound
		if json.Unmarshal(h.out.Bytes(), &r) == nil && r.N > 0 {
			return r
		}
	}
	t.Fatalf("the raw hasher did not answer: %v", h.out.Err())
	return rawRound{}
}

// rawRound is the raw hasher's window: the hashes that ended in it, their
// rate, and the processor time, kernel time (ns) and page faults of its
// process during it.
type rawRound struct {
	N      int     `json:"n"`
	Rate   float64 `json:"rate"`
	CPU    int64   `json:"cpu"`
	Sys    int64   `json:"sys"`
	Faults int64   `json:"faults"`
}

// with is the mean of two windows: their hashes, processor time and
// faults together, their rates' mean.
func (r rawRound) with(other rawRound) rawRound {
	return rawRound{N: r.N + other.N, Rate: (r.Rate + other.Rate) / 2, CPU: r.CPU + other.CPU, Sys: r.Sys + other.Sys, Faults: r.Faults + other.Faults}
}

func (r rawRound) cpuPerHash() float64 { return ms(time.Duration(r.CPU)) / float64(r.N) }

// TestLoadRawHasher is the raw hasher's process (see rawHasher): on each
// line of its input it runs a round of the server's hasher verifying a
// password on as many goroutines as cores, and answers a line of JSON.
func TestLoadRawHasher(t *testing.T) {
	if os.Getenv(rawHasherEnv) == "" {
		t.Skip("the raw hasher of TestLoad's password part; it starts it")
	}
	cfg, err := config.FromEnv(os.LookupEnv)
	if err != nil {
		t.Fatal(err)
	}
	cfg.SetMemoryLimit(os.LookupEnv)
	ctx := context.Background()
	h := auth.NewHasher(runtime.NumCPU(), nil)
	phc, err := h.Hash(ctx, goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	verify := func(int) error {
		if ok, err := h.Verify(ctx, phc, goodPassword); !ok || err != nil {
			return fmt.Errorf("verify: %v, %v", ok, err)
		}
		return nil
	}
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		var marks []syscall.Rusage
		r, _ := windowRun(runtime.NumCPU(), verify, func() {
			var u syscall.Rusage
			_ = syscall.Getrusage(syscall.RUSAGE_SELF, &u)
			marks = append(marks, u)
		})
		a, b := marks[0], marks[1]
		sys := b.Stime.Nano() - a.Stime.Nano()
		line, _ := json.Marshal(rawRound{N: r.n, Rate: r.rate, CPU: b.Utime.Nano() - a.Utime.Nano() + sys, Sys: sys, Faults: b.Minflt - a.Minflt})
		fmt.Printf("%s\n", line)
	}
}

// median, least and most are the middle, the smallest and the largest of
// f over rounds.
func median(rounds []pwRound, f func(pwRound) float64) float64 {
	v := values(rounds, f)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func least(rounds []pwRound, f func(pwRound) float64) float64 { return values(rounds, f)[0] }

func most(rounds []pwRound, f func(pwRound) float64) float64 {
	v := values(rounds, f)
	return v[len(v)-1]
}

func values(rounds []pwRound, f func(pwRound) float64) []float64 {
	var v []float64
	for _, r := range rounds {
		v = append(v, f(r))
	}
	slices.Sort(v)
	return v
}
