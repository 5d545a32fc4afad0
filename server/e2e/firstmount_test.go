package e2e

import (
	"testing"
	"time"
)

// TestLinkPressedDuringTheMount presses a link of the prerendered home page
// while go-app's first mount gives the browser turns (the CPU slowed so
// that it takes several): the app opens the link's page itself, once. The
// link's handler ran in a dispatch after the mount, too late to stop the
// browser's own navigation: the page was loaded anew after the app had
// begun to open it itself.
func TestLinkPressedDuringTheMount(t *testing.T) {
	t.Parallel()
	e := start(t, nil)
	ctx := browser(t, desktop)
	// Every document counts its loads; on the first, the link is pressed
	// in the first turn after go-app has set its handler of link presses
	// while the page is still the prerendered one.
	const watch = `(() => {
		sessionStorage.loads = (+sessionStorage.loads || 0) + 1;
		if (sessionStorage.loads !== "1") return;
		let G;
		Object.defineProperty(globalThis, "Go", { configurable: true, get() { return G; },
			set(v) { G = class extends v { run(i) { window.kabinetRunning = true; return super.run(i); } }; } });
		const c = new MessageChannel();
		c.port1.onmessage = () => {
			const root = document.body && document.body.firstElementChild;
			const a = document.querySelector('a[href="/register"]');
			if (typeof window.onclick === "function" && root && root.isConnected && a && a.isConnected) {
				sessionStorage.pressedIn = "mount";
				const ev = new MouseEvent("click", { bubbles: true, cancelable: true });
				a.dispatchEvent(ev);
				sessionStorage.prevented = ev.defaultPrevented;
				return;
			}
			if (window.kabinetRunning && root && !root.isConnected) { sessionStorage.pressedIn = "late"; return; }
			c.port2.postMessage(null);
		};
		c.port2.postMessage(null);
	})()`
	onEveryPage(ctx, "the watch", watch)
	slowCPU(ctx, 4)
	open(ctx, e.url+"/")
	waitPath(ctx, "/register", loadTimeout)
	time.Sleep(2 * time.Second) // a native navigation, if any, has loaded
	waitApp(ctx)
	got, _ := js[string](ctx, `JSON.stringify({prevented: sessionStorage.prevented, in: sessionStorage.pressedIn, loads: sessionStorage.loads, history: history.length})`)
	if want := `{"prevented":"true","in":"mount","loads":"1","history":3}`; got != want {
		fatalf(ctx, "after a link pressed during the mount: %s, want %s (pressed in the mount and stopped, one load; history: about:blank, /, /register)", got, want)
	}
	waitText(ctx, "h1", "Регистрация", stepTimeout)
}
