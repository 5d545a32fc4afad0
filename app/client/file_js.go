//go:build js && wasm

package client

import (
	"errors"
	"syscall/js"
)

// ErrNoFile: the file input has no file chosen.
var ErrNoFile = errors.New("client: no file chosen")

// ReadFile reads the file chosen in the <input type=file> with the id:
// its bytes and its name.
func ReadFile(inputID string) ([]byte, string, error) {
	in := js.Global().Get("document").Call("getElementById", inputID)
	if !in.Truthy() || in.Get("files").Get("length").Int() == 0 {
		return nil, "", ErrNoFile
	}
	f := in.Get("files").Index(0)
	buf, err := await(f.Call("arrayBuffer"), func(js.Value) error { return ErrNoFile })
	if err != nil {
		return nil, "", err
	}
	data := js.Global().Get("Uint8Array").New(buf)
	b := make([]byte, data.Get("length").Int())
	js.CopyBytesToGo(b, data)
	return b, f.Get("name").String(), nil
}
