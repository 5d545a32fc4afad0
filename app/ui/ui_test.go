//go:build !js

package ui

import (
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

var routesOnce sync.Once

// server prerenders pages through the same handler the server mounts.
func server(t *testing.T) *httptest.Server {
	t.Helper()
	routesOnce.Do(Routes)
	srv := httptest.NewServer(NewHandler(HandlerOptions{Version: "test", WasmSize: 1234, WebDir: "../../web"}))
	t.Cleanup(srv.Close)
	return srv
}

func fetch(t *testing.T, srv *httptest.Server, path string) (int, string, http.Header) {
	t.Helper()
	res, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("reading %s: %v", path, err)
	}
	return res.StatusCode, string(b), res.Header
}

// rawKey finds catalogue keys that leaked into a page (a missing text).
var rawKey = regexp.MustCompile(`>[^<]*\b(app|shell|nav|footer|form|common|field|password|status|level|cabinets?|home|login|register|confirm|recover|profile|journal|event|office|person|outbox|timeout|notFound|sessions|security|stepup|factor)\.[a-zA-Z_.]+[^<]*<`)

func TestPagesPrerender(t *testing.T) {
	srv := server(t)
	tests := []struct {
		path string
		want []string
	}{
		{"/", []string{"<h1", "Кабинет для бизнеса", `href="/login"`, `href="/register"`, "Индивидуальный предприниматель", "Самозанятый", "Организация", "центр обслуживания"}},
		{"/login", []string{"<h1", "Вход в кабинет", `id="f-login"`, `id="f-password"`, `id="btn-login"`, `autocomplete="username webauthn"`, `autocomplete="current-password"`, "Восстановить пароль", "Телефон, e-mail, ИНН или СНИЛС"}},
		{"/login?expired=1", []string{"Сеанс завершён из-за бездействия", `class="notice notice--warning"`}},
		{"/register", []string{"<h1", `id="f-lastName"`, `id="f-firstName"`, `id="f-middleName"`, `id="f-phone"`, `id="f-email"`, `id="f-password"`, `id="btn-register"`, "если есть", `autocomplete="new-password"`, `inputmode="tel"`}},
		{"/register/confirm?phone=a&email=b", []string{"<h1", "Подтвердите телефон и почту"}},
		{"/recover", []string{"<h1", `id="f-login"`, `id="f-channel-sms"`, `id="f-channel-email"`, `id="btn-recover-start"`}},
		{"/cabinet", []string{"<h1", "Загрузка", `class="skeleton"`}},
		{"/profile", []string{"<h1", "Профиль"}},
		{"/profile/edit", []string{"<h1", "Изменение личных данных"}},
		{"/journal", []string{"<h1", "Журнал событий"}},
		{"/sessions", []string{"<h1", "Сеансы и устройства"}},
		{"/security", []string{"<h1", "Вход и защита", "Как вы входите в кабинет", `href="/cabinet"`, `class="skeleton"`}},
		{"/office", []string{"<h1", "Поиск людей"}},
		{"/office/people/42", []string{"<h1", "Карточка человека"}},
		{"/dev/outbox", []string{"<h1", "Почта разработчика", `id="btn-refresh"`}},
		{"/no/such/page", []string{"<h1", "Страница не найдена"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			status, body, _ := fetch(t, srv, tt.path)
			if status != http.StatusOK {
				t.Fatalf("status %d", status)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if m := rawKey.FindString(body); m != "" {
				t.Errorf("page shows a catalogue key instead of a text: %s", m)
			}
			if n := strings.Count(body, "<h1"); n != 1 {
				t.Errorf("page has %d h1, want 1", n)
			}
			if !strings.Contains(body, `<html lang="ru"`) {
				t.Errorf("page is not in Russian")
			}
		})
	}
}

func TestHandlerServesAssets(t *testing.T) {
	srv := server(t)
	tests := []struct {
		path, want string
	}{
		{"/web/app.css", "--brand"},
		{"/web/icons/icon.svg", "<svg"},
		{"/manifest.webmanifest", "/web/icons/icon-512.png"},
		{"/app.js", "1234"},
		// API requests bypass the service worker (an aborted long poll ends at once).
		{"/app-worker.js", `pathname.startsWith("/api/")`},
		// Pages seen once come from the cache on the next visit.
		{"/app-worker.js", `event.respondWith(kabinetPage(event))`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			status, body, _ := fetch(t, srv, tt.path)
			if status != http.StatusOK {
				t.Fatalf("status %d", status)
			}
			if !strings.Contains(body, tt.want) {
				t.Errorf("%s lacks %q", tt.path, tt.want)
			}
		})
	}
	for _, path := range []string{"/web/../go.mod", "/web/fonts/", "/web/missing.css"} {
		if status, _, _ := fetch(t, srv, path); status == http.StatusOK {
			t.Errorf("%s answered 200", path)
		}
	}
}

func TestHeadLinksLocalResources(t *testing.T) {
	srv := server(t)
	_, body, _ := fetch(t, srv, "/")
	for _, w := range []string{`href="/web/app.css"`, `/web/icons/icon.svg`, `/web/fonts/inter-cyrillic-400-normal.woff2`, `<title>`} {
		if !strings.Contains(body, w) {
			t.Errorf("head lacks %q", w)
		}
	}
	if strings.Contains(body, "githubusercontent") {
		t.Errorf("page points to an external icon")
	}
}

// TestPagesHaveNoAttributes: go-app takes a component's exported fields
// for attributes and, when navigation renders the same page for a new
// URL, copies them from the fresh instance over the mounted one. A page's
// state (its context, its session) must therefore sit in unexported
// fields, as the frame's parts do when embedded under the areas' own names
// (live, authed) rather than as page.Live and page.Authed.
func TestPagesHaveNoAttributes(t *testing.T) {
	for _, p := range pages {
		v := reflect.Indirect(reflect.ValueOf(p.newPage()))
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if f.IsExported() && f.Type != reflect.TypeOf(app.Compo{}) {
				t.Errorf("%s has the exported field %s", v.Type(), f.Name)
			}
		}
	}
}
