package page

import (
	"sort"
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/shared"
)

// Status says where a page's remote data stands.
type Status uint8

// The statuses of a Remote.
const (
	Idle    Status = iota // not asked for yet
	Loading               // asked for; Data may hold the last copy
	Loaded                // Data is the server's answer
	Failed                // Err says why, in the reader's language
)

// Remote is what a page shows of data it asked the server for. Pages do
// not fetch it themselves: a Query's action handler sets it as a go-app
// state, and the page observes that state (go-app's action/state
// pattern), so every page loads, fails and retries the same way.
type Remote[T any] struct {
	Key    string // the state it belongs to: the query and its tags
	Status Status
	Err    string
	Code   shared.Code // Err's code, for the answers a page words its own way
	Data   T

	got bool // Data is an answer, maybe being asked for again
}

// Has reports whether Data is a server's answer: loaded, or loading again
// after one (a reload after a change, the page seen a moment ago). A page
// shows such data rather than a skeleton, so that a form it holds is not
// taken away under the person's hands.
func (r Remote[T]) Has() bool { return r.got }

// Got is data a page has without asking (the server found it for the page
// it prerenders): shown as the server's answer.
func Got[T any](data T) Remote[T] { return Remote[T]{Status: Loaded, Data: data, got: true} }

// Query is a read the pages do: an action of that name, posted with its
// tags, runs Get off the UI goroutine and sets the state of those tags.
type Query[T any] struct {
	Name string
	Get  func(ctx app.Context, tags app.Tags) (T, error)
}

// NewQuery declares a query and registers its action handler; call it
// once, at package level, in the area's actions.go.
func NewQuery[T any](name string, get func(ctx app.Context, tags app.Tags) (T, error)) Query[T] {
	q := Query[T]{Name: name, Get: get}
	app.Handle(name, q.handle)
	return q
}

// Load binds *into to the query's state for tags and asks the server for
// a fresh copy. What the state already holds (the page seen a moment ago)
// shows at once, marked Loading until the answer comes. A page that
// loads again with other tags (another person's card) stops observing
// the old ones: an answer for them never lands in *into. ctx must be the
// page's own (Live.On), or the observation ends with the element that
// fired an event. The observer returned takes OnChange, for what a page
// does once an answer lands (focus an error, fill a field from it).
func (q Query[T]) Load(ctx app.Context, into *Remote[T], tags ...app.Tagger) app.Observer {
	key := q.key(tags)
	*into = Remote[T]{Key: key, Status: Loading}
	ctx.GetState(key, into)
	into.Key, into.Status, into.Err, into.Code = key, Loading, "", ""
	o := ctx.ObserveState(key, into).While(func() bool { return into.Key == key })
	ctx.NewAction(q.Name, tags...)
	return o
}

// Put stores data a change answered with (a saved profile is the new
// copy) as the query's state for tags, so that every page observing it
// shows it at once, without asking the server again.
func (q Query[T]) Put(ctx app.Context, data T, tags ...app.Tagger) {
	key := q.key(tags)
	remember(key)
	ctx.SetState(key, Remote[T]{Key: key, Status: Loaded, Data: data, got: true})
}

func (q Query[T]) key(tags []app.Tagger) string {
	var parts []string
	for _, t := range tags {
		for k, v := range t.Tags() {
			parts = append(parts, k+"="+v)
		}
	}
	sort.Strings(parts)
	return q.Name + "?" + strings.Join(parts, "&")
}

// handle runs in its own goroutine (go-app runs action handlers so).
func (q Query[T]) handle(ctx app.Context, a app.Action) {
	var tags []app.Tagger
	if len(a.Tags) > 0 {
		tags = []app.Tagger{a.Tags}
	}
	key := q.key(tags)
	remember(key)
	var cur Remote[T]
	ctx.GetState(key, &cur)
	cur.Key, cur.Status, cur.Err, cur.Code = key, Loading, "", ""
	ctx.SetState(key, cur)
	data, err := q.Get(ctx, a.Tags)
	if err != nil {
		if IsAuthError(err) {
			ctx.Dispatch(func(ctx app.Context) { toLogin(ctx, true) })
		}
		cur.Status, cur.Err, cur.Code = Failed, ErrText(err), shared.ErrorCode(err)
	} else {
		cur = Remote[T]{Key: key, Status: Loaded, Data: data, got: true}
	}
	ctx.SetState(key, cur)
}

var (
	keysMu sync.Mutex
	keys   = map[string]bool{}
)

func remember(key string) {
	keysMu.Lock()
	keys[key] = true
	keysMu.Unlock()
}

// Forget deletes every query's state: on signing out, so that the next
// person at a shared device (a kiosk) is never shown the last one's data.
func Forget(ctx app.Context) {
	keysMu.Lock()
	defer keysMu.Unlock()
	for k := range keys {
		ctx.DelState(k)
	}
	keys = map[string]bool{}
}

// Do runs a change (a form's submit) off the UI goroutine and hands its
// answer back on it: ok with the result, or failed with the error — a
// lost session goes to the sign-in page instead. The one place the
// Async → Dispatch → lost-session dance is written.
func Do[T any](ctx app.Context, call func() (T, error), ok func(app.Context, T), failed func(app.Context, error)) {
	ctx.Async(func() {
		v, err := call()
		ctx.Dispatch(func(ctx app.Context) {
			switch {
			case err == nil:
				ok(ctx, v)
			case IsAuthError(err):
				toLogin(ctx, true)
			case failed != nil:
				failed(ctx, err)
			}
		})
	})
}

// Run is Do for a change that answers nothing but success.
func Run(ctx app.Context, call func() error, ok func(app.Context), failed func(app.Context, error)) {
	Do(ctx, func() (struct{}, error) { return struct{}{}, call() },
		func(ctx app.Context, _ struct{}) { ok(ctx) }, failed)
}
