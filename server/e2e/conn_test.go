package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// A person with a second factor (so every page listens for sign-ins to
// approve) moves around the cabinet by its links and by typing addresses,
// and what they do next is sent at once: a page left behind holds none of
// the browser's connections to the server (six per host), and the page
// shown holds one long poll. Pages left for the back/forward cache used
// to keep theirs to the server's end of the wait (25 s); a few pages
// opened in a row and «Проверить данные» on /ip waited 17 s to be sent.
func TestLeftPagesHoldNoConnections(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	e.seedDemo()
	p := e.ConfirmedPerson(1)
	ctx := browser(t, desktop)
	typeSignIn(ctx, e, p.Email, personPassword)
	typeInto(ctx, "f-code", e.TOTPCode(p.Email, p.Secret))
	click(ctx, "btn-second-factor")
	waitPath(ctx, "/cabinet", stepTimeout)

	for _, href := range []string{"/profile", "/journal", "/sessions", "/security", "/cabinet"} {
		clickSel(ctx, `#nav a[href="`+href+`"]`)
		waitPath(ctx, href, stepTimeout)
	}
	click(ctx, "link-cabinet-ip")
	waitPath(ctx, "/ip", stepTimeout)
	settled(ctx, e, "in-app navigation")

	for _, path := range []string{"/documents", "/profile", "/notifications", "/documents/incoming", "/cabinet", "/ip"} {
		open(ctx, e.url+path)
	}
	settled(ctx, e, "opening pages")

	// Back to the cabinet (from the back/forward cache, where the browser
	// keeps it): it listens again, after the banner's pause on an error.
	if _, err := js[bool](ctx, `history.back(), true`); err != nil {
		t.Fatal(err)
	}
	waitPath(ctx, "/cabinet", stepTimeout)
	deadline := time.Now().Add(10 * time.Second)
	for e.P.Auth.Waiting() != 1 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if n := e.P.Auth.Waiting(); n != 1 {
		t.Errorf("back on the cabinet, the server holds %d long polls of the browser, want 1", n)
	}
	settled(ctx, e, "going back")
}

// settled checks the browser after a person's moves: the server holds at
// most one long poll of it (the page's wait for sign-ins to approve; a
// wait ends within a second or two of its connection closing), and a
// plain request made now leaves the browser within a second.
func settled(ctx context.Context, e *env, after string) {
	t := tabOf(ctx).t
	t.Helper()
	time.Sleep(1500 * time.Millisecond) // the page's own requests go out
	deadline := time.Now().Add(3 * time.Second)
	for e.P.Auth.Waiting() > 1 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if n := e.P.Auth.Waiting(); n > 1 {
		t.Errorf("after %s, the server holds %d long polls of the browser", after, n)
	}
	if q := queued(ctx, "/api/v1/session"); q > time.Second {
		t.Errorf("after %s, a request waited %s in the browser before it was sent", after, q)
	}
}

// queued fetches path from the page and returns how long the request
// waited in the browser before it was sent (Resource Timing: requestStart
// after startTime); a request still not answered after 4 s counts 4 s.
func queued(ctx context.Context, path string) time.Duration {
	tabOf(ctx).t.Helper()
	ms, err := js[float64](ctx, fmt.Sprintf(`(async (path) => {
		performance.clearResourceTimings();
		const url = new URL(path, location.href).href;
		const done = await Promise.race([
			fetch(url, {credentials: "same-origin", cache: "no-store"}).then((r) => r.arrayBuffer()).then(() => true),
			new Promise((r) => setTimeout(() => r(false), 4000)),
		]);
		if (!done) return 4000;
		await new Promise((r) => setTimeout(r, 100)); // the entry is added after the body
		const e = performance.getEntriesByName(url).pop();
		return e ? e.requestStart - e.startTime : -1;
	})(%q)`, path))
	if err != nil || ms < 0 {
		fatalf(ctx, "timing a request to %s: %v (%v)", path, err, ms)
	}
	return time.Duration(ms * float64(time.Millisecond))
}
