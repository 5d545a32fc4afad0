package signin

import (
	"context"
	"html"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
)

// qrLogin is «Вход по QR-коду» on the sign-in page of a kiosk or a
// desktop: a QR code that changes every 30 seconds, the number the person
// picks on the phone, and what the phone has done so far. The screen's
// long poll learns of the phone at once; an approved ticket is finished
// here with the secret only this browser holds.
type qrLogin struct {
	app.Compo
	live

	Inext string // where to go once signed in

	ticket  *shared.QRTicket
	status  string // shared.QR* of the ticket shown
	reason  string // of a denial
	err     string
	started bool
	life    page.Lifetime // the ticket's long poll and rotation
}

// qrFirstWait is how long the code shows before the screen starts asking
// what the phone did.
const qrFirstWait = 2 * time.Second

// qrWide is the smallest screen that shows the QR on its own: a phone
// signs in on itself, it does not scan itself.
const qrWide = "(min-width: 900px)"

func (q *qrLogin) OnMount(ctx app.Context) {
	q.live.OnMount(ctx)
	if page.KioskMode() || app.Window().Call("matchMedia", qrWide).Get("matches").Bool() {
		q.start(ctx)
	}
}

// OnDismount stops following the ticket.
func (q *qrLogin) OnDismount() {
	q.live.OnDismount()
	q.life.End()
}

func (q *qrLogin) onShow(ctx app.Context, e app.Event) { q.start(q.On(ctx)) }

// start gets a ticket and follows it until it ends.
func (q *qrLogin) start(ctx app.Context) {
	q.ticket, q.status, q.reason, q.err, q.started = nil, "", "", "", true
	lctx := q.life.Begin(ctx)
	ctx.Async(func() {
		t, err := page.API().StartQR(lctx)
		if err != nil {
			ctx.Dispatch(func(ctx app.Context) { q.err = page.ErrText(err) })
			return
		}
		ctx.Dispatch(func(ctx app.Context) { q.ticket, q.status = &t, shared.QRPending })
		done := make(chan struct{})
		defer close(done)
		ctx.Async(func() { q.rotate(ctx, lctx, t, done) })
		// The first wait starts a moment after the code shows: nobody
		// scans that fast, and the wait then answers at once with what the
		// phone did. A long poll open from the start kept the network busy
		// for good, so that tools waiting for the page to load (Lighthouse)
		// never saw it quiet.
		select {
		case <-time.After(qrFirstWait):
		case <-lctx.Done():
			return
		}
		seen := shared.QRPending
		for lctx.Err() == nil {
			st, err := page.API().WaitQR(lctx, t.ID, t.Secret, seen)
			switch {
			case lctx.Err() != nil:
				return // the page went away, or a new ticket replaced this one
			case shared.ErrorCode(err) == shared.CodeUnavailable:
				time.Sleep(2 * time.Second) // the network blinked: ask again
				continue
			case err != nil:
				ctx.Dispatch(func(ctx app.Context) { q.err = page.ErrText(err) })
				return
			}
			seen = st.Status
			ctx.Dispatch(func(ctx app.Context) { q.status, q.reason = st.Status, st.Reason })
			switch st.Status {
			case shared.QRApproved:
				q.finish(ctx, lctx, t)
				return
			case shared.QRDenied, shared.QRExpired, shared.QRConsumed:
				return
			}
		}
	})
}

// rotate replaces the code every QRRotate while nobody has scanned it.
func (q *qrLogin) rotate(ctx app.Context, lctx context.Context, t shared.QRTicket, done <-chan struct{}) {
	until := t.CodeUntil
	for {
		wait := time.Until(until)
		if wait < time.Second {
			wait = time.Second
		}
		select {
		case <-done:
			return
		case <-lctx.Done():
			return
		case <-time.After(wait):
		}
		nt, err := page.API().RotateQR(lctx, t.ID, t.Secret)
		if err != nil {
			return // scanned, expired or gone: the wait tells the screen
		}
		until = nt.CodeUntil
		ctx.Dispatch(func(ctx app.Context) {
			if q.ticket != nil && q.ticket.ID == nt.ID && q.status == shared.QRPending {
				q.ticket.QRPath, q.ticket.QRSize, q.ticket.URL, q.ticket.CodeUntil = nt.QRPath, nt.QRSize, nt.URL, nt.CodeUntil
			}
		})
	}
}

func (q *qrLogin) finish(ctx app.Context, lctx context.Context, t shared.QRTicket) {
	sess, err := page.API().FinishQR(lctx, t.ID, t.Secret)
	ctx.Dispatch(func(ctx app.Context) {
		if err != nil {
			q.err = page.ErrText(err)
			return
		}
		ctx.Navigate(page.Landing(page.SafeNext(q.Inext), sess))
	})
}

