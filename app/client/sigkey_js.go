//go:build js && wasm

package client

import (
	"encoding/base64"
	"encoding/json"
	"sync"
	"syscall/js"
)

// keyScript is the bridge to WebCrypto and IndexedDB, loaded at its first
// use rather than with every page: on /login it opened (and on a first
// visit created) the key database only to find it empty, a long task on a
// phone for the few who hold a key. keyDB is the database it keeps.
const (
	keyScript = "/web/sigkey.js"
	keyDB     = "kabinet-sigkey"
)

// keyLoading is held while the script loads, so it is added once.
var keyLoading sync.Mutex

// keyBridge returns web/sigkey.js's kabinetSigKey, adding the script to
// the page first if it is not there yet. It waits for the script, so it
// is called from a goroutine, never from a render.
func keyBridge() (js.Value, error) {
	keyLoading.Lock()
	defer keyLoading.Unlock()
	if b := js.Global().Get("kabinetSigKey"); b.Truthy() {
		return b, nil
	}
	doc := js.Global().Get("document")
	s := doc.Call("createElement", "script")
	ch := make(chan struct{}, 1)
	done := js.FuncOf(func(js.Value, []js.Value) any {
		ch <- struct{}{}
		return nil
	})
	defer done.Release()
	s.Set("onload", done)
	s.Set("onerror", done)
	s.Set("src", keyScript)
	doc.Get("head").Call("appendChild", s)
	<-ch
	if b := js.Global().Get("kabinetSigKey"); b.Truthy() {
		return b, nil
	}
	return js.Value{}, ErrKeyFailed
}

// callKey calls the bridge's method and waits for its promise.
func callKey(method string, args ...any) (js.Value, error) {
	b, err := keyBridge()
	if err != nil {
		return js.Value{}, err
	}
	return await(b.Call(method, args...), keyFailed)
}

// KeySupported reports whether this browser can hold a «Ключ Кабинета»
// (what sigkey.js's supported() checks, without loading it).
func KeySupported() bool {
	g := js.Global()
	c := g.Get("crypto")
	return c.Truthy() && c.Get("subtle").Truthy() && g.Get("indexedDB").Truthy() && g.Get("isSecureContext").Truthy()
}

// noKeyDB reports whether this browser certainly holds no key: its key
// database does not exist. indexedDB.databases() answers that without
// opening, and so creating, the database; where it is missing or fails,
// the answer is «maybe», and the keys are listed.
func noKeyDB() bool {
	idb := js.Global().Get("indexedDB")
	if idb.Get("databases").Type() != js.TypeFunction {
		return false
	}
	dbs, err := await(idb.Call("databases"), keyFailed)
	if err != nil || dbs.Type() != js.TypeObject {
		return false
	}
	for i := 0; i < dbs.Length(); i++ {
		if dbs.Index(i).Get("name").String() == keyDB {
			return false
		}
	}
	return true
}

// CreateBrowserKey makes a non-extractable P-256 key, keeps it in
// IndexedDB and signs the proof (prefix followed by the public key).
func CreateBrowserKey(prefix string) (NewBrowserKey, error) {
	var k NewBrowserKey
	if !KeySupported() {
		return k, ErrKeyUnsupported
	}
	v, err := callKey("create", prefix)
	if err != nil {
		return k, err
	}
	err = json.Unmarshal([]byte(v.String()), &k)
	return k, err
}

// CertifyBrowserKey keeps the certificate beside key id.
func CertifyBrowserKey(id, serial string, der []byte) error {
	_, err := callKey("certify", id, serial, base64.StdEncoding.EncodeToString(der))
	return err
}

// BrowserKeys lists the certified keys this browser holds.
func BrowserKeys() ([]BrowserKey, error) {
	if !KeySupported() || noKeyDB() {
		return nil, nil
	}
	v, err := callKey("list")
	if err != nil {
		return nil, err
	}
	var l []BrowserKey
	err = json.Unmarshal([]byte(v.String()), &l)
	return l, err
}

// SignWithBrowserKey signs data with key id: raw r‖s, SHA-256.
func SignWithBrowserKey(id string, data []byte) ([]byte, error) {
	v, err := callKey("sign", id, base64.StdEncoding.EncodeToString(data))
	if err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(v.String())
}

// RemoveBrowserKey forgets key id (its certificate was revoked).
func RemoveBrowserKey(id string) error {
	_, err := callKey("remove", id)
	return err
}

// WipeBrowserKeys deletes every key this browser holds (a kiosk's visit
// has ended); nothing to do where the key database does not exist.
func WipeBrowserKeys() error {
	if !KeySupported() || noKeyDB() {
		return nil
	}
	_, err := callKey("wipe")
	return err
}

func keyFailed(js.Value) error { return ErrKeyFailed }
