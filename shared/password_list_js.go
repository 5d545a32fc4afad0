//go:build js

package shared

// In the browser the list of common passwords is not compiled in: it is
// 94 KB (45 KB of brotli) of app.wasm that only the pages where a new
// password is chosen use, and it would delay every first screen. The app
// fetches it from the server when a password is first rated and hands it
// to LoadCommonPasswords; until then the browser does not flag common
// passwords, and the API, which has the list, still refuses them with the
// same code.
var passwordsTxt string