func (q *qrLogin) Render() app.UI {
	body := []app.UI{app.H2().ID("qr-title").Text(t("qr.title"))}
	switch {
	case q.err != "":
		body = append(body, ds.NewNotice(ds.Danger, "").ID("qr-error").Text(q.err), q.again())
	case !q.started:
		// Prerendered, and before the app decides: a phone sees the offer,
		// a wide screen (CSS, qrWide) the frame the code will fill, laid
		// out as it will be, so nothing larger is painted when it comes.
		body = append(body,
			app.Div().Class("qr-login__offer").Body(app.P().Text(t("qr.offer")),
				ds.NewButton(t("qr.show")).ID("btn-qr-show").Kind(ds.Secondary).OnClick(q.onShow)),
			// The code on a wide screen is the app's: shown, it starts
			// the app at once on a page that otherwise waits for use.
			app.Div().Class("qr-login__wide").DataSet("start-if-shown", true).Body(q.waiting(nil)...))
	case q.ticket == nil:
		body = append(body, q.waiting(nil)...)
	default:
		body = append(body, q.shown()...)
	}
	return app.Section().ID("qr-login").Class("qr-login").Aria("labelledby", "qr-title").Body(body...)
}

func (q *qrLogin) shown() []app.UI {
	number := strconv.Itoa(q.ticket.Number)
	switch q.status {
	case shared.QRScanned:
		return []app.UI{
			ds.NewNotice(ds.Info, t("qr.scannedTitle")).ID("qr-status").Text(t("qr.scannedText")),
			app.P().Class("qr-login__number-label").Text(t("qr.numberLabel")),
			app.P().ID("qr-number").Class("qr-login__number").Aria("live", "polite").Text(number),
		}
	case shared.QRApproved, shared.QRConsumed:
		return []app.UI{ds.NewNotice(ds.Success, t("qr.approvedTitle")).ID("qr-status").Text(t("qr.approvedText"))}
	case shared.QRDenied:
		text := t("qr.declinedText")
		if q.reason == shared.QRWrongNumber {
			text = t("qr.wrongNumberText")
		}
		return []app.UI{ds.NewNotice(ds.Danger, t("qr.deniedTitle")).ID("qr-status").Text(text), q.again()}
	case shared.QRExpired:
		return []app.UI{ds.NewNotice(ds.Warning, t("qr.expiredTitle")).ID("qr-status").Text(t("qr.expiredText")), q.again()}
	}
	return q.waiting(q.code(), app.P().Class("qr-login__number-label").Text(t("qr.numberLabel")),
		app.P().ID("qr-number").Class("qr-login__number").Text(number))
}

// waiting is the code with its steps; without a code (nil), a blank frame
// of the code's size that says it is loading.
func (q *qrLogin) waiting(code app.UI, number ...app.UI) []app.UI {
	if code == nil {
		// The number's label and line as they will be, so that nothing
		// below moves when the code comes (a shift of 0.19 on a desktop).
		code = app.Div().Class("qr__image qr-login__frame")
		number = []app.UI{app.P().Class("qr-login__number-label").Text(t("qr.numberLabel")),
			app.P().Class("qr-login__number qr-login__number--pending").Body(app.Span().Class("sr-only").Text(t("common.loading")))}
	}
	return []app.UI{
		app.Ol().Class("list qr-login__steps").Body(
			app.Li().Text(t("qr.step1")),
			app.Li().Text(t("qr.step2")),
			app.Li().Text(t("qr.step3")),
		),
		app.Div().Class("qr-login__code").Body(code, app.Div().Body(number...)),
		app.P().Class("muted").Text(t("qr.rotates")),
	}
}

// code draws the QR code as inline SVG shapes, not an <img>: shapes are
// no candidate for the largest contentful paint, which stays with the
// prerendered page instead of waiting for the app and the ticket.
func (q *qrLogin) code() app.UI {
	n := strconv.Itoa(q.ticket.QRSize)
	return app.Raw(`<svg id="qr-code" class="qr__image" role="img" aria-label="` + html.EscapeString(t("qr.alt")) +
		`" width="240" height="240" viewBox="0 0 ` + n + " " + n + `" shape-rendering="crispEdges"><path d="` +
		html.EscapeString(q.ticket.QRPath) + `"/></svg>`)
}

func (q *qrLogin) again() app.UI {
	return ds.NewButton(t("qr.again")).ID("btn-qr-again").Kind(ds.Secondary).OnClick(q.onShow)
}
