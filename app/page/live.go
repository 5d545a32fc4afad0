package page

import (
	"context"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Live is embedded in every page: it keeps the page component's own
// context. Event handlers run with the context of the element that fired
// them, and that element may be replaced before an answer arrives (an error
// summary appearing above a form shifts it); results dispatched through a
// replaced element's context would be dropped. Handlers start with
// ctx = p.On(ctx).
//
// A page embeds it under its package's own name (type live = page.Live):
// go-app takes a component's exported fields for attributes, and an
// embedded page.Live would be one (app/ui's TestPagesHaveNoAttributes).
type Live struct {
	Self    app.Context // the page's context, for handlers that get none
	mounted bool
}

// OnMount remembers the page's context.
func (l *Live) OnMount(ctx app.Context) { l.Self, l.mounted = ctx, true }

// OnDismount forgets it.
func (l *Live) OnDismount() { l.mounted = false }

// On returns the page's context (or ctx before the page is mounted).
func (l *Live) On(ctx app.Context) app.Context {
	if l.mounted {
		return l.Self
	}
	return ctx
}

// Lifetime is a context for a component's long-running work (long polls,
// timers): go-app's context lives as long as the app, so work started in a
// component must be ended when it goes away, or its requests would go on
// in the background and take the browser's connections.
type Lifetime struct{ cancel context.CancelFunc }

// Begin ends the previous work, if any, and returns the context of the new.
func (l *Lifetime) Begin(parent context.Context) context.Context {
	l.End()
	ctx, cancel := context.WithCancel(parent)
	l.cancel = cancel
	return ctx
}

// End stops the current work.
func (l *Lifetime) End() {
	if l.cancel != nil {
		l.cancel()
		l.cancel = nil
	}
}
