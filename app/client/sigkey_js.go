//go:build js && wasm

package client

import (
	"encoding/base64"
	"encoding/json"
	"syscall/js"
)

func keyBridge() js.Value { return js.Global().Get("kabinetSigKey") }

// KeySupported reports whether this browser can hold a «Ключ Кабинета».
func KeySupported() bool {
	b := keyBridge()
	return b.Truthy() && b.Call("supported").Bool()
}

// CreateBrowserKey makes a non-extractable P-256 key, keeps it in
// IndexedDB and signs the proof (prefix followed by the public key).
func CreateBrowserKey(prefix string) (NewBrowserKey, error) {
	var k NewBrowserKey
	if !KeySupported() {
		return k, ErrKeyUnsupported
	}
	v, err := await(keyBridge().Call("create", prefix), keyFailed)
	if err != nil {
		return k, err
	}
	err = json.Unmarshal([]byte(v.String()), &k)
	return k, err
}

// CertifyBrowserKey keeps the certificate beside key id.
func CertifyBrowserKey(id, serial string, der []byte) error {
	_, err := await(keyBridge().Call("certify", id, serial, base64.StdEncoding.EncodeToString(der)), keyFailed)
	return err
}

// BrowserKeys lists the certified keys this browser holds.
func BrowserKeys() ([]BrowserKey, error) {
	if !KeySupported() {
		return nil, nil
	}
	v, err := await(keyBridge().Call("list"), keyFailed)
	if err != nil {
		return nil, err
	}
	var l []BrowserKey
	err = json.Unmarshal([]byte(v.String()), &l)
	return l, err
}

// SignWithBrowserKey signs data with key id: raw r‖s, SHA-256.
func SignWithBrowserKey(id string, data []byte) ([]byte, error) {
	v, err := await(keyBridge().Call("sign", id, base64.StdEncoding.EncodeToString(data)), keyFailed)
	if err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(v.String())
}

// RemoveBrowserKey forgets key id (its certificate was revoked).
func RemoveBrowserKey(id string) error {
	_, err := await(keyBridge().Call("remove", id), keyFailed)
	return err
}

func keyFailed(js.Value) error { return ErrKeyFailed }
