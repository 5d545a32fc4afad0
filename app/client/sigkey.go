package client

import "errors"

// What can go wrong with the browser's «Ключ Кабинета» (web/sigkey.js).
var (
	// ErrKeyUnsupported: no WebCrypto or IndexedDB here (or not a secure
	// context).
	ErrKeyUnsupported = errors.New("sigkey: not supported by this browser")
	// ErrKeyFailed: the browser could not make, keep or use the key.
	ErrKeyFailed = errors.New("sigkey: the browser failed")
)

// BrowserKey is a «Ключ Кабинета» this browser holds: the id of its
// private key in IndexedDB, and the certificate the portal issued for it.
type BrowserKey struct {
	ID     string `json:"id"`
	Serial string `json:"serial"`
	Cert   []byte `json:"cert"` // DER (base64 in JSON, as sigkey.js keeps it)
}

// NewBrowserKey is a key just made, not yet certified.
type NewBrowserKey struct {
	ID        string `json:"id"`
	PublicKey []byte `json:"spki"`  // SubjectPublicKeyInfo, DER
	Proof     []byte `json:"proof"` // raw r‖s over the key-proof message
}
