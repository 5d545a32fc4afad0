//go:build js && wasm

package draft

import (
	"errors"
	"sync"
	"syscall/js"
)

// The IndexedDB database and object store of the drafts: values are the
// stored records as strings, keys "<account>/<form>".
const (
	dbName    = "kabinet-drafts"
	storeName = "drafts"
)

func platformBackend() backend { return &indexedDB{} }

// indexedDB keeps the drafts in the browser's IndexedDB: unlike
// localStorage it is not cleared with the page's memory, holds more, and
// is not read by every page load.
type indexedDB struct {
	mu sync.Mutex
	db js.Value // the open database; undefined until the first call
}

// open returns the database, opening (and on first use creating) it.
func (d *indexedDB) open() (js.Value, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.db.Truthy() {
		return d.db, nil
	}
	idb := js.Global().Get("indexedDB")
	if !idb.Truthy() {
		return js.Value{}, errors.New("draft: no IndexedDB")
	}
	req := idb.Call("open", dbName, 1)
	upgrade := js.FuncOf(func(this js.Value, args []js.Value) any {
		req.Get("result").Call("createObjectStore", storeName)
		return nil
	})
	defer upgrade.Release()
	req.Set("onupgradeneeded", upgrade)
	db, err := wait(req)
	if err != nil {
		return js.Value{}, err
	}
	d.db = db
	return db, nil
}

// do runs op on the store in a transaction and waits for its request.
func (d *indexedDB) do(mode string, op func(store js.Value) js.Value) (js.Value, error) {
	db, err := d.open()
	if err != nil {
		return js.Value{}, err
	}
	store := db.Call("transaction", storeName, mode).Call("objectStore", storeName)
	return wait(op(store))
}

func (d *indexedDB) get(key string) ([]byte, bool, error) {
	v, err := d.do("readonly", func(s js.Value) js.Value { return s.Call("get", key) })
	if err != nil || v.Type() != js.TypeString {
		return nil, false, err
	}
	return []byte(v.String()), true, nil
}

func (d *indexedDB) put(key string, val []byte) error {
	_, err := d.do("readwrite", func(s js.Value) js.Value { return s.Call("put", string(val), key) })
	return err
}

func (d *indexedDB) del(key string) error {
	_, err := d.do("readwrite", func(s js.Value) js.Value { return s.Call("delete", key) })
	return err
}

// delPrefix deletes the key range [prefix, prefix+U+FFFF): every key that
// starts with prefix.
func (d *indexedDB) delPrefix(prefix string) error {
	_, err := d.do("readwrite", func(s js.Value) js.Value {
		r := js.Global().Get("IDBKeyRange").Call("bound", prefix, prefix+"\uffff")
		return s.Call("delete", r)
	})
	return err
}

func (d *indexedDB) clear() error {
	_, err := d.do("readwrite", func(s js.Value) js.Value { return s.Call("clear") })
	return err
}

// wait blocks until an IDBRequest succeeds (its result) or fails.
func wait(req js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	ok := js.FuncOf(func(this js.Value, args []js.Value) any {
		ch <- result{v: req.Get("result")}
		return nil
	})
	fail := js.FuncOf(func(this js.Value, args []js.Value) any {
		msg := "draft: IndexedDB request failed"
		if e := req.Get("error"); e.Truthy() {
			msg += ": " + e.Get("message").String()
		}
		ch <- result{err: errors.New(msg)}
		return nil
	})
	defer ok.Release()
	defer fail.Release()
	req.Set("onsuccess", ok)
	req.Set("onerror", fail)
	r := <-ch
	return r.v, r.err
}
