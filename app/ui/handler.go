//go:build !js

package ui

import (
	_ "embed"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/page"
	"kabinet/shared/i18n"
)

// HandlerOptions configure the go-app handler that the server mounts.
type HandlerOptions struct {
	Version  string // hash of the built app.wasm; the ETag of everything go-app serves
	WasmSize int64  // raw (uncompressed) size of app.wasm, for the loading progress
	Dev      bool   // development mode
	// Operator is the personal data operator as the policy names it: the
	// deployment's organisation, its ИНН and address.
	Operator string
	// WebDir is the directory served at /web/ (CSS, fonts, icons, app.wasm
	// and its .br/.gz twins); "web" (relative to the working directory)
	// when empty.
	WebDir string
}

// workerJS is go-app's service worker with two changes (built when the
// server makes its handler: in app.wasm go-app has no worker template).
//
// API requests are left to the browser, never passed through the worker.
// The API is not cached anyway, and a request the page aborts (a long poll
// when the page changes) must end at once: through the worker it went on
// to its end, holding one of the browser's few connections to the server.
//
// Pages are kept: go-app's worker caches only "/", so a second visit to
// /login went to the network for its HTML before anything showed. A page's
// prerendered HTML depends on its URL and the version only (the server
// knows no session when it prerenders), and the cache is per version, so a
// page seen once is shown from the cache at once and refreshed in the
// background for the next visit. URLs with a query (links with tokens),
// answers other than a plain 200, and pages the server marks no-store (a
// receipt's check page, which must not show a receipt as valid after its
// annulment) are not kept.
func workerJS() string {
	return strings.Replace(app.DefaultAppWorkerJS,
		"self.addEventListener(\"fetch\", (event) => {\n",
		"self.addEventListener(\"fetch\", (event) => {\n"+
			"  const url = new URL(event.request.url);\n"+
			"  if (url.pathname.startsWith(\"/api/\")) {\n    return;\n  }\n"+
			"  if (event.request.mode === \"navigate\" && url.search === \"\" && url.origin === self.location.origin) {\n"+
			"    event.respondWith(kabinetPage(event));\n    return;\n  }\n", 1) + `
async function kabinetPage(event) {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(event.request);
  const fresh = fetch(event.request).then((res) => {
    if (kabinetKeeps(res)) {
      cache.put(event.request, res.clone());
    }
    return res;
  });
  if (cached) {
    event.waitUntil(fresh.catch(() => {}));
    return cached;
  }
  try {
    return await fresh;
  } catch (err) {
    // Offline on a page not seen yet: the app shell starts the app, which
    // routes the address itself and says there is no connection.
    const shell = await caches.match("/");
    if (shell) {
      return shell;
    }
    throw err;
  }
}

// kabinetKeeps tells whether a page's answer may be kept and shown again.
function kabinetKeeps(res) {
  return res.status === 200 && !res.redirected && res.type === "basic" && !/no-store/.test(res.headers.get("Cache-Control") || "");
}

// The page a first visit opened came from the network before there was a
// worker, so it was not kept, and the second visit waited for the network
// again. When the worker takes over, it keeps the pages open from the
// browser's HTTP cache: no request is made (a receipt page would count a
// view), and a page sent no-store is not there. Only a page of this
// worker's version (its ETag) is kept, by the rules of any page. Not in
// waitUntil: the worker handles no fetch until its activation ends.
self.addEventListener("activate", () => {
  kabinetKeepOpenPages().catch(() => {});
});

async function kabinetKeepOpenPages() {
  const cache = await caches.open(cacheName);
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  await Promise.all(windows.map(async (client) => {
    const url = new URL(client.url);
    if (url.origin !== self.location.origin || url.search !== "" || url.pathname.startsWith("/api/")) {
      return;
    }
    const page = url.origin + url.pathname;
    if (await cache.match(page)) {
      return;
    }
    const res = await fetch(page, { cache: "only-if-cached", mode: "same-origin" });
    if (kabinetKeeps(res) && res.headers.get("ETag") === '"' + cacheName.slice("app-".length) + '"') {
      await cache.put(page, res);
    }
  }));
}
`
}

