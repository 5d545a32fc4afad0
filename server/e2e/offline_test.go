package e2e

import (
	"context"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// link is the network between the browser and the portal: a proxy that
// passes requests through while up and drops every connection while down,
// as a lost connection does (a request fails without an answer).
type link struct {
	url  string
	down atomic.Bool
	// to is the portal behind the link (retarget: a new version of it).
	to atomic.Pointer[url.URL]
	// held, while set, holds every request for app.wasm until it is
	// closed (holdWasm): the app then arrives when the test says.
	held atomic.Pointer[chan struct{}]
	// failWasm, while set, drops every request for app.wasm without an
	// answer, as a phone losing its network during the download.
	failWasm atomic.Bool
	// wasmAsked counts the requests for app.wasm that reach the link;
	// wasmSent those answered with it (200, not a 304 revalidation), and
	// wasmBytes their bytes on the wire.
	wasmAsked, wasmSent, wasmBytes atomic.Int64
	// wasmRate, when set, sends app.wasm at that many bytes a second, as a
	// phone's network does: the page's download and the worker's then
	// overlap, as they do on a phone, instead of ending in milliseconds.
	wasmRate atomic.Int64
	// cutWasmAt, when set, drops app.wasm's connection once that many of
	// its bytes have crossed the link (wasmBytes, all answers together):
	// a download that breaks off half way, and every one after it.
	cutWasmAt atomic.Int64
}

// countingWriter counts (and, at wasmRate, paces) an answer for app.wasm.
type countingWriter struct {
	http.ResponseWriter
	l      *link
	status int
}

func (w *countingWriter) WriteHeader(code int) {
	w.status = code
	if code == http.StatusOK {
		w.l.wasmSent.Add(1)
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *countingWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	rate := w.l.wasmRate.Load()
	sent := 0
	for sent < len(b) {
		chunk := len(b) - sent
		if rate > 0 {
			chunk = min(chunk, 16<<10)
		}
		if cut := w.l.cutWasmAt.Load(); cut > 0 && w.l.wasmBytes.Load()+int64(chunk) > cut {
			panic(http.ErrAbortHandler) // the connection drops mid-body
		}
		n, err := w.ResponseWriter.Write(b[sent : sent+chunk])
		sent += n
		w.l.wasmBytes.Add(int64(n))
		if err != nil || rate <= 0 {
			return sent, err
		}
		_ = http.NewResponseController(w.ResponseWriter).Flush()
		time.Sleep(time.Duration(int64(chunk) * int64(time.Second) / rate))
	}
	return sent, nil
}

func (w *countingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// holdWasm makes app.wasm wait at the link until the returned func is
// called.
func (l *link) holdWasm() (release func()) {
	ch := make(chan struct{})
	l.held.Store(&ch)
	var once sync.Once
	return func() { once.Do(func() { l.held.Store(nil); close(ch) }) }
}

// newLink starts the proxy in front of the portal at target. The portal
// sees its own origin, so its same-origin checks hold.
func newLink(t *testing.T, target string) *link {
	t.Helper()
	to, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := &link{url: "http://" + ln.Addr().String()}
	l.to.Store(to)
	proxy := &httputil.ReverseProxy{FlushInterval: -1, Rewrite: func(r *httputil.ProxyRequest) {
		to := l.to.Load()
		r.SetURL(to)
		r.Out.Host = to.Host
		if r.In.Header.Get("Origin") != "" {
			r.Out.Header.Set("Origin", to.String())
		}
	}}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if l.down.Load() {
			if c, _, err := http.NewResponseController(w).Hijack(); err == nil {
				_ = c.Close()
			}
			return
		}
		if l.failWasm.Load() && strings.HasSuffix(r.URL.Path, "/app.wasm") {
			if c, _, err := http.NewResponseController(w).Hijack(); err == nil {
				_ = c.Close()
			}
			return
		}
		if strings.HasSuffix(r.URL.Path, "/app.wasm") {
			l.wasmAsked.Add(1)
			w = &countingWriter{ResponseWriter: w, l: l}
		}
		if ch := l.held.Load(); ch != nil && strings.HasSuffix(r.URL.Path, "/app.wasm") {
			select {
			case <-*ch:
			case <-r.Context().Done():
				return
			}
		}
		proxy.ServeHTTP(w, r)
	})}
	srv.SetKeepAlivesEnabled(false)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return l
}

// retarget puts another portal behind the link, as a deployment of a new
// version does behind the same address.
func (l *link) retarget(t *testing.T, target string) {
	t.Helper()
	to, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	l.to.Store(to)
}

// setOnline takes the tab's network and the link down or up together: the
// browser then says it is offline (navigator.onLine) and nothing reaches
// the portal.
func (l *link) setOnline(t *testing.T, ctx context.Context, up bool) {
	t.Helper()
	l.down.Store(!up)
	err := within(ctx, stepTimeout, func(c context.Context) error {
		_, err := chromedp.Call(c, network.OverrideNetworkState, network.OverrideNetworkStateParams{
			Offline: !up, DownloadThroughput: -1, UploadThroughput: -1})
		return err
	})
	if err != nil {
		t.Fatalf("network conditions: %v", err)
	}
}

