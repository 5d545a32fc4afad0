package portal_test

import (
	"bufio"
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/config"
	"kabinet/server/db"
	"kabinet/server/portal"
	"kabinet/server/portal/portaltest"
)

// product is the portal as it runs in production, in a process of its
// own: the binary built from this tree, its embedded PostgreSQL in a
// temporary DATA_DIR with fsync on, no demo data.
type product struct {
	dir      string // the binary, its DATA_DIR and its log
	cmd      *exec.Cmd
	url      string // http://127.0.0.1:PORT
	admin    string // http://127.0.0.1:PORT of ADMIN_ADDR
	socket   string // the cluster's unix socket, read from the server's log
	logFile  string
	exited   chan struct{}
	socketCh chan string
}

// startProduct builds bin/kabinet into a temporary directory and starts it
// on loopback ports; it returns once /readyz answers 200.
func startProduct(t *testing.T) *product { return startProductIn(t, t.TempDir()) }

// startProductIn is startProduct in dir; a product stopped in dir starts
// again on its data.
func startProductIn(t *testing.T, dir string) *product {
	bin := filepath.Join(dir, "kabinet")
	if out, err := exec.Command("go", "build", "-trimpath", "-o", bin, "kabinet/server").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	web, _ := filepath.Abs(filepath.Join("..", "..", "web"))
	addr, admin := freeLoopback(t), freeLoopback(t)
	p := &product{dir: dir, url: "http://" + addr, admin: "http://" + admin, logFile: filepath.Join(dir, "server.log"),
		exited: make(chan struct{}), socketCh: make(chan string, 1)}
	p.cmd = exec.Command(bin)
	p.cmd.Env = append(os.Environ(), "ADDR="+addr, "ADMIN_ADDR="+admin, "DATA_DIR="+filepath.Join(dir, "pgdata"),
		"PUBLIC_URL=http://localhost:"+portOf(addr), "WEB_DIR="+web, "SEED=false", "LOG_LEVEL=info",
		"JOURNAL_KEY="+hex.EncodeToString(portaltest.JournalKey), "LOGIN_IP_LIMIT=1000000000")
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go p.readLog(stderr)
	t.Cleanup(func() { p.stop(t) })
	select {
	case p.socket = <-p.socketCh:
	case <-p.exited:
		t.Fatalf("the server exited:\n%s", tail(p.logFile))
	case <-time.After(2 * time.Minute):
		t.Fatalf("the server did not start its database:\n%s", tail(p.logFile))
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(100 * time.Millisecond) {
		if resp, err := http.Get(p.url + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server is not ready:\n%s", tail(p.logFile))
		}
	}
}

// readLog keeps the server's log in a file and picks the socket of its
// cluster out of pgembed's "postgres started" line.
func (p *product) readLog(r io.Reader) {
	defer close(p.exited)
	f, _ := os.Create(p.logFile)
	defer f.Close()
	s := bufio.NewScanner(r)
	for s.Scan() {
		line := s.Text()
		fmt.Fprintln(f, line)
		if _, rest, ok := strings.Cut(line, " socket="); ok && strings.Contains(line, "postgres started") {
			sock, _, _ := strings.Cut(rest, " ")
			select {
			case p.socketCh <- sock:
			default:
			}
		}
	}
}

// stop asks the server to shut down, as Ctrl-C does, so that it stops its
// cluster.
func (p *product) stop(t *testing.T) {
	_ = p.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-p.exited:
	case <-time.After(time.Minute):
		_ = p.cmd.Process.Kill()
	}
	_ = p.cmd.Wait()
}

// dsn is the product's database as role.
func (p *product) dsn(role string) string {
	return "postgres://" + role + "@/kabinet?host=" + p.socket + "&sslmode=disable"
}

// env lets the tests' helpers (registration, codes from the outbox, the
// software authenticators) work against the product: a portal built over
// the product's database reads its outbox, and the clients go to the
// product's port. Nothing is served from this process.
func (p *product) env(t *testing.T) *portaltest.Env {
	ctx := context.Background()
	appDB, err := db.Open(ctx, p.dsn(db.AppRole), db.WithMaxOpenConns(4))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { appDB.Close() })
	c := config.Default()
	c.PublicURL, c.WebDir, c.JournalKey = "http://localhost:"+portOf(strings.TrimPrefix(p.url, "http://")), filepath.Join("..", "..", "web"), portaltest.JournalKey
	c.Origins = []string{c.PublicURL, p.url}
	built, err := portal.New(ctx, c, appDB, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return &portaltest.Env{T: t, URL: p.url, LocalURL: c.PublicURL, DB: appDB, P: built, Cfg: c, Logs: &portaltest.Log{}}
}