// NewHandler returns the go-app handler serving the pages (prerendered),
// the PWA files (/app.js, /app-worker.js, /manifest.webmanifest,
// /wasm_exec.js, /app.css) and /web/* from WebDir. Call Routes first.
func NewHandler(o HandlerOptions) http.Handler {
	dir := o.WebDir
	if dir == "" {
		dir = "web"
	}
	env := map[string]string{}
	if o.Dev {
		env[page.EnvDev] = "1"
	}
	if o.Operator != "" {
		env[page.EnvOperator] = o.Operator
	}
	// The texts are data, not code (shared/i18n): the app loads its
	// language's file before the first render. Their hash joins the
	// version, so that a change of text alone renews app.js and the
	// worker's cache as a new app.wasm would.
	env[page.EnvTexts] = strings.Replace(i18n.Path(i18n.RU), "/"+string(i18n.RU)+".", "/"+page.TextsLang+".", 1)
	version := o.Version + "-" + i18n.Version()
	h := &app.Handler{
		Name:            "Кабинет",
		ShortName:       "Кабинет",
		Title:           "Кабинет — личные кабинеты для бизнеса",
		Description:     "Личные кабинеты ИП, самозанятого и организации с одной подтверждённой учётной записью.",
		Lang:            "ru",
		Author:          "Kabinet",
		BackgroundColor: "#F5F7FA",
		ThemeColor:      "#0D4CD3",
		// go-app's loader is restyled in web/app.css from a full-screen
		// cover into a thin strip and this label: the prerendered page is
		// the first screen, readable while app.wasm arrives.
		LoadingLabel: i18n.T(i18n.RU, "app.loading"),
		Icon: app.Icon{
			Default:  "/web/icons/icon-192.png",
			Large:    "/web/icons/icon-512.png",
			Maskable: "/web/icons/icon-512.png",
			SVG:      "/web/icons/icon.svg",
		},
		Styles: []string{"/web/app.css"},
		// Deferred: a script in the head would hold the first paint for a
		// round trip; passkey.js only defines what app.wasm calls later.
		// sigkey.js is not here: app/client adds it when a key is used.
		Scripts: []string{"/web/passkey.js defer"},
		// The faces of the first screen: body text, labels and buttons
		// (600), headings (700); the Latin files carry the digits. Fonts
		// are fetched in CORS mode, so a preload without crossorigin is
		// not used and the font comes twice; go-app drops a bare
		// "crossorigin", hence the explicit value.
		Fonts: []string{
			"/web/fonts/inter-cyrillic-400-normal.woff2 crossorigin=anonymous",
			"/web/fonts/inter-cyrillic-600-normal.woff2 crossorigin=anonymous",
			"/web/fonts/inter-cyrillic-700-normal.woff2 crossorigin=anonymous",
			"/web/fonts/inter-latin-400-normal.woff2 crossorigin=anonymous",
		},
		CacheableResources: []string{
			"/web/fonts/inter-latin-600-normal.woff2",
			"/web/fonts/inter-latin-700-normal.woff2",
			"/web/sigkey.js",                       // loaded at its first use (app/client), offline too
			"/web/compile.js",                      // compiles app.wasm in a worker (start.js)
			i18n.Path(i18n.RU), i18n.Path(i18n.EN), // the app's first screen offline, in either language
		},
		Version:               version,
		ServiceWorkerTemplate: offlineWorkerJS(`"` + o.Version + `"`),
		Env:                   env,
		Resources:             webDir(dir),
	}
	if o.WasmSize > 0 {
		h.WasmContentLength = strconv.FormatInt(o.WasmSize, 10)
	}
	return &firstScreenFirst{Handler: h}
}

