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

// SHA256Hex is the SHA-256 of data in hex, by the browser's WebCrypto:
// Go's crypto/sha256 would add its FIPS module to app.wasm.
func SHA256Hex(data []byte) (string, error) {
	subtle := js.Global().Get("crypto").Get("subtle") // a secure context's only
	if !subtle.Truthy() {
		return "", ErrNoFile
	}
	buf := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(buf, data)
	sum, err := await(subtle.Call("digest", "SHA-256", buf), func(js.Value) error { return ErrNoFile })
	if err != nil {
		return "", err
	}
	out := js.Global().Get("Uint8Array").New(sum)
	b := make([]byte, out.Length())
	js.CopyBytesToGo(b, out)
	const digits = "0123456789abcdef"
	h := make([]byte, 0, 2*len(b))
	for _, c := range b {
		h = append(h, digits[c>>4], digits[c&15])
	}
	return string(h), nil
}
