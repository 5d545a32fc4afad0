//go:build js && wasm

package client

import (
	"context"
	"errors"
	"syscall/js"
)

func platformTransport() transport { return fetch }

// fetch sends the request with the browser's Fetch API: same-origin
// credentials, so the HttpOnly session cookie travels with it.
func fetch(ctx context.Context, method, url string, header Header, body []byte) (response, error) {
	// A hidden page sends no long poll: a page left for the back/forward
	// cache could start one after it was hidden (and keep it, see below),
	// and a tab in the background would hold a connection that all tabs
	// share. The caller asks again later; visible, the page sends it.
	if isLongPoll(ctx) && js.Global().Get("document").Get("visibilityState").String() == "hidden" {
		return response{}, errHidden
	}
	opts := js.Global().Get("Object").New()
	opts.Set("method", method)
	opts.Set("credentials", "same-origin")
	opts.Set("cache", "no-store")
	h := js.Global().Get("Headers").New()
	for k, v := range header {
		h.Call("append", k, v)
	}
	opts.Set("headers", h)
	if body != nil {
		arr := js.Global().Get("Uint8Array").New(len(body))
		js.CopyBytesToJS(arr, body)
		opts.Set("body", arr)
	}
	abort := js.Global().Get("AbortController")
	if abort.Truthy() {
		ac := abort.New()
		opts.Set("signal", ac.Get("signal"))
		done := make(chan struct{})
		defer close(done)
		go func() {
			select {
			case <-ctx.Done():
				ac.Call("abort")
			case <-done:
			}
		}()
		if isLongPoll(ctx) {
			// A page that is left may be kept in the back/forward cache
			// with its requests running: its long poll held one of the
			// browser's six connections to the server to the end of the
			// wait (25 s), and after a few pages in a row the next page's
			// requests queued behind them. The browser aborts it as the
			// page is hidden; the caller asks again once it is back.
			abort := ac.Get("abort").Call("bind", ac)
			win := js.Global().Get("window")
			win.Call("addEventListener", "pagehide", abort)
			defer win.Call("removeEventListener", "pagehide", abort)
		}
	}

	res, err := await(js.Global().Call("fetch", url, opts), fetchFailed)
	if err != nil {
		return response{}, err
	}
	buf, err := await(res.Call("arrayBuffer"), fetchFailed)
	if err != nil {
		return response{}, err
	}
	data := js.Global().Get("Uint8Array").New(buf)
	b := make([]byte, data.Get("length").Int())
	js.CopyBytesToGo(b, data)

	out := response{status: res.Get("status").Int(), header: Header{}, body: b}
	for _, name := range responseHeaders {
		if v := res.Get("headers").Call("get", name); v.Truthy() {
			out.header.Set(name, v.String())
		}
	}
	return out, nil
}

// await waits for a JavaScript promise; a rejection becomes the error
// fail makes of its reason.
func await(p js.Value, fail func(reason js.Value) error) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	then := js.FuncOf(func(this js.Value, args []js.Value) any {
		ch <- result{v: args[0]}
		return nil
	})
	catch := js.FuncOf(func(this js.Value, args []js.Value) any {
		reason := js.Undefined()
		if len(args) > 0 {
			reason = args[0]
		}
		ch <- result{err: fail(reason)}
		return nil
	})
	defer then.Release()
	defer catch.Release()
	p.Call("then", then, catch)
	r := <-ch
	return r.v, r.err
}

// errHidden is the error of a long poll not sent by a hidden page.
var errHidden = errors.New("the page is hidden")

// fetchFailed is the error of a rejected fetch.
func fetchFailed(reason js.Value) error {
	if reason.Truthy() {
		return errors.New(reason.Call("toString").String())
	}
	return errors.New("fetch failed")
}
