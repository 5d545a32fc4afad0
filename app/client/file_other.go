//go:build !(js && wasm)

package client

import "errors"

// ErrNoFile: the file input has no file chosen.
var ErrNoFile = errors.New("client: no file chosen")

// ReadFile needs a browser.
func ReadFile(inputID string) ([]byte, string, error) { return nil, "", ErrNoFile }

// SHA256Hex needs a browser.
func SHA256Hex(data []byte) (string, error) { return "", ErrNoFile }
