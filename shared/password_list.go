//go:build !js

package shared

import _ "embed"

// The server (and every program but the browser) has the list compiled
// in; see password_list_js.go for the browser.
//
//go:embed passwords.txt
var passwordsTxt string

// CommonPasswordsText is the list of common passwords as shipped, one a
// line: the server sends it to the browser, which loads it with
// LoadCommonPasswords.
func CommonPasswordsText() string { return passwordsTxt }