// waitShellCached waits until the service worker controls the tab and has
// the app shell in its cache, as after any first visit.
func waitShellCached(ctx context.Context) {
	tabOf(ctx).t.Helper()
	const cached = `() => navigator.serviceWorker && navigator.serviceWorker.controller &&
		caches.match("/").then(r => !!r)`
	if !until(ctx, loadTimeout, cached) {
		fatalf(ctx, "the service worker did not take the page with the app shell cached")
	}
}

// Pages opened directly while offline start from the cached app shell and
// say in Russian that there is no connection; when it returns they load.
func TestOfflinePagesOpen(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	net := newLink(t, e.url)
	ctx := browser(t, desktop)

	open(ctx, net.url+"/")
	waitShellCached(ctx)

	net.setOnline(t, ctx, false)
	open(ctx, net.url+"/login")
	waitText(ctx, "#offline-notice", "Нет подключения к интернету", stepTimeout)
	waitVisible(ctx, "f-login", stepTimeout)
	// The QR code cannot be fetched: the card says why, not that the
	// service is down.
	waitText(ctx, "#qr-error", "Нет подключения к интернету", stepTimeout)
	shotBoth(t, ctx, "login-offline")

	open(ctx, net.url+"/npd")
	waitText(ctx, "#offline-notice", "черновиком на этом устройстве", stepTimeout)
	shotBoth(t, ctx, "npd-offline")

	// The connection returns: the page reloads by itself and, signed out,
	// /npd asks to sign in and come back.
	net.setOnline(t, ctx, true)
	if !until(ctx, 15*time.Second, `() => location.pathname === "/login" && new URLSearchParams(location.search).get("next") === "/npd"`) {
		fatalf(ctx, "the app did not recover when the connection returned: the page is %s", location(ctx))
	}
	waitApp(ctx)
	waitVisible(ctx, "f-login", stepTimeout)
	if isVisible(ctx, "offline-notice") {
		t.Error("the offline notice stayed after the connection returned")
	}
	shot(t, ctx, "online-again")
}

// The page a first visit opened is kept by the worker as soon as it takes
// over: that visit came from the network before there was a worker, and
// the next one, even without a connection, is shown the page itself from
// the cache (not the app shell, and not after a wait for the network).
func TestWorkerKeepsTheFirstVisitedPage(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	net := newLink(t, e.url)
	ctx := browser(t, phone)

	err := within(ctx, loadTimeout, func(c context.Context) error { return chromedp.Do(c, chromedp.Navigate(net.url+"/login")) })
	if err != nil {
		fatalf(ctx, "opening /login: %v", err)
	}
	waitShellCached(ctx)
	if !until(ctx, loadTimeout, `() => caches.match(location.origin + "/login").then(r => !!r)`) {
		fatalf(ctx, "the worker did not keep /login, the page open when it took over")
	}

	net.setOnline(t, ctx, false)
	err = within(ctx, loadTimeout, func(c context.Context) error { return chromedp.Do(c, chromedp.Navigate(net.url+"/login")) })
	if err != nil {
		fatalf(ctx, "opening /login again offline: %v", err)
	}
	// The server's /login as the worker kept it, before any app runs: the
	// app shell would be the home page's prerender.
	state, _ := js[string](ctx, `JSON.stringify({page: (document.querySelector("fieldset[data-start-on-use]") || {dataset: {}}).dataset.startOnUse || "", form: !!document.getElementById("form-login")})`)
	if state != `{"page":"/login","form":true}` {
		fatalf(ctx, "the second visit, offline: %s, want the kept /login", state)
	}
}

// A phone's first visit downloads app.wasm once. The page fetches it to
// start the app while the new worker installs, and the worker's install
// fetched it too. Chromium's HTTP cache has the worker's request wait for
// the page's and revalidate it (a second request, a 304), but for 20
// seconds only: when the answer took longer, as on a slow or stalled
// mobile network, the worker downloaded all of app.wasm a second time.
// Counted at the link, at a phone's pace, until the worker controls the
// page with app.wasm kept and the app runs; the kept copy then starts the
// app offline.
func TestFirstVisitDownloadsTheAppOnce(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	net := newLink(t, e.url)
	net.wasmRate.Store(1 << 20)
	ctx := browser(t, phone)

	open(ctx, net.url+"/login")
	waitShellCached(ctx)
	if !until(ctx, loadTimeout, `() => caches.match("/web/app.wasm").then(r => !!r)`) {
		fatalf(ctx, "the worker did not keep app.wasm")
	}
	br, err := os.Stat(filepath.Join(webDir(t), "app.wasm.br"))
	if err != nil {
		t.Fatal(err)
	}
	// One request: the worker takes the page's copy without asking again.
	if asked, sent, bytes := net.wasmAsked.Load(), net.wasmSent.Load(), net.wasmBytes.Load(); asked != 1 || sent != 1 || bytes > br.Size()+br.Size()/10 {
		fatalf(ctx, "the first visit asked for app.wasm %d times and got it %d times, %d bytes (one brotli copy is %d)", asked, sent, bytes, br.Size())
	}

	net.setOnline(t, ctx, false)
	open(ctx, net.url+"/login")
	waitVisible(ctx, "f-login", stepTimeout)
}
