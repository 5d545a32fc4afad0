// Package pgembed runs a private PostgreSQL cluster from the server binaries
// installed on the machine (no Docker): it initialises a data directory when
// needed, starts postgres as a direct child listening only on a unix socket
// in a private directory, and stops it again without leaving processes
// behind. It serves the tests (one throwaway cluster per test process) and
// single-machine deployments (a persistent data directory with fsync on).
//
// When the caller runs as root, postgres runs as the system user "postgres"
// (it refuses to run as root); otherwise it runs as the current user.
package pgembed

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// Config describes a cluster. Only DataDir is required.
type Config struct {
	// DataDir is the cluster's data directory (absolute, or made absolute).
	// It is initialised with initdb when it holds no PG_VERSION file.
	DataDir string
	// BinDir holds initdb and postgres; "" picks the newest
	// /usr/lib/postgresql/*/bin, then the directories on PATH.
	BinDir string
	// Port names the socket file (.s.PGSQL.PORT); 0 picks a free one. The
	// cluster listens on no TCP address unless Settings says otherwise.
	Port int
	// Fsync keeps the data durable. Off (for tests) also turns off
	// synchronous_commit and full_page_writes and makes initdb skip syncing.
	Fsync bool
	// Logger receives the cluster's lifecycle events; nil discards them.
	// postgres's own output always goes to LogFile.
	Logger *slog.Logger
	// Settings are extra server settings passed as -c name=value.
	Settings map[string]string
}

// StartTimeout bounds how long Start waits for the server to accept
// connections once the process runs.
const StartTimeout = 30 * time.Second

// stopTimeout is how long Stop waits after a fast shutdown request before it
// escalates to an immediate shutdown, and again before it kills.
const stopTimeout = 15 * time.Second

// Cluster is a running postgres started by Start.
type Cluster struct {
	dataDir   string
	socketDir string
	port      int
	logFile   string
	log       *slog.Logger
	cmd       *exec.Cmd

	// What Resume needs to start the same server again.
	owner  *account
	binDir string
	args   []string

	exited  chan struct{} // closed when the postmaster has been reaped
	waitErr error         // set before exited is closed

	attached bool // found running by Attach: another process stops it

	stopOnce sync.Once
	stopErr  error
}

// Start initialises cfg.DataDir when needed and starts postgres on it. It
// returns once the server accepts connections. The server is a child of
// this process: it receives SIGQUIT if this process dies, and Stop shuts it
// down.
func Start(ctx context.Context, cfg Config) (_ *Cluster, err error) {
	defer wrap(&err, "pgembed.Start(%q)", cfg.DataDir)

	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.DataDir == "" {
		return nil, errors.New("no data directory")
	}
	dataDir, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	binDir, err := findBinDir(cfg.BinDir)
	if err != nil {
		return nil, err
	}
	owner, err := serverOwner()
	if err != nil {
		return nil, err
	}
	logFile := filepath.Join(filepath.Dir(dataDir), filepath.Base(dataDir)+".log")

	if err := prepareDataDir(ctx, log, owner, binDir, dataDir, logFile, cfg.Fsync); err != nil {
		return nil, err
	}
	if err := removeStalePID(log, dataDir); err != nil {
		return nil, err
	}

	port := cfg.Port
	if port == 0 {
		if port, err = freePort(); err != nil {
			return nil, err
		}
	}
	socketDir, err := makeSocketDir(owner, port)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(socketDir)
		}
	}()

	c := &Cluster{
		dataDir:   dataDir,
		socketDir: socketDir,
		port:      port,
		logFile:   logFile,
		log:       log,
		owner:     owner,
		binDir:    binDir,
		args:      serverArgs(dataDir, socketDir, port, cfg),
	}
	began := time.Now()
	if err := c.spawn(); err != nil {
		return nil, err
	}
	if err := c.waitReady(ctx); err != nil {
		c.kill()
		return nil, err
	}
	log.Info("postgres started", "datadir", dataDir, "socket", c.socketPath(),
		"pid", c.cmd.Process.Pid, "took", time.Since(began).Round(time.Millisecond))
	return c, nil
}

