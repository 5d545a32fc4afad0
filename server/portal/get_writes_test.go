package portal_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/descope/virtualwebauthn"
	"github.com/uptrace/bun"

	"kabinet/server/config"
	"kabinet/server/dbtest"
	"kabinet/server/portal"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	"kabinet/shared/npd"
)

// statements is a Bun query hook that records every statement while on
// (BEGIN and COMMIT included: Bun reports them). A PREPARE is left out: a
// prepared statement (db.Prepared) is prepared once in a connection's
// life, not by a request.
type statements struct {
	mu   sync.Mutex
	on   bool
	seen []string
}

func (s *statements) BeforeQuery(ctx context.Context, ev *bun.QueryEvent) context.Context {
	s.mu.Lock()
	if s.on && !strings.HasPrefix(ev.Query, "PREPARE ") {
		s.seen = append(s.seen, strings.TrimSpace(ev.Query))
	}
	s.mu.Unlock()
	return ctx
}

func (s *statements) AfterQuery(context.Context, *bun.QueryEvent) {}

// during records the statements that do makes.
func (s *statements) during(do func()) []string {
	s.mu.Lock()
	s.on, s.seen = true, nil
	s.mu.Unlock()
	do()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.on = false
	return s.seen
}

// isRead is whether q only reads: a SELECT without FOR UPDATE, or the
// session's prepared SELECT (auth's sessionSQL, "auth_session").
func isRead(q string) bool {
	u := strings.ToUpper(q)
	return (strings.HasPrefix(u, "SELECT") && !strings.Contains(u, "FOR UPDATE")) || strings.HasPrefix(q, "EXECUTE auth_session_")
}

// startQuiet is portaltest.StartOn without the job workers, the hub and
// the cleanup: only requests run statements, so a hook sees theirs alone.
func startQuiet(t *testing.T, db *bun.DB, tune func(*config.Config)) *portaltest.Env {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := config.Default()
	c.Addr, c.Dev, c.IPLimit, c.WebDir = ln.Addr().String(), true, 1000, fakeWeb(t)
	c.JournalKey = portaltest.JournalKey
	c.PublicURL = "http://" + c.Addr
	c.Origins = []string{c.PublicURL, "http://localhost:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)}
	tune(&c)
	logs := &portaltest.Log{}
	p, err := portal.New(context.Background(), c, db, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = p.App.Listener(ln) }()
	t.Cleanup(func() { _ = p.Shutdown(5 * time.Second) })
	return &portaltest.Env{T: t, URL: c.PublicURL, LocalURL: c.Origins[1], DB: db, P: p, Cfg: c, Logs: logs}
}

// A plain authenticated GET — the account, the payer's cabinet, a page
// opened with the session's cookie — makes only SELECTs while the session
// was touched within the step; after the step, one request writes the
// touch (and nothing else), and the next ones are SELECTs again.
func TestPlainGetWritesNothing(t *testing.T) {
	var hook statements
	e := startQuiet(t, dbtest.NewDB(t).WithQueryHook(&hook), func(c *config.Config) {
		c.SessionIdle, c.SessionTouchStep = 20*time.Second, 2*time.Second
	})
	e.SeedDemo()
	ivan := e.Client()
	ivan.MustOK("POST", "/login", shared.LoginRequest{Login: "ivan@example.ru", Password: "Kabinet-Demo-2026"}, nil)
	portaltest.AddPasskey(t, ivan, portaltest.NewDevice(t, e, virtualwebauthn.AuthenticatorOptions{}), "Телефон")
	ivan.MustOK("POST", "/npd/register", npd.RegisterRequest{Region: "77", Activities: []string{"it"}}, nil)

	gets := func() {
		for _, path := range []string{"/me", "/session", "/npd", "/npd/receipts"} {
			ivan.MustOK("GET", path, nil, nil)
		}
		resp, err := ivan.HTTP.Get(e.URL + "/npd")
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("the /npd page: %d", resp.StatusCode)
		}
	}
	onlySelects := func(when string, seen []string) {
		t.Helper()
		if len(seen) == 0 {
			t.Fatalf("%s: the hook saw no statement at all", when)
		}
		t.Logf("%s: %d statements", when, len(seen))
		for _, q := range seen {
			if !isRead(q) {
				t.Errorf("%s: a plain GET ran %q", when, q)
			}
		}
	}

	onlySelects("within the step", hook.during(gets))
	time.Sleep(2100 * time.Millisecond)
	touched := hook.during(func() { ivan.MustOK("GET", "/me", nil, nil) })
	var writes []string
	for _, q := range touched {
		switch u := strings.ToUpper(q); {
		case isRead(q), u == "BEGIN", u == "COMMIT", u == "SET LOCAL SYNCHRONOUS_COMMIT = OFF":
		default:
			writes = append(writes, q)
		}
	}
	if len(writes) != 1 || !strings.HasPrefix(writes[0], "UPDATE sessions") {
		t.Errorf("past the step, GET /me wrote %q; want the one touch of the session", writes)
	}
	onlySelects("right after the touch", hook.during(gets))
}
