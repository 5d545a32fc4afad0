package portal_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// A page arrives ready to be the first screen: its content is in the
// HTML, in a disabled fieldset until app.wasm takes over; app.wasm is
// preloaded the way app.js fetches it; the fonts are preloaded in CORS
// mode (or the browser fetches them twice); the loader says in Russian
// that the portal is loading.
func TestFirstScreenMarkup(t *testing.T) {
	e := start(t, nil)
	resp, err := http.Get(e.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	html := string(b)
	for _, want := range []string{
		`<fieldset class="prerendered" disabled>`,
		`<h1 id="h1"`,
		`<link rel="preload" href="/web/app.wasm" as="fetch" type="application/wasm" crossorigin="anonymous" fetchpriority="low">`,
		`Кабинет загружается… 0 %`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("/login lacks %s", want)
		}
	}
	if n := strings.Count(html, `as="font"`); n != 4 || strings.Count(html, `crossorigin="anonymous"`) < 5 {
		t.Errorf("/login preloads %d fonts, not all in CORS mode:\n%s", n, html[:strings.Index(html, "</head>")])
	}
}