// serverArgs builds the postgres command line.
func serverArgs(dataDir, socketDir string, port int, cfg Config) []string {
	args := []string{
		"-D", dataDir,
		"-k", socketDir,
		"-p", strconv.Itoa(port),
		"-c", "listen_addresses=",
	}
	settings := map[string]string{"fsync": "on"}
	if !cfg.Fsync {
		settings["fsync"] = "off"
		settings["synchronous_commit"] = "off"
		settings["full_page_writes"] = "off"
	}
	for k, v := range cfg.Settings {
		settings[k] = v
	}
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		args = append(args, "-c", k+"="+settings[k])
	}
	return args
}

// spawn starts the postmaster with its output appended to the log file.
func (c *Cluster) spawn() error {
	out, err := os.OpenFile(c.logFile, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("open log: %w", err)
	}
	// The child keeps its own descriptor; ours is not needed after Start.
	defer out.Close()

	cmd := exec.Command(filepath.Join(c.binDir, "postgres"), c.args...)
	cmd.Dir = "/"
	cmd.Stdout = out
	cmd.Stderr = out
	cmd.Env = childEnv()
	cmd.SysProcAttr = sysProcAttr(c.owner)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start postgres: %w", err)
	}
	c.cmd = cmd
	exited := make(chan struct{})
	c.exited = exited
	go func() {
		c.waitErr = cmd.Wait()
		close(exited)
	}()
	return nil
}

// Halt shuts the server down as an operator's restart does (a fast
// shutdown: clients' connections break, new ones are refused) but keeps
// its socket directory, so that Resume brings it back at the same DSN.
// Tests use the pair to take the database away under a running server.
// Neither may run concurrently with Stop.
func (c *Cluster) Halt(ctx context.Context) (err error) {
	defer wrap(&err, "pgembed.Halt(%q)", c.dataDir)
	return c.shutdown(ctx)
}

// Resume starts a halted server again on the same data directory and
// socket, and returns once it accepts connections.
func (c *Cluster) Resume(ctx context.Context) (err error) {
	defer wrap(&err, "pgembed.Resume(%q)", c.dataDir)
	select {
	case <-c.exited:
	default:
		return errors.New("the server is running")
	}
	if err := c.spawn(); err != nil {
		return err
	}
	if err := c.waitReady(ctx); err != nil {
		c.kill()
		return err
	}
	c.log.Info("postgres resumed", "datadir", c.dataDir, "pid", c.cmd.Process.Pid)
	return nil
}

// waitReady polls the socket with real connections until the server
// answers, the process exits, or StartTimeout passes.
func (c *Cluster) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, StartTimeout)
	defer cancel()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	var last error
	for {
		if last = ping(ctx, c.DSN("postgres")); last == nil {
			return nil
		}
		select {
		case <-c.exited:
			return fmt.Errorf("postgres exited during startup (%v); log %s:\n%s",
				c.waitErr, c.logFile, tail(c.logFile, 20))
		case <-ctx.Done():
			return fmt.Errorf("postgres not ready: %w (last attempt: %v); log %s:\n%s",
				ctx.Err(), last, c.logFile, tail(c.logFile, 20))
		case <-tick.C:
		}
	}
}

// DSN returns a pgdriver URL for database dbname on this cluster, connecting
// as the superuser postgres over the unix socket.
func (c *Cluster) DSN(dbname string) string {
	return "postgres://postgres@/" + url.PathEscape(dbname) +
		"?host=" + c.socketPath() + "&sslmode=disable"
}

// DSNAs returns the URL of dbname for another role (trust over the
// private socket, as for the superuser).
func (c *Cluster) DSNAs(role, dbname string) string {
	return "postgres://" + url.PathEscape(role) + "@/" + url.PathEscape(dbname) +
		"?host=" + c.socketPath() + "&sslmode=disable"
}

