//go:build !(js && wasm)

package client

// KeySupported: only a browser holds a «Ключ Кабинета».
func KeySupported() bool { return false }

// CreateBrowserKey needs a browser.
func CreateBrowserKey(prefix string) (NewBrowserKey, error) {
	return NewBrowserKey{}, ErrKeyUnsupported
}

// CertifyBrowserKey needs a browser.
func CertifyBrowserKey(id, serial string, der []byte) error { return ErrKeyUnsupported }

// BrowserKeys: none outside a browser.
func BrowserKeys() ([]BrowserKey, error) { return nil, nil }

// SignWithBrowserKey needs a browser.
func SignWithBrowserKey(id string, data []byte) ([]byte, error) { return nil, ErrKeyUnsupported }

// RemoveBrowserKey needs a browser.
func RemoveBrowserKey(id string) error { return ErrKeyUnsupported }

// WipeBrowserKeys: no keys outside a browser.
func WipeBrowserKeys() error { return nil }
