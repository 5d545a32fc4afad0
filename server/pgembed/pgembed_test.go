package pgembed_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/uptrace/bun/driver/pgdriver"

	"kabinet/server/pgembed"
)

// start starts a cluster on dataDir, logs how long it took, and stops it in
// Cleanup (a second Stop by the test is fine).
func start(t *testing.T, dataDir string) *pgembed.Cluster {
	t.Helper()
	began := time.Now()
	c, err := pgembed.Start(t.Context(), pgembed.Config{DataDir: dataDir, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Start(%s) took %v", filepath.Base(dataDir), time.Since(began).Round(time.Millisecond))
	t.Cleanup(func() {
		if err := c.Stop(context.Background()); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return c
}

func open(t *testing.T, c *pgembed.Cluster) *sql.DB {
	t.Helper()
	db := sql.OpenDB(pgdriver.NewConnector(pgdriver.WithDSN(c.DSN("postgres"))))
	t.Cleanup(func() { db.Close() })
	return db
}

func TestRestartKeepsData(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "data")
	ctx := t.Context()

	c := start(t, dataDir)
	db := open(t, c)
	for _, q := range []string{
		`CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)`,
		`INSERT INTO notes VALUES (1, 'привет')`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	began := time.Now()
	if err := c.Stop(ctx); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	t.Logf("Stop took %v", time.Since(began).Round(time.Millisecond))
	if err := c.Stop(ctx); err != nil {
		t.Fatalf("second Stop: %v", err)
	}
	assertNoServer(t, dataDir)
	if _, err := os.Stat(c.SocketDir()); !os.IsNotExist(err) {
		t.Errorf("socket dir %s left behind (stat: %v)", c.SocketDir(), err)
	}

	c2 := start(t, dataDir)
	var body string
	if err := open(t, c2).QueryRowContext(ctx, `SELECT body FROM notes WHERE id = 1`).Scan(&body); err != nil {
		t.Fatalf("read after restart: %v", err)
	}
	if body != "привет" {
		t.Errorf("body after restart = %q, want %q", body, "привет")
	}
}

// TestStalePIDFile: a postmaster.pid whose pid now belongs to another
// cluster's postgres (pid reuse after a kill) must not block the start.
func TestStalePIDFile(t *testing.T) {
	base := t.TempDir()
	a, b := filepath.Join(base, "a"), filepath.Join(base, "b")
	ca := start(t, a)
	start(t, b)
	if err := ca.Stop(t.Context()); err != nil {
		t.Fatal(err)
	}
	pidFile, err := os.ReadFile(filepath.Join(b, "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(a, "postmaster.pid"), pidFile, 0o600); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		// Let postgres itself, which refuses 0600 files it cannot read, see it.
		uid, gid := ownerOf(t, a)
		os.Chown(filepath.Join(a, "postmaster.pid"), uid, gid)
	}
	start(t, a)
}

// TestStartFailureShowsLog: a server that cannot start reports why.
func TestStartFailureShowsLog(t *testing.T) {
	_, err := pgembed.Start(t.Context(), pgembed.Config{
		DataDir:  filepath.Join(t.TempDir(), "data"),
		Settings: map[string]string{"shared_buffers": "nonsense"},
	})
	if err == nil {
		t.Fatal("Start with a bad setting succeeded")
	}
	if !strings.Contains(err.Error(), "shared_buffers") {
		t.Errorf("error does not quote the server log:\n%v", err)
	}
}

// TestParentDeathStopsServer: when the process that started the cluster is
// killed outright, the server goes away too.
func TestParentDeathStopsServer(t *testing.T) {
	if os.Getenv("PGEMBED_HELPER_DIR") != "" {
		t.Skip("helper")
	}
	dataDir := filepath.Join(t.TempDir(), "data")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldCluster$", "-test.timeout=60s")
	cmd.Env = append(os.Environ(), "PGEMBED_HELPER_DIR="+dataDir)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	var pid int
	var socketDir string
	if _, serr := fmt.Sscanf(line, "ready %d %s", &pid, &socketDir); err != nil || serr != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("helper did not start a cluster: %q, %v", line, err)
	}
	// Nobody is left to remove the socket directory of a killed parent.
	t.Cleanup(func() { os.RemoveAll(socketDir) })
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()

	deadline := time.Now().Add(10 * time.Second)
	for len(serverProcesses(dataDir)) > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	assertNoServer(t, dataDir)
}

// TestHelperHoldCluster runs only as TestParentDeathStopsServer's child.
func TestHelperHoldCluster(t *testing.T) {
	dir := os.Getenv("PGEMBED_HELPER_DIR")
	if dir == "" {
		t.Skip("runs only as a helper process")
	}
	c, err := pgembed.Start(t.Context(), pgembed.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("ready %d %s\n", c.PID(), c.SocketDir())
	select {} // wait to be killed
}

func assertNoServer(t *testing.T, dataDir string) {
	t.Helper()
	if pids := serverProcesses(dataDir); len(pids) > 0 {
		t.Errorf("postgres processes still serve %s: %v", dataDir, pids)
	}
}

// serverProcesses lists processes working in dataDir or naming it on their
// command line: the postmaster and its backends.
func serverProcesses(dataDir string) []int {
	entries, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cwd, _ := os.Readlink(fmt.Sprintf("/proc/%d/cwd", pid))
		cmdline, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		if cwd == dataDir || strings.Contains(string(cmdline), "-D\x00"+dataDir+"\x00") {
			pids = append(pids, pid)
		}
	}
	return pids
}

func ownerOf(t *testing.T, path string) (int, int) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	return int(st.Uid), int(st.Gid)
}

// testLogger sends slog records to the test log.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// TestHaltAndResume: a halted server refuses connections at its DSN, and
// the same pool works again once it is resumed, data and all.
func TestHaltAndResume(t *testing.T) {
	ctx := t.Context()
	c := start(t, filepath.Join(t.TempDir(), "data"))
	db := open(t, c)
	if _, err := db.ExecContext(ctx, `CREATE TABLE notes (body text); INSERT INTO notes VALUES ('до')`); err != nil {
		t.Fatal(err)
	}
	pid := c.PID()
	if err := c.Halt(ctx); err != nil {
		t.Fatalf("Halt: %v", err)
	}
	if err := db.PingContext(ctx); err == nil {
		t.Fatal("a halted server answers")
	}
	if err := c.Resume(ctx); err != nil {
		t.Fatalf("Resume: %v", err)
	}
	if c.PID() == pid {
		t.Errorf("the same postmaster %d after Resume", pid)
	}
	var body string
	if err := db.QueryRowContext(ctx, `SELECT body FROM notes`).Scan(&body); err != nil || body != "до" {
		t.Fatalf("after Resume: %q, %v", body, err)
	}
	if err := c.Resume(ctx); err == nil {
		t.Error("Resume of a running server succeeded")
	}
}
