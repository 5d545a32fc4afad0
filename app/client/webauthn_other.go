//go:build !(js && wasm)

package client

// Outside a browser (the server's prerendering, tests) there is no
// authenticator: passkeys are simply not available.

// PasskeySupported reports whether this browser can use passkeys.
func PasskeySupported() bool { return false }

// PasskeyAutofill reports whether the browser offers passkeys in autofill.
func PasskeyAutofill() bool { return false }

// CreatePasskey needs a browser.
func CreatePasskey(options []byte) ([]byte, error) { return nil, ErrPasskeyUnsupported }

// GetPasskey needs a browser.
func GetPasskey(options []byte, conditional bool) ([]byte, error) { return nil, ErrPasskeyUnsupported }

// AbortPasskey has nothing to abort.
func AbortPasskey() {}
