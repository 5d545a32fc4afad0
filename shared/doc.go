// Package shared is Kabinet's domain vocabulary: identifiers (ИНН, ОГРН,
// ОГРНИП, КПП, СНИЛС, УИН), phones, e-mails, passwords, money in kopecks,
// names, dates and passports, the request and response types of the API,
// their validation and the machine-readable error codes.
//
// The package is compiled into both the browser (GOOS=js GOARCH=wasm) and
// the server, so it uses the standard library only. The same function
// validates a form field in the browser and the request in the API:
// validators return a *Error whose Code is looked up in the message
// catalogue (shared/i18n, key "err."+code).
//
// The server calls Normalize and then Validate on every request; the browser
// calls the field validators as a person types.
package shared
