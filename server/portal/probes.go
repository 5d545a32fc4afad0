package portal

import (
	"context"
	"fmt"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/uptrace/bun"

	"kabinet/migrations"
	"kabinet/server/db"
)

// livez answers 200 while the process serves at all: a supervisor that
// gets no answer restarts it. It touches nothing else, so that an outage
// of the database does not get every server restarted.
func livez(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.SendString("ok")
}

// readyz answers 200 when this server can do its work — the database
// answers and its schema has every migration this binary knows — and 503
// with the reason otherwise, so that a load balancer sends requests
// elsewhere (during a restart of PostgreSQL, or before `kabinet migrate`).
func readyz(database *bun.DB) fiber.Handler {
	return func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderCacheControl, "no-store")
		ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
		defer cancel()
		if err := ready(ctx, database); err != nil {
			return c.Status(fiber.StatusServiceUnavailable).SendString(err.Error())
		}
		return c.SendString("ok")
	}
}

// notReady says why a server is not ready, in words fit for a probe's log
// (no connection strings, no SQL).
type notReady string

func (e notReady) Error() string { return string(e) }

func ready(ctx context.Context, database *bun.DB) error {
	if err := database.PingContext(ctx); err != nil {
		return notReady("database unreachable")
	}
	st, err := db.Status(ctx, database, migrations.FS)
	if err != nil {
		return notReady("migrations unreadable")
	}
	if len(st.Pending) > 0 {
		return notReady(fmt.Sprintf("%d migrations pending", len(st.Pending)))
	}
	return nil
}

// Admin is what ADMIN_ADDR serves: net/http/pprof's profiles. It is a
// separate listener, never the public port, because a profile shows the
// program's internals and costs CPU to take.
func Admin() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}
