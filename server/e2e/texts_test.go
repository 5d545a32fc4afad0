package e2e

import (
	"strings"
	"testing"
)

// keyWatch records, from the first moment of every document, any text on
// the page that looks like a catalogue key ("login.h1", "shell.logout"):
// app.wasm does not carry the texts, and a first render before they had
// arrived would flash keys where the prerendered page had words.
const keyWatch = `window.kabinetKeysSeen = "";
new MutationObserver(() => {
	const m = document.body && document.body.innerText.match(/\b(login|shell|nav|footer|common|field|offline)\.[a-zA-Z]+\b/);
	if (m && !window.kabinetKeysSeen) window.kabinetKeysSeen = m[0];
}).observe(document, {childList: true, subtree: true, characterData: true});`

// The app starts with the texts of the person's language — fetched as
// data alongside app.wasm, not compiled in — and never shows a key in
// their place: in Russian, in English, and offline from the service
// worker's cache.
func TestTextsArriveBeforeTheFirstRender(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	net := newLink(t, e.url)
	ctx := browser(t, phone)
	onEveryPage(ctx, "the key watch", keyWatch)
	noKeys := func(where string) {
		t.Helper()
		if seen, _ := js[string](ctx, `window.kabinetKeysSeen`); seen != "" {
			fatalf(ctx, "%s: the page showed the key %q instead of its text", where, seen)
		}
	}

	open(ctx, net.url+"/login")
	waitText(ctx, "#h1", "Вход в кабинет", stepTimeout)
	noKeys("/login in Russian")
	waitShellCached(ctx)

	// Offline, and English, never asked for by this browser so far: the
	// texts come from the service worker, which keeps both languages.
	setLang := func(l string) {
		t.Helper()
		if _, err := js[any](ctx, `localStorage.setItem("kabinet.lang", "`+l+`")`); err != nil {
			t.Fatal(err)
		}
	}
	net.setOnline(t, ctx, false)
	setLang("en")
	open(ctx, net.url+"/register")
	waitText(ctx, "#offline-notice", "No internet connection", stepTimeout)
	noKeys("/register in English offline")
	shot(t, ctx, "english-offline")
	setLang("ru")
	open(ctx, net.url+"/login")
	waitText(ctx, "#offline-notice", "Нет подключения к интернету", stepTimeout)
	if got := waitText(ctx, "#h1", "Вход", stepTimeout); !strings.Contains(got, "Вход в кабинет") {
		fatalf(ctx, "offline heading %q, want «Вход в кабинет»", got)
	}
	noKeys("/login in Russian offline")

	// Online again, in English: the app starts in English over the
	// Russian prerendered page.
	net.setOnline(t, ctx, true)
	setLang("en")
	open(ctx, net.url+"/login")
	waitText(ctx, "#h1", "Sign in to your cabinet", stepTimeout)
	noKeys("/login in English")
	shot(t, ctx, "english")
}
