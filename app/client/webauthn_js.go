//go:build js && wasm

package client

import "syscall/js"

func bridge() js.Value { return js.Global().Get("kabinetPasskey") }

// PasskeySupported reports whether this browser can use passkeys.
func PasskeySupported() bool {
	b := bridge()
	return b.Truthy() && b.Call("supported").Bool()
}

// PasskeyAutofill reports whether the browser offers passkeys in a login
// field's autofill (conditional mediation).
func PasskeyAutofill() bool {
	b := bridge()
	if !b.Truthy() {
		return false
	}
	v, err := awaitName(b.Call("conditional"))
	return err == nil && v.Truthy() && v.Bool()
}

// CreatePasskey runs navigator.credentials.create with the server's
// options and returns the new credential as JSON.
func CreatePasskey(options []byte) ([]byte, error) {
	if !PasskeySupported() {
		return nil, ErrPasskeyUnsupported
	}
	v, err := awaitName(bridge().Call("create", string(options)))
	if err != nil {
		return nil, err
	}
	return []byte(v.String()), nil
}

// GetPasskey runs navigator.credentials.get with the server's options;
// conditional waits for the person to pick a passkey from autofill.
func GetPasskey(options []byte, conditional bool) ([]byte, error) {
	if !PasskeySupported() {
		return nil, ErrPasskeyUnsupported
	}
	mediation := ""
	if conditional {
		mediation = "conditional"
	}
	v, err := awaitName(bridge().Call("get", string(options), mediation))
	if err != nil {
		return nil, err
	}
	return []byte(v.String()), nil
}

// AbortPasskey ends a waiting request (the autofill offer when the page
// goes away).
func AbortPasskey() {
	if b := bridge(); b.Truthy() {
		b.Call("abort")
	}
}

// awaitName waits for a promise of the bridge, which rejects with the
// DOMException's name.
func awaitName(p js.Value) (js.Value, error) {
	return await(p, func(reason js.Value) error {
		if reason.Type() == js.TypeString {
			return passkeyError(reason.String())
		}
		return passkeyError("UnknownError")
	})
}
