package pgembed

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrNotRunning: no postmaster serves the data directory.
var ErrNotRunning = errors.New("no postmaster runs on the data directory")

// Attach returns the cluster that another process (the portal's server)
// started on dataDir and still runs, found through its postmaster.pid
// (line 4 the port, line 5 the socket directory), so that a maintenance
// command can use the database while the server keeps serving: a second
// postmaster cannot start on the same data directory. Stop on the result
// does nothing; the process that started the cluster stops it. The error
// is ErrNotRunning when there is nothing to attach to.
func Attach(ctx context.Context, dataDir string) (_ *Cluster, err error) {
	defer wrap(&err, "pgembed.Attach(%q)", dataDir)
	dataDir, err = filepath.Abs(dataDir)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(dataDir, "postmaster.pid"))
	if err != nil {
		return nil, ErrNotRunning
	}
	lines := strings.Split(string(data), "\n")
	if len(lines) < 5 {
		return nil, ErrNotRunning
	}
	pid, err1 := strconv.Atoi(strings.TrimSpace(lines[0]))
	port, err2 := strconv.Atoi(strings.TrimSpace(lines[3]))
	if err1 != nil || err2 != nil {
		return nil, ErrNotRunning
	}
	if running, _ := servesDataDir(pid, dataDir); !running {
		return nil, ErrNotRunning
	}
	c := &Cluster{dataDir: dataDir, socketDir: strings.TrimSpace(lines[4]), port: port, attached: true,
		log: slog.New(slog.DiscardHandler)}
	if err := ping(ctx, c.DSN("postgres")); err != nil {
		return nil, fmt.Errorf("postmaster %d runs but does not answer on %s: %w", pid, c.socketPath(), err)
	}
	return c, nil
}

// Attached reports whether the cluster came from Attach.
func (c *Cluster) Attached() bool { return c.attached }
