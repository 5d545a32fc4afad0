package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// size is a viewport: the desktop one every test runs at, and a phone one
// for the key screens' second screenshot.
type size struct{ w, h int64 }

var (
	desktop = size{1280, 900}
	phone   = size{360, 800}
)

// Timeouts. The whole package must stay well under four minutes on two
// cores, with two tests (two Chromiums, two WASM start-ups) at a time.
const (
	loadTimeout = 30 * time.Second // a full page load, including app.wasm
	stepTimeout = 15 * time.Second // one step: an element, a text, a URL
)

// tab is what the helpers know about a browser tab: its test, its
// screenshot counter, what its console and network said.
type tab struct {
	t    *testing.T
	root string // repository root
	size size

	mu       sync.Mutex
	shots    int
	console  []string         // last console messages, "type: text (where)"
	blocked  []string         // what the Content-Security-Policy refused
	requests []netRequest     // every request the page sent
	statuses map[string]int64 // request id → response status
}

type netRequest struct {
	id          string
	method, url string
}

type tabKey struct{}

func tabOf(ctx context.Context) *tab {
	tb, _ := ctx.Value(tabKey{}).(*tab)
	if tb == nil {
		panic("e2e: the context does not come from browser()")
	}
	return tb
}

// chromium finds Debian's Chromium (`make test` installs it).
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	t.Fatal("Chromium is missing: the browser tests need Debian's package — run `make test` (it installs it) or `apt-get install -y chromium`")
	return ""
}

// browser starts a fresh headless Chromium (its own profile directory) with
// one tab at the viewport sz, and returns the tab's context. The browser
// ends with the test. When the test has failed by then, the tab's last
// screen is saved as …-FAIL.png and its visible text and console errors go
// to the test log.
func browser(t *testing.T, sz size) context.Context {
	t.Helper()
	profile, err := os.MkdirTemp("", "kabinet-e2e-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("lang", "ru-RU"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(int(sz.w), int(sz.h)),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tb := &tab{t: t, root: repoRoot(t), size: sz, statuses: map[string]int64{}}
	ctx, cancel := chromedp.NewContext(context.WithValue(actx, tabKey{}, tb))
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
		// Chromium's helpers may still be writing when it ends: a profile
		// left behind in the temporary directory is not a test failure.
		for i := 0; i < 5 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(200 * time.Millisecond)
		}
	})

	// The first Do starts the browser and opens the tab; it binds the
	// browser to ctx, so it runs without a deadline and is watched here.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx, chromedp.EmulateViewport(sz.w, sz.h)) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("starting Chromium: %v", err)
		}
	case <-time.After(loadTimeout):
		cancel()
		t.Fatalf("Chromium did not start in %s", loadTimeout)
	}

	// Read the console and the network only now (after the first action),
	// or the subscription can hang.
	go func() {
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			where := ""
			if m.URL != "" {
				where = fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
			}
			tb.mu.Lock()
			if isCSPViolation(m) {
				tb.blocked = append(tb.blocked, m.Text+where)
			}
			tb.console = append(tb.console, fmt.Sprintf("%s: %s%s", m.Type, m.Text, where))
			if len(tb.console) > 200 {
				tb.console = tb.console[len(tb.console)-200:]
			}
			tb.mu.Unlock()
		}
	}()
	if err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			tb.mu.Lock()
			tb.requests = append(tb.requests, netRequest{id: string(ev.RequestID), method: ev.Request.Method, url: ev.Request.URL})
			tb.mu.Unlock()
		case *network.EventResponseReceived:
			tb.mu.Lock()
			tb.statuses[string(ev.RequestID)] = ev.Response.Status
			tb.mu.Unlock()
		}
	}); err != nil {
		t.Fatalf("listening to the network: %v", err)
	}

	t.Cleanup(func() {
		if t.Failed() {
			tb.report(ctx)
		}
	})
	// Registered last, so it runs first: a refusal fails the test before
	// the report is written.
	t.Cleanup(tb.failOnCSPViolations)
	return ctx
}

// isCSPViolation reports whether a console message is the browser refusing
// something under the page's Content-Security-Policy (Chromium logs these
// with the source "security"; the text is the fallback).
func isCSPViolation(m chromedp.ConsoleMessage) bool {
	return m.Source == "security" || strings.Contains(m.Text, "Content Security Policy")
}