// DataDir returns the absolute data directory.
func (c *Cluster) DataDir() string { return c.dataDir }

// SocketDir returns the private directory holding the server's socket.
func (c *Cluster) SocketDir() string { return c.socketDir }

// Port returns the port that names the socket file.
func (c *Cluster) Port() int { return c.port }

// LogFile returns the file that receives postgres's output.
func (c *Cluster) LogFile() string { return c.logFile }

// PID returns the postmaster's process id.
func (c *Cluster) PID() int { return c.cmd.Process.Pid }

func (c *Cluster) socketPath() string {
	return filepath.Join(c.socketDir, ".s.PGSQL."+strconv.Itoa(c.port))
}

// Stop shuts the server down: a fast shutdown (SIGINT, which rolls back open
// transactions and disconnects clients), then an immediate one (SIGQUIT) if
// it has not exited after a while or ctx ends, and finally SIGKILL to its
// process group. It removes the socket directory. Calling Stop again
// returns the first call's result. A cluster from Attach is left running.
func (c *Cluster) Stop(ctx context.Context) error {
	if c.attached {
		return nil
	}
	c.stopOnce.Do(func() { c.stopErr = c.stop(ctx) })
	return c.stopErr
}

func (c *Cluster) stop(ctx context.Context) (err error) {
	defer wrap(&err, "pgembed.Stop(%q)", c.dataDir)
	defer os.RemoveAll(c.socketDir)
	return c.shutdown(ctx)
}

// shutdown asks the postmaster to stop, escalating from a fast to an
// immediate shutdown and finally SIGKILL, and waits for it to exit.
func (c *Cluster) shutdown(ctx context.Context) error {
	began := time.Now()
	steps := []struct {
		sig     syscall.Signal
		timeout time.Duration
	}{
		{syscall.SIGINT, stopTimeout},
		{syscall.SIGQUIT, stopTimeout},
	}
	for _, s := range steps {
		if err := c.signal(s.sig); err != nil {
			return err
		}
		timer := time.NewTimer(s.timeout)
		select {
		case <-c.exited:
			timer.Stop()
			c.log.Info("postgres stopped", "datadir", c.dataDir, "signal", s.sig.String(),
				"took", time.Since(began).Round(time.Millisecond))
			return c.exitError()
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
		}
		c.log.Warn("postgres is slow to stop; escalating", "datadir", c.dataDir, "after", s.sig.String())
	}
	c.kill()
	return fmt.Errorf("postgres did not stop; killed (log %s)", c.logFile)
}

// signal sends sig to the postmaster unless it has already exited.
func (c *Cluster) signal(sig syscall.Signal) error {
	select {
	case <-c.exited:
		return nil
	default:
	}
	if err := c.cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("signal %v: %w", sig, err)
	}
	return nil
}

// kill ends the postmaster and anything left in its process group, and
// waits for the postmaster to be reaped.
func (c *Cluster) kill() {
	select {
	case <-c.exited:
		return
	default:
	}
	// The group exists while the unreaped postmaster is in it, so its id
	// cannot name anyone else's group.
	_ = syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
	<-c.exited
	os.RemoveAll(c.socketDir)
}

// exitError reports an unclean exit; a fast or immediate shutdown that we
// asked for exits cleanly.
func (c *Cluster) exitError() error {
	var ee *exec.ExitError
	if c.waitErr != nil && !errors.As(c.waitErr, &ee) {
		return c.waitErr
	}
	if ee != nil && !ee.Success() {
		return fmt.Errorf("postgres exited with %v; log %s:\n%s", ee, c.logFile, tail(c.logFile, 10))
	}
	return nil
}

// freePort asks the kernel for a free TCP port. The cluster listens only on
// its private socket, so the number merely has to be valid and unlikely to
// clash if TCP is turned on through Settings.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pick port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// wrap prefixes a non-nil *errp with the operation.
func wrap(errp *error, format string, args ...any) {
	if *errp != nil {
		*errp = fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), *errp)
	}
}
