package app

import (
	"crypto/rand"
	"fmt"
)

// newID is a random (version 4) UUID in its text form, as uuid.NewString
// gave: the device id and the state broadcast's store id. Kabinet's copy
// does without github.com/google/uuid, whose import alone linked
// crypto/md5, crypto/sha1 and database/sql/driver into app.wasm for its
// name-based UUIDs and SQL scanning, which go-app never uses.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