// firstScreenFirst serves go-app's app.js with its start of app.wasm
// replaced by start.js: app.wasm is requested once the first screen is
// painted with its fonts, not as soon as app.js runs; it is compiled as it
// arrives and run at once, or on a page that starts on use
// (page.Shell.StartOnUse) at the person's first use; and the loading strip
// is left for the app to remove (page.EndLoading). On a slow phone network
// the 2 MB of app.wasm otherwise share the connection with the stylesheet
// and fonts of the page the person is waiting to read (a preload link did
// the same, earlier still). Everything else goes to go-app as it is.
type firstScreenFirst struct {
	*app.Handler
	once  sync.Once
	appJS []byte
}

//go:embed start.js
var startJS string

// wasmURL finds the address of app.wasm in go-app's app.js, as go-app
// resolved it.
var wasmURL = regexp.MustCompile(`fetchWithProgress\("([^"]+)"`)

// appJS is go-app's app.js with its start of app.wasm replaced by start.js.
func appJS(goapp string) (string, error) {
	const call = "goappInitWebAssembly();\n"
	m := wasmURL.FindStringSubmatch(goapp)
	if m == nil || strings.Count(goapp, call) != 1 {
		return "", errors.New("ui: go-app's app.js has changed: its start of app.wasm is not where start.js expects it")
	}
	start := strings.NewReplacer("{{.Wasm}}", m[1], "{{.EnvTexts}}", page.EnvTexts, "{{.TextsLang}}", page.TextsLang,
		"{{.FailTexts}}", failTexts()).Replace(startJS)
	return strings.Replace(goapp, call, "", 1) + start, nil
}

// failTexts are start.js's words for an app that did not load or stopped,
// in both languages, as a JS object literal: app.js runs before the
// catalogue's file is fetched, and when app.wasm fails it is all there is.
func failTexts() string {
	texts := map[i18n.Lang]map[string]string{}
	for _, l := range []i18n.Lang{i18n.RU, i18n.EN} {
		texts[l] = map[string]string{
			"load":   i18n.T(l, "app.failedLoad"),
			"run":    i18n.T(l, "app.failedRun"),
			"reload": i18n.T(l, "app.reload"),
		}
	}
	b, err := json.Marshal(texts)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func (f *firstScreenFirst) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/app.js" {
		f.Handler.ServeHTTP(w, r)
		return
	}
	var err error
	f.once.Do(func() {
		rec := httptest.NewRecorder()
		f.Handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/app.js", nil))
		var js string
		js, err = appJS(rec.Body.String())
		f.appJS = []byte(js)
	})
	if err != nil || len(f.appJS) == 0 {
		http.Error(w, "app.js: go-app's start of app.wasm has changed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/javascript")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("ETag", `"`+f.Version+`"`)
	if r.Header.Get("If-None-Match") == `"`+f.Version+`"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	_, _ = w.Write(f.appJS)
}

// webDir serves /web/* from a directory while keeping /web/... as the
// public URLs (app.LocalDir would put the directory into the URLs). The
// Kabinet server answers /web/* itself before go-app (app.wasm
// pre-compressed, by Accept-Encoding); this serves plain files for other
// hosts of the handler, such as tests.
type webDir string

// Resolve keeps /web/ paths as they are: the server answers them.
func (d webDir) Resolve(location string) string {
	if location == "" || location == "/" {
		return "/"
	}
	if strings.HasPrefix(location, "http://") || strings.HasPrefix(location, "https://") {
		return location
	}
	if location == "web" || strings.HasPrefix(location, "web/") {
		return "/" + location
	}
	return location
}

// ServeHTTP serves a file under the directory for /web/<name>.
func (d webDir) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := path.Clean("/" + strings.TrimPrefix(r.URL.Path, "/web/"))
	if name == "/" {
		http.NotFound(w, r)
		return
	}
	file := filepath.Join(string(d), filepath.FromSlash(name))
	st, err := os.Stat(file)
	if err != nil || st.IsDir() {
		http.NotFound(w, r)
		return
	}
	http.ServeFile(w, r, file)
}