// failOnCSPViolations fails the test when the policy refused anything a
// page loaded or ran: the policy must let every page work as it is.
func (tb *tab) failOnCSPViolations() {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, v := range tb.blocked {
		tb.t.Errorf("Content-Security-Policy violation: %s", v)
	}
}

// report is what helps when a test failed: the last screen as …-FAIL.png,
// where the page is, what it says and what its console said.
func (tb *tab) report(ctx context.Context) {
	t := tb.t
	if ctx.Err() != nil {
		return
	}
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if buf, err := chromedp.Run(dctx, chromedp.CaptureScreenshot()); err == nil {
		path := filepath.Join(tb.root, "test-artifacts", "screenshots", safeName(t.Name())+"-FAIL.png")
		if os.WriteFile(path, buf, 0o644) == nil {
			t.Logf("last screen: %s", path)
		}
	}
	loc, _ := chromedp.Run(dctx, chromedp.Location())
	text, _ := chromedp.Run(dctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	if len(text) > 4000 {
		text = text[:4000] + "…"
	}
	t.Logf("page %s shows:\n%s", loc, indent(text))
	tb.mu.Lock()
	msgs := append([]string(nil), tb.console...)
	tb.mu.Unlock()
	if len(msgs) > 20 {
		msgs = msgs[len(msgs)-20:]
	}
	if len(msgs) == 0 {
		t.Logf("console: empty")
	} else {
		t.Logf("console (last messages):\n%s", indent(strings.Join(msgs, "\n")))
	}
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n    ")
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

func safeName(s string) string { return unsafeChars.ReplaceAllString(s, "_") }

// fatalf fails the test of ctx's tab.
func fatalf(ctx context.Context, format string, args ...any) {
	t := tabOf(ctx).t
	t.Helper()
	t.Fatalf(format, args...)
}

// within runs f with a deadline (the browser itself is not bound to it).
func within(ctx context.Context, d time.Duration, f func(ctx context.Context) error) error {
	c, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return f(c)
}

// onEveryPage has the browser run the script src in every page the tab
// opens from now on, before the page's own scripts (what names it in a
// failure).
func onEveryPage(ctx context.Context, what, src string) {
	tabOf(ctx).t.Helper()
	err := within(ctx, stepTimeout, func(c context.Context) error {
		_, err := chromedp.Call(c, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src})
		return err
	})
	if err != nil {
		fatalf(ctx, "installing %s: %v", what, err)
	}
}

// js evaluates expr in the page.
func js[T any](ctx context.Context, expr string) (T, error) {
	var v T
	err := within(ctx, 5*time.Second, func(c context.Context) error {
		var err error
		v, err = chromedp.Run(c, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
		return err
	})
	return v, err
}

// until polls the page with the JavaScript predicate (a function of args,
// returning a truthy value, or a promise of one, when done) until it
// holds. It survives page loads (chromedp's Poll does not). A promise is
// awaited: "!!" of it was always true, so waitShellCached went on as soon
// as a worker controlled the page, with or without the shell cached.
func until(ctx context.Context, timeout time.Duration, fn string, args ...any) bool {
	deadline := time.Now().Add(timeout)
	call := fmt.Sprintf("(%s)(...%s)", fn, jsArgs(args))
	for {
		if ok, err := js[bool](ctx, "Promise.resolve("+call+").then((v) => !!v)"); err == nil && ok {
			return true
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func jsArgs(args []any) string {
	if args == nil {
		args = []any{}
	}
	b, err := json.Marshal(args)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// open loads url as a person would type it into the address bar and waits
// until the front end runs (go-app removes its loader once app.wasm started
// and the page is mounted).
func open(ctx context.Context, url string) {
	tabOf(ctx).t.Helper()
	err := within(ctx, loadTimeout, func(c context.Context) error {
		return chromedp.Do(c, chromedp.Navigate(url))
	})
	if err != nil {
		fatalf(ctx, "opening %s: %v", url, err)
	}
	waitApp(ctx)
}

// waitApp waits until app.wasm runs the page. A public page starts the
// app at the person's first use (app.js, page.Shell.StartOnUse); waitApp
// starts it at once (kabinetStartNow), as tests of what the app does need:
// TestSignInTakesTypingBeforeTheApp and its neighbours test the first use.
func waitApp(ctx context.Context) {
	tabOf(ctx).t.Helper()
	const ready = `() => {
		if (typeof kabinetStartNow === "function") kabinetStartNow();
		if (document.getElementById("app-failed")) return true; // reported below
		return document.readyState === "complete" && !document.getElementById("app-wasm-loader") && typeof Go === "function";
	}`
	ok := until(ctx, loadTimeout, ready)
	if failed, _ := js[string](ctx, `(() => { const f = document.getElementById("app-failed"); return f ? f.innerText + " (" + f.dataset.error + ")" : ""; })()`); failed != "" {
		fatalf(ctx, "the front end failed to start: %s", failed)
	}
	if !ok {
		state, _ := js[string](ctx, `JSON.stringify({ready: document.readyState, loader: !!document.getElementById("app-wasm-loader"), label: (document.getElementById("app-wasm-loader-label") || {}).innerText || "", go: typeof Go})`)
		fatalf(ctx, "the front end did not start in %s: %s", loadTimeout, state)
	}
}

// visible is the predicate «the element with this id is on screen and can be
// used»: displayed, not hidden, not disabled.
const visible = `(id) => {
	const el = document.getElementById(id);
	if (!el) return false;
	const r = el.getBoundingClientRect();
	const st = getComputedStyle(el);
	return r.width > 0 && r.height > 0 && st.visibility !== "hidden" && st.display !== "none" && !el.disabled;
}`

// waitVisible waits for the element with the id to be on screen.
func waitVisible(ctx context.Context, id string, timeout time.Duration) {
	tabOf(ctx).t.Helper()
	if !until(ctx, timeout, visible, id) {
		fatalf(ctx, "#%s did not appear (or stayed disabled) within %s", id, timeout)
	}
}

// scrollTo scrolls the element with the id to the middle of the screen, as
// a person scrolls to look at it.
func scrollTo(ctx context.Context, id string) {
	tabOf(ctx).t.Helper()
	if _, err := js[bool](ctx, fmt.Sprintf(`(el => { el.scrollIntoView({block: "center"}); return true; })(document.getElementById(%q))`, id)); err != nil {
		fatalf(ctx, "scrolling to #%s: %v", id, err)
	}
}

// submit clicks the button with the id and waits for the answer to the
// request it sends (method, path suffix) and for the button to finish; it
// returns the answer's status.
func submit(ctx context.Context, id, method, suffix string) int64 {
	tabOf(ctx).t.Helper()
	n := len(responses(ctx, method, suffix))
	click(ctx, id)
	got := waitResponses(ctx, method, suffix, n+1, stepTimeout)
	waitNotBusy(ctx, id, stepTimeout)
	return got[n]
}

// waitNotBusy waits until the button with the id has finished its action
// (the design system marks a running one aria-busy), or is gone (its page
// moved on).
func waitNotBusy(ctx context.Context, id string, timeout time.Duration) {
	tabOf(ctx).t.Helper()
	if !until(ctx, timeout, `(id) => { const b = document.getElementById(id); return !b || b.getAttribute("aria-busy") !== "true"; }`, id) {
		fatalf(ctx, "#%s stayed busy for %s", id, timeout)
	}
}

// isVisible reports whether the element is on screen now.
func isVisible(ctx context.Context, id string) bool {
	return until(ctx, 0, visible, id)
}

// click clicks the element with the id, with the mouse, once it is on
// screen and enabled.
func click(ctx context.Context, id string) {
	tabOf(ctx).t.Helper()
	waitVisible(ctx, id, stepTimeout)
	err := within(ctx, stepTimeout, func(c context.Context) error {
		return clickNode(c, chromedp.ID(id), chromedp.NodeVisible)
	})
	if err != nil {
		fatalf(ctx, "clicking #%s: %v", id, err)
	}
}

// clickNode clicks the element sel finds. chromedp finds the node, then
// scrolls to it and reads its box, and only then sends the mouse's
// events; on a page that starts the app on use, go-app's mount can
// replace the element in between ("Could not find node with given id").
// No event was sent then, so the click is tried again on the new element.
func clickNode[S chromedp.Selectable](c context.Context, sel S, opts ...chromedp.QueryOption) error {
	for try := 1; ; try++ {
		err := chromedp.Do(c, chromedp.Click(sel, opts...))
		if err == nil || try == 3 || !strings.Contains(err.Error(), "Could not find node") {
			return err
		}
	}
}

// clickSel clicks the first element that the selector (CSS, XPath or
// text; chromedp's Search) finds.
func clickSel(ctx context.Context, sel string) {
	tabOf(ctx).t.Helper()
	err := within(ctx, stepTimeout, func(c context.Context) error {
		return chromedp.Do(c, chromedp.Click(chromedp.Search(sel), chromedp.NodeVisible))
	})
	if err != nil {
		fatalf(ctx, "clicking %s: %v", sel, err)
	}
}

// typeInto types text into the field with the id, key by key, over what
// the field held (the way a person selects the old text and types).
func typeInto(ctx context.Context, id, text string) {
	tabOf(ctx).t.Helper()
	waitVisible(ctx, id, stepTimeout)
	err := within(ctx, stepTimeout, func(c context.Context) error {
		if err := clickNode(c, chromedp.ID(id), chromedp.NodeVisible); err != nil {
			return err
		}
		if _, err := chromedp.Run(c, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.getElementById(%q).select()`, id))); err != nil {
			return err
		}
		if text == "" {
			return chromedp.Do(c, chromedp.KeyEvent(kb.Backspace))
		}
		// The keys go to the focused field, as a person's do. SendKeys
		// finds the node again first, and on a page that starts the app
		// on use the click has started it: go-app's mount can replace the
		// field meanwhile (its new field takes the focus and the text).
		focused, err := chromedp.Run(c, chromedp.Evaluate[bool](fmt.Sprintf(`document.activeElement && document.activeElement.id === %q`, id)))
		if err == nil && focused {
			return chromedp.Do(c, chromedp.KeyEvent(text))
		}
		return chromedp.Do(c, chromedp.SendKeys(chromedp.ID(id), text))
	})
	if err != nil {
		fatalf(ctx, "typing into #%s: %v", id, err)
	}
	got, _ := js[string](ctx, fmt.Sprintf(`document.getElementById(%q).value`, id))
	if got != text {
		fatalf(ctx, "#%s holds %q after typing %q", id, got, text)
	}
}

// waitText waits until an element that matches the CSS selector shows text
// containing substr (case-insensitive) and returns that element's text.
func waitText(ctx context.Context, sel, substr string, timeout time.Duration) string {
	tabOf(ctx).t.Helper()
	const find = `(sel, sub) => {
		for (const el of document.querySelectorAll(sel)) {
			const s = (el.innerText || el.textContent || "");
			if (s.toLowerCase().includes(sub.toLowerCase())) return true;
		}
		return false;
	}`
	if !until(ctx, timeout, find, sel, substr) {
		now := texts(ctx, sel)
		fatalf(ctx, "waiting %s for %q in %s: it shows %q", timeout, substr, sel, now)
	}
	for _, s := range texts(ctx, sel) {
		if strings.Contains(strings.ToLower(s), strings.ToLower(substr)) {
			return s
		}
	}
	return ""
}

// texts returns the visible text of every element that matches sel.
func texts(ctx context.Context, sel string) []string {
	v, _ := js[[]string](ctx, fmt.Sprintf(`Array.from(document.querySelectorAll(%q), el => (el.innerText || el.textContent || "").trim())`, sel))
	return v
}

// location is the page's path and query.
func location(ctx context.Context) string {
	v, _ := js[string](ctx, `location.pathname + location.search`)
	return v
}

// waitPath waits until the page's path is path (the query may be anything)
// and returns path and query.
func waitPath(ctx context.Context, path string, timeout time.Duration) string {
	tabOf(ctx).t.Helper()
	if !until(ctx, timeout, `(p) => location.pathname === p`, path) {
		fatalf(ctx, "expected to be on %s within %s, but the page is %s", path, timeout, location(ctx))
	}
	return location(ctx)
}

// requests counts the requests the page sent with the method to a URL
// whose path ends with suffix.
func requests(ctx context.Context, method, suffix string) int {
	tb := tabOf(ctx)
	tb.mu.Lock()
	defer tb.mu.Unlock()
	n := 0
	for _, r := range tb.requests {
		if r.method == method && pathEnds(r.url, suffix) {
			n++
		}
	}
	return n
}

// responses returns the statuses of the answered requests with the method
// to a path ending with suffix, oldest first.
func responses(ctx context.Context, method, suffix string) []int64 {
	tb := tabOf(ctx)
	tb.mu.Lock()
	defer tb.mu.Unlock()
	var out []int64
	for _, r := range tb.requests {
		if s, ok := tb.statuses[r.id]; ok && r.method == method && pathEnds(r.url, suffix) {
			out = append(out, s)
		}
	}
	return out
}

// waitResponses waits until n requests like that have been answered and
// returns the statuses.
func waitResponses(ctx context.Context, method, suffix string, n int, timeout time.Duration) []int64 {
	tabOf(ctx).t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		got := responses(ctx, method, suffix)
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			fatalf(ctx, "waiting %s for answer #%d to %s …%s: only %d came", timeout, n, method, suffix, len(got))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func pathEnds(url, suffix string) bool {
	if i := strings.IndexAny(url, "?#"); i >= 0 {
		url = url[:i]
	}
	return strings.HasSuffix(url, suffix)
}

// shot saves the screen as test-artifacts/screenshots/<Test>-NN-<name>.png
// at the tab's viewport.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	tb := tabOf(ctx)
	tb.mu.Lock()
	tb.shots++
	n := tb.shots
	tb.mu.Unlock()
	save(t, ctx, fmt.Sprintf("%s-%02d-%s.png", safeName(t.Name()), n, name))
}

// shotBoth saves the screen at the tab's viewport and again at the phone's
// (360×800), then goes back to the tab's viewport.
func shotBoth(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	shot(t, ctx, name)
	tb := tabOf(ctx)
	tb.mu.Lock()
	n := tb.shots
	tb.mu.Unlock()
	resize(t, ctx, phone, true)
	save(t, ctx, fmt.Sprintf("%s-%02d-%s-%dx%d.png", safeName(t.Name()), n, name, phone.w, phone.h))
	resize(t, ctx, tb.size, false)
}

func resize(t *testing.T, ctx context.Context, sz size, mobile bool) {
	t.Helper()
	var opts []chromedp.EmulateViewportOption
	if mobile {
		opts = append(opts, chromedp.EmulateMobile)
	}
	err := within(ctx, stepTimeout, func(c context.Context) error {
		return chromedp.Do(c, chromedp.EmulateViewport(sz.w, sz.h, opts...))
	})
	if err != nil {
		t.Fatalf("resizing to %dx%d: %v", sz.w, sz.h, err)
	}
	time.Sleep(400 * time.Millisecond) // go-app's resize cool-down is 250 ms
}

func save(t *testing.T, ctx context.Context, file string) {
	t.Helper()
	// Wait for the fonts and one frame, so the picture is what a person sees.
	_, _ = js[bool](ctx, `document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => r(true))))`)
	var buf []byte
	err := within(ctx, stepTimeout, func(c context.Context) error {
		var err error
		buf, err = chromedp.Run(c, chromedp.CaptureScreenshot())
		return err
	})
	if err != nil {
		t.Fatalf("screenshot %s: %v", file, err)
	}
	dir := filepath.Join(tabOf(ctx).root, "test-artifacts", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, file), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// clearShots removes the screenshots of an earlier run of the test.
func clearShots(t *testing.T) {
	dir := filepath.Join(repoRoot(t), "test-artifacts", "screenshots")
	old, _ := filepath.Glob(filepath.Join(dir, safeName(t.Name())+"-*.png"))
	for _, f := range old {
		_ = os.Remove(f)
	}
}

// newTab opens a second tab in the same browser (same cookies), as a
// developer opens another tab; it closes with the returned func.
func newTab(ctx context.Context) (context.Context, func()) {
	tabOf(ctx).t.Helper()
	c, cancel := chromedp.NewContext(ctx)
	// The first Do binds the tab to its context: no deadline here.
	sz := tabOf(ctx).size
	if err := chromedp.Do(c, chromedp.EmulateViewport(sz.w, sz.h)); err != nil {
		cancel()
		fatalf(ctx, "opening a tab: %v", err)
	}
	return c, cancel
}
