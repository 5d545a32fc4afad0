package auth

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Route is one back-office route and the one permission it needs. The
// back office declares its routes as a table of these, so the same table
// mounts them, is walked by the authorization tests and is printed into
// docs/authorization.md: what is documented is what is served.
type Route struct {
	Method string // GET, POST, …
	Path   string // the full path under the API prefix, e.g. /office/people/:id
	Perm   string // the permission checked by RequirePermission
	Why    string // what the route does, for the documentation
	Handle fiber.Handler
}

// MountPermitted mounts routes under prefix behind authed, each behind
// RequirePermission of its own permission. A route without a permission,
// or outside prefix, is a programming error and panics at start-up, so a
// back-office route cannot be served unchecked.
func MountPermitted(r fiber.Router, authed fiber.Handler, prefix string, routes []Route) {
	g := r.Group(prefix, authed)
	for _, rt := range routes {
		path, ok := strings.CutPrefix(rt.Path, prefix)
		if !ok || rt.Perm == "" || rt.Handle == nil {
			panic(fmt.Sprintf("auth.MountPermitted: %s %s needs a path under %s, a permission and a handler", rt.Method, rt.Path, prefix))
		}
		g.Add(rt.Method, path, RequirePermission(rt.Perm), rt.Handle)
	}
}
