package page

import (
	"context"
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

// StepUpWithPasskey confirms a step-up with one of the account's passkeys:
// the server's options, the browser's ceremony, the server's check. Call
// it inside Do (it waits on the network and on the person).
func StepUpWithPasskey(ctx context.Context) (shared.SessionInfo, error) {
	o, err := API().StepUpOptions(ctx)
	if err != nil {
		return shared.SessionInfo{}, err
	}
	answer, err := AskPasskey(o)
	if err != nil {
		return shared.SessionInfo{}, err
	}
	return API().StepUpPasskey(ctx, o.Ceremony, answer)
}
