package pgembed

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/uptrace/bun/driver/pgdriver"
)

// account is the system user that runs postgres; nil means the current
// user (when this process is not root).
type account struct {
	uid, gid int
}

// serverOwner returns the user postgres must run as: "postgres" when this
// process is root (postgres refuses to run as root), else nil.
func serverOwner() (*account, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root needs the system user postgres: %w", err)
	}
	uid, err := strconv.Atoi(u.Uid)
	if err != nil {
		return nil, fmt.Errorf("uid of postgres: %w", err)
	}
	gid, err := strconv.Atoi(u.Gid)
	if err != nil {
		return nil, fmt.Errorf("gid of postgres: %w", err)
	}
	return &account{uid: uid, gid: gid}, nil
}

// findBinDir returns dir when given, else the newest
// /usr/lib/postgresql/*/bin holding postgres, else the directory of the
// postgres found on PATH.
func findBinDir(dir string) (string, error) {
	if dir != "" {
		if !filepath.IsAbs(dir) {
			return "", fmt.Errorf("bin dir %q is not absolute", dir)
		}
		return dir, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return majorOf(dirs[i]) > majorOf(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "postgres")); err == nil {
			return d, nil
		}
	}
	p, err := exec.LookPath("postgres")
	if err != nil {
		return "", errors.New("no PostgreSQL server binaries: none in /usr/lib/postgresql/*/bin or on PATH (Debian package postgresql)")
	}
	p, err = filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return filepath.Dir(p), nil
}

// majorOf returns the version number in /usr/lib/postgresql/VERSION/bin.
func majorOf(binDir string) float64 {
	v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(binDir)), 64)
	return v
}

// prepareDataDir creates dataDir, hands it to the server's owner, makes
// its parents traversable and runs initdb unless it already holds a cluster.
func prepareDataDir(ctx context.Context, log *slog.Logger, owner *account, binDir, dataDir, logFile string, fsync bool) error {
	if err := os.MkdirAll(filepath.Dir(dataDir), 0o755); err != nil {
		return fmt.Errorf("create parent of data dir: %w", err)
	}
	if err := os.Mkdir(dataDir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create data dir: %w", err)
	}
	if owner != nil {
		if err := os.Chown(dataDir, owner.uid, owner.gid); err != nil {
			return fmt.Errorf("hand data dir to postgres: %w", err)
		}
		if err := makeTraversable(log, owner, filepath.Dir(dataDir)); err != nil {
			return err
		}
	}
	if _, err := os.Stat(filepath.Join(dataDir, "PG_VERSION")); err == nil {
		return nil
	}

	args := []string{"-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-instructions"}
	if !fsync {
		args = append(args, "--no-sync")
	}
	cmd := exec.CommandContext(ctx, filepath.Join(binDir, "initdb"), args...)
	cmd.Dir = "/"
	cmd.Env = childEnv()
	cmd.SysProcAttr = sysProcAttr(owner)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	began := time.Now()
	err := cmd.Run()
	// Keep initdb's words next to the server's, whatever happened.
	if f, ferr := os.OpenFile(logFile, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600); ferr == nil {
		f.Write(out.Bytes())
		f.Close()
	}
	if err != nil {
		return fmt.Errorf("initdb: %w:\n%s", err, strings.TrimSpace(out.String()))
	}
	log.Info("initdb done", "datadir", dataDir, "took", time.Since(began).Round(time.Millisecond))
	return nil
}

// makeTraversable gives "others" the search (x) permission on every
// directory from dir up to / that the owner could not otherwise enter;
// postgres needs to reach its data directory by its absolute path.
func makeTraversable(log *slog.Logger, owner *account, dir string) error {
	for {
		fi, err := os.Stat(dir)
		if err != nil {
			return fmt.Errorf("stat %s: %w", dir, err)
		}
		st, ok := fi.Sys().(*syscall.Stat_t)
		if ok && !canSearch(owner, st) {
			mode := fi.Mode().Perm() | 0o001
			if err := os.Chmod(dir, mode); err != nil {
				return fmt.Errorf("make %s traversable for postgres: %w", dir, err)
			}
			log.Info("made directory traversable for postgres", "dir", dir, "mode", mode)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil
		}
		dir = parent
	}
}

func canSearch(owner *account, st *syscall.Stat_t) bool {
	switch {
	case int(st.Uid) == owner.uid:
		return st.Mode&0o100 != 0
	case int(st.Gid) == owner.gid:
		return st.Mode&0o010 != 0
	default:
		return st.Mode&0o001 != 0
	}
}

// makeSocketDir creates a short private directory for the socket: unix
// socket paths must stay under 108 bytes, which deep temp dirs break.
func makeSocketDir(owner *account, port int) (string, error) {
	base := os.TempDir()
	if len(base)+len("/kpg0123456789/.s.PGSQL.")+len(strconv.Itoa(port))+len(".lock") >= 107 {
		base = "/tmp"
	}
	dir, err := os.MkdirTemp(base, "kpg")
	if err != nil {
		return "", fmt.Errorf("create socket dir: %w", err)
	}
	if owner != nil {
		if err := os.Chown(dir, owner.uid, owner.gid); err != nil {
			os.RemoveAll(dir)
			return "", fmt.Errorf("hand socket dir to postgres: %w", err)
		}
	}
	return dir, nil
}

// removeStalePID deletes a postmaster.pid left behind by a killed server
// whose process id now names no postmaster of this data directory. (The pid
// may have been reused, for instance by another cluster's postgres, which
// postgres's own check would take for a running server.)
func removeStalePID(log *slog.Logger, dataDir string) error {
	pidFile := filepath.Join(dataDir, "postmaster.pid")
	data, err := os.ReadFile(pidFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", pidFile, err)
	}
	first, _, _ := strings.Cut(string(data), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(first))
	if err != nil || pid <= 0 {
		log.Warn("removing unreadable postmaster.pid", "file", pidFile)
		return os.Remove(pidFile)
	}
	if running, known := servesDataDir(pid, dataDir); running || !known {
		if running {
			return fmt.Errorf("a postmaster (pid %d) already runs on %s", pid, dataDir)
		}
		return nil // cannot tell; let postgres decide
	}
	log.Warn("removing stale postmaster.pid", "file", pidFile, "pid", pid)
	if err := os.Remove(pidFile); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove stale %s: %w", pidFile, err)
	}
	return nil
}

// servesDataDir reports whether process pid is a postgres whose working
// directory (the postmaster chdirs to its data directory) is dataDir.
// known is false when /proc does not let us tell.
func servesDataDir(pid int, dataDir string) (running, known bool) {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return false, true
	}
	cwd, err := os.Readlink(fmt.Sprintf("/proc/%d/cwd", pid))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return false, true
		}
		return false, false
	}
	want, err := filepath.EvalSymlinks(dataDir)
	if err != nil {
		want = dataDir
	}
	return cwd == want || cwd == dataDir, true
}

// childEnv is the environment for initdb and postgres: this process's,
// minus the libpq variables that would redirect or confuse them.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "PG") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "LC_ALL=C")
}

// ping opens one real connection to dsn and runs a query on it.
func ping(ctx context.Context, dsn string) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	db := sql.OpenDB(pgdriver.NewConnector(pgdriver.WithDSN(dsn), pgdriver.WithTimeout(2*time.Second)))
	defer db.Close()
	return db.PingContext(ctx)
}

// tail returns the last n lines of file, for error messages.
func tail(file string, n int) string {
	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Sprintf("(cannot read log: %v)", err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
