package ui

import (
	"errors"

	"kabinet/app/client"
	"kabinet/shared"
)

// passkeyErrText is what a person reads when a passkey ceremony failed:
// in the browser (cancelled, already on the device, unsupported) or on
// the server (the API's code).
func passkeyErrText(err error) string {
	switch {
	case errors.Is(err, client.ErrPasskeyCancelled):
		return t("passkey.cancelled")
	case errors.Is(err, client.ErrPasskeyExists):
		return t("passkey.exists")
	case errors.Is(err, client.ErrPasskeyUnsupported):
		return t("passkey.unsupported")
	}
	if _, ok := shared.AsError(err); ok {
		return errText(err)
	}
	return t("passkey.failed")
}

// askPasskey runs a sign-in ceremony of the options in the browser
// (modal: the browser's own dialog) and returns the answer.
func askPasskey(o shared.PasskeyOptions) ([]byte, error) {
	return client.GetPasskey(o.Options, false)
}
