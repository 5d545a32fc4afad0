//go:build js && wasm

package page

import (
	"context"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/shared/i18n"
)

// loadTexts fills the catalogue with the texts of l before the first
// render, so that the app takes over the prerendered page with words, not
// keys. app.js asked for them alongside app.wasm (the promise
// kabinetTexts, resolved with "" when it failed); without that answer the
// app asks once more itself. Offline the service worker answers from its
// cache. Without any texts the pages show their keys: the person still
// sees what is where, and a reload fixes it.
func loadTexts(l i18n.Lang) {
	var data []byte
	if p := app.Window().Get("kabinetTexts"); p.Truthy() {
		ch := make(chan string, 1)
		p.Then(func(v app.Value) { ch <- v.String() })
		data = []byte(<-ch)
	}
	if len(data) == 0 {
		url := strings.ReplaceAll(app.Getenv(EnvTexts), TextsLang, string(l))
		data, _ = api.Texts(context.Background(), url)
	}
	if err := i18n.Load(data); err != nil {
		app.Logf("texts of %s: %v", l, err)
	}
}
