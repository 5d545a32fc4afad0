package page

import (
	"errors"

	"kabinet/app/client"
	"kabinet/shared"
)

// PasskeyErrText is what a person reads when a passkey ceremony failed:
// in the browser (cancelled, already on the device, unsupported) or on
// the server (the API's code).
func PasskeyErrText(err error) string {
	switch {
	case errors.Is(err, client.ErrPasskeyCancelled):
		return t("passkey.cancelled")
	case errors.Is(err, client.ErrPasskeyExists):
		return t("passkey.exists")
	case errors.Is(err, client.ErrPasskeyUnsupported):
		return t("passkey.unsupported")
	}
	if _, ok := shared.AsError(err); ok {
		return ErrText(err)
	}
	return t("passkey.failed")
}

// AskPasskey runs a sign-in ceremony of the options in the browser
// (modal: the browser's own dialog) and returns the answer.
func AskPasskey(o shared.PasskeyOptions) ([]byte, error) {
	return client.GetPasskey(o.Options, false)
}
