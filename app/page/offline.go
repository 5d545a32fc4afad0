package page

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
)

// offlineNotice is on every page: while the device has no connection it
// says so, and what still works (the app itself, started from the service
// worker's cache, and the forms, whose drafts stay on the device). When
// the connection returns the page reloads to fetch what it could not.
type offlineNotice struct {
	app.Compo

	offline bool
	stop    []func()
}

// OnMount reads the browser's idea of the connection and follows it.
func (o *offlineNotice) OnMount(ctx app.Context) {
	o.offline = offline()
	o.listen(ctx, "offline", func(ctx app.Context) { o.offline = true })
	o.listen(ctx, "online", func(ctx app.Context) {
		if !o.offline {
			return
		}
		o.offline = false
		// The kept forms save within draftEvery: reload after that, so the
		// reloaded page restores everything typed offline.
		ctx.After(draftEvery+500*time.Millisecond, func(ctx app.Context) { ctx.Reload() })
	})
}

// offline reports whether the browser knows it has no connection.
func offline() bool { return app.IsClient && !app.Window().Get("navigator").Get("onLine").Bool() }

// OnDismount stops following the connection.
func (o *offlineNotice) OnDismount() {
	for _, f := range o.stop {
		f()
	}
	o.stop = nil
}

// listen runs h on the UI goroutine at every event of the window.
func (o *offlineNotice) listen(ctx app.Context, event string, h func(app.Context)) {
	fn := app.FuncOf(func(this app.Value, args []app.Value) any {
		ctx.Dispatch(h)
		return nil
	})
	w := app.Window()
	w.Call("addEventListener", event, fn)
	o.stop = append(o.stop, func() {
		w.Call("removeEventListener", event, fn)
		fn.Release()
	})
}

// Render shows the notice while offline, and an empty placeholder
// otherwise, so the page keeps its place in the tree.
func (o *offlineNotice) Render() app.UI {
	if !o.offline {
		return app.Div().ID("offline").Hidden(true)
	}
	return app.Div().ID("offline").Body(
		ds.NewNotice(ds.Warning, t("offline.title")).ID("offline-notice").Text(t("offline.text")),
	)
}
