package portal_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"kabinet/server/config"
	"kabinet/shared"
)

// A request within a step of the last touch writes nothing (no commit on a
// plain GET); one after it moves the idle deadline; the deadline in the
// row is what lets a request in, to the millisecond.
func TestSessionTouchEveryStep(t *testing.T) {
	e := start(t, func(c *config.Config) { c.SessionIdle, c.SessionTouchStep = 20*time.Second, time.Second })
	c := e.Client()
	p := person(e, c, "+79120000091", "touch@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	ctx := context.Background()
	type row struct {
		Xmin string    `bun:"xmin"`
		Idle time.Time `bun:"idle_expires_at"`
	}
	read := func() (r row) {
		t.Helper()
		// The newest session: the sign-in's, not the registration's.
		err := e.DB.NewRaw(`SELECT s.xmin::text AS xmin, s.idle_expires_at FROM sessions s JOIN accounts a ON a.id = s.account_id
			WHERE a.email = ? ORDER BY s.created_at DESC LIMIT 1`, p.Email).Scan(ctx, &r)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	before := read()
	for range 3 {
		c.MustOK("GET", "/session", nil, nil)
	}
	if after := read(); after != before {
		t.Fatalf("requests within the step wrote the session: %+v then %+v", before, after)
	}
	time.Sleep(1100 * time.Millisecond)
	c.MustOK("GET", "/session", nil, nil)
	moved := read()
	if !moved.Idle.After(before.Idle.Add(time.Second)) || moved.Idle.After(time.Now().Add(20*time.Second)) {
		t.Fatalf("after the step the deadline is %s (was %s)", moved.Idle, before.Idle)
	}
	// The deadline is exact: a millisecond past it, the session is over.
	if _, err := e.DB.NewRaw("UPDATE sessions SET idle_expires_at = now() - interval '1 millisecond' WHERE idle_expires_at = ?",
		moved.Idle).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if status, err := c.Do("GET", "/session", nil, nil); status != http.StatusUnauthorized || err.Code != shared.CodeUnauthenticated {
		t.Fatalf("past the idle deadline: %d %+v", status, err)
	}
}
