package portal_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// A page arrives ready to be the first screen: its content is in the
// HTML, in a disabled fieldset until app.wasm takes over; no script holds
// the first paint; the fonts are preloaded in CORS mode (or the browser
// fetches them twice); the loader says in Russian that the portal is
// loading; app.js asks for app.wasm only after the first screen.
func TestFirstScreenMarkup(t *testing.T) {
	e := start(t, nil)
	resp, err := http.Get(e.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	html := string(b)
	// go-app writes a tag's attributes in no fixed order.
	for _, want := range [][]string{
		{"fieldset", `class="prerendered"`, "disabled"},
		{"h1", `id="h1"`},
		{"script", `src="/web/passkey.js"`},
	} {
		if !hasTag(html, want[0], want[1:]...) {
			t.Errorf("/login lacks <%s> with %v", want[0], want[1:])
		}
	}
	if !strings.Contains(html, "Кабинет загружается… 0%") {
		t.Error("/login lacks the loader's label")
	}
	for _, tag := range strings.Split(html, "<script")[1:] {
		if tag = tag[:strings.Index(tag, ">")]; !strings.Contains(tag, " defer") {
			t.Errorf("/login has a script that holds the first paint: <script%s>", tag)
		}
	}
	if n := strings.Count(html, `as="font"`); n != 4 || strings.Count(html, `crossorigin="anonymous"`) != 4 {
		t.Errorf("/login preloads %d fonts, not all in CORS mode:\n%s", n, html[:strings.Index(html, "</head>")])
	}
}

// hasTag reports whether html has a <name …> tag carrying every attr
// (as written: `id="x"` or a bare `disabled`), in any order.
func hasTag(html, name string, attrs ...string) bool {
	for _, part := range strings.Split(html, "<"+name)[1:] {
		end := strings.Index(part, ">")
		if end < 0 || part[0] != ' ' && part[0] != '>' {
			continue
		}
		fields := " " + part[:end] + " "
		found := true
		for _, a := range attrs {
			found = found && strings.Contains(fields, " "+a+" ")
		}
		if found {
			return true
		}
	}
	return false
}

// app.js starts app.wasm after the fonts and a first frame, once, and
// leaves the loading strip to the app.
func TestWasmStartsAfterTheFirstScreen(t *testing.T) {
	e := start(t, nil)
	resp, err := http.Get(e.URL + "/app.js")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	js := string(b)
	if resp.StatusCode != http.StatusOK || !strings.Contains(js, "kabinetAfterFirstScreen(kabinetInitWebAssembly);") ||
		strings.Contains(js, "\ngoappInitWebAssembly();") || resp.Header.Get("ETag") == "" {
		t.Errorf("/app.js: %d, ETag %q, starts app.wasm at once or not at all", resp.StatusCode, resp.Header.Get("ETag"))
	}
	// The app removes the loading strip after its mount (page.EndLoading);
	// go-app's start would at Go's first turn for the browser, earlier.
	// Its function stays in the file, unused. go.run's promise settles
	// only when the Go program ends (a crash: kabinetFailed says so).
	_, ours, _ := strings.Cut(js, "async function kabinetInitWebAssembly")
	if !strings.Contains(ours, `go.run(instance).then(() => kabinetFailed("run"`) || strings.Contains(ours, "loader.remove();\n  } catch") {
		t.Error("/app.js removes the loading strip when go.run returns, before the app has mounted the page")
	}
	if !strings.Contains(js, `new Worker("/web/compile.js")`) || !strings.Contains(js, `compileStreaming(response)`) || !strings.Contains(js, `"/web/app.wasm"`) {
		t.Error("/app.js does not compile app.wasm in a worker, or on the page from fetch's own response")
	}
}
