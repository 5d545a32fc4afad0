package client

import "errors"

// What can go wrong in the browser's part of a passkey ceremony (before
// the server sees anything). The pages tell each apart.
var (
	// ErrPasskeyUnsupported: the browser has no WebAuthn (or the page is
	// not a secure context).
	ErrPasskeyUnsupported = errors.New("passkey: not supported by this browser")
	// ErrPasskeyCancelled: the person closed the dialog, the time ran out,
	// or no passkey of this site is on the device (browsers do not say
	// which, on purpose).
	ErrPasskeyCancelled = errors.New("passkey: cancelled or not allowed")
	// ErrPasskeyExists: this device already holds a passkey of the account.
	ErrPasskeyExists = errors.New("passkey: already on this device")
	// ErrPasskeyAborted: a newer request replaced this one.
	ErrPasskeyAborted = errors.New("passkey: aborted")
)

// passkeyError maps a DOMException name to the errors above.
func passkeyError(name string) error {
	switch name {
	case "NotAllowedError", "TimeoutError":
		return ErrPasskeyCancelled
	case "InvalidStateError":
		return ErrPasskeyExists
	case "AbortError":
		return ErrPasskeyAborted
	case "NotSupportedError", "SecurityError":
		return ErrPasskeyUnsupported
	}
	return errors.New("passkey: " + name)
}