// superDB is the product's database as the cluster's superuser: the
// minimal endpoint's own table is made there.
func (p *product) superDB(t *testing.T) *bun.DB {
	d, err := db.Open(context.Background(), p.dsn("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// memory reads VmHWM (the peak) and VmRSS (now) of the server process.
func (p *product) memory() (peak, now int64) {
	return procStatus(p.cmd.Process.Pid, "VmHWM:"), procStatus(p.cmd.Process.Pid, "VmRSS:")
}

// peak is the server's RSS peak so far (VmHWM).
func (p *product) peak() int64 { return procStatus(p.cmd.Process.Pid, "VmHWM:") }

// settle waits, at most a minute, for the server's RSS to fall under
// limit, and says how long it took and where it ended.
func (p *product) settle(limit int64) (time.Duration, int64) {
	began := time.Now()
	for {
		_, now := p.memory()
		if now < limit || time.Since(began) > time.Minute {
			return time.Since(began), now
		}
		time.Sleep(time.Second)
	}
}

func procStatus(pid int, field string) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == field {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// profile takes a CPU profile of the server from ADMIN_ADDR during the
// next d into dir/name.pprof, when KABINET_LOAD_PROFILE names a dir; the
// func it returns, called when the run ends, saves the server's
// allocations during it (name-allocs.pprof, over name-allocs-base.pprof).
func (p *product) profile(name string, d time.Duration) (done func()) {
	dir := os.Getenv("KABINET_LOAD_PROFILE")
	if dir == "" {
		return func() {}
	}
	_ = os.MkdirAll(dir, 0o755)
	save := func(path, file string) {
		resp, err := http.Get(p.admin + path)
		if err != nil {
			return
		}
		defer resp.Body.Close()
		if f, err := os.Create(filepath.Join(dir, file)); err == nil {
			io.Copy(f, resp.Body)
			f.Close()
		}
	}
	save("/debug/pprof/allocs", name+"-allocs-base.pprof")
	go save("/debug/pprof/profile?seconds="+strconv.Itoa(int(d.Seconds())), name+".pprof")
	return func() { save("/debug/pprof/allocs", name+"-allocs.pprof") }
}

// cpuUse is the processor time a run took: the server's process (and of
// it the kernel's part, and the page faults it took), its PostgreSQL (the
// processes under it), and this process, the load.
type cpuUse struct {
	server, serverSys, db, load time.Duration
	faults                      int64
	dbBy                        map[string]time.Duration // PostgreSQL's by process kind (dbKind)
}

// per says it per request of r.
func (u cpuUse) per(r result) string {
	each := func(d time.Duration) float64 { return ms(d) / float64(r.n) }
	return fmt.Sprintf("CPU per request: server %.2f ms (kernel %.2f, %d page faults), PostgreSQL %.2f ms, load generator %.2f ms",
		each(u.server), each(u.serverSys), u.faults/int64(r.n), each(u.db), each(u.load))
}

// cpu measures the processor time run takes in the server, its database
// and this process (from /proc, in clock ticks of 10 ms).
func (p *product) cpu(run func()) cpuUse {
	before := p.sample()
	run()
	return p.sample().sub(before)
}

// sample is the processor time used so far by the server, its database
// and this process.
func (p *product) sample() cpuUse {
	var self syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	u := p.ticks()
	u.load = time.Duration(self.Utime.Nano() + self.Stime.Nano())
	return u
}

// sub is the processor time between an earlier sample and u.
func (u cpuUse) sub(earlier cpuUse) cpuUse {
	by := map[string]time.Duration{}
	for k, d := range u.dbBy {
		by[k] = d - earlier.dbBy[k]
	}
	return cpuUse{server: u.server - earlier.server, serverSys: u.serverSys - earlier.serverSys,
		faults: u.faults - earlier.faults, db: u.db - earlier.db, load: u.load - earlier.load, dbBy: by}
}

// dbPer says PostgreSQL's processor time per request of r by process
// kind (backends, walwriter, checkpointer, autovacuum…); a process that
// ended between the samples (an autovacuum worker) is not in it.
func (u cpuUse) dbPer(r result) string {
	kinds := slices.Sorted(maps.Keys(u.dbBy))
	parts := make([]string, 0, len(kinds))
	for _, k := range kinds {
		if d := u.dbBy[k]; d > 0 {
			parts = append(parts, fmt.Sprintf("%s %.3f", k, ms(d)/float64(r.n)))
		}
	}
	return "PostgreSQL by process, ms per request: " + strings.Join(parts, ", ")
}

// dbKind is a PostgreSQL process's kind from its title ("postgres:
// walwriter", "postgres: user db [local] idle" is a backend).
func dbKind(pid int) string {
	b, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	title, ok := strings.CutPrefix(strings.TrimRight(string(b), "\x00"), "postgres: ")
	switch {
	case !ok:
		return "postmaster"
	case strings.Contains(title, "[local]") || strings.Contains(title, "127.0.0.1"):
		return "backends"
	}
	return strings.Fields(title)[0]
}

// ticks reads the processor time of the server's process and of every
// process under it.
func (p *product) ticks() cpuUse {
	entries, _ := os.ReadDir("/proc")
	parent := map[int]int{}
	used := map[int]time.Duration{}
	var out cpuUse
	root := p.cmd.Process.Pid
	for _, d := range entries {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + d.Name() + "/stat")
		if err != nil {
			continue
		}
		// The command may hold spaces: the fields start after its ')'.
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		if len(f) < 13 {
			continue
		}
		parent[pid], _ = strconv.Atoi(f[1])
		ut, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		used[pid] = time.Duration(ut+st) * 10 * time.Millisecond
		if pid == root {
			out.serverSys = time.Duration(st) * 10 * time.Millisecond
			out.faults, _ = strconv.ParseInt(f[7], 10, 64)
		}
	}
	out.dbBy = map[string]time.Duration{}
	for pid, d := range used {
		for q := parent[pid]; q > 1; q = parent[q] {
			if q == root {
				out.db += d
				out.dbBy[dbKind(pid)] += d
				break
			}
		}
	}
	out.server = used[root]
	return out
}

func freeLoopback(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func portOf(addr string) string {
	_, port, _ := net.SplitHostPort(addr)
	return port
}

func tail(file string) string {
	b, _ := os.ReadFile(file)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-30):], "\n")
}
