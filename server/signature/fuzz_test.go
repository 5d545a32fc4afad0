package signature

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/pem"
	"log/slog"
	"net/http"
	"testing"
	"time"
)

// FuzzVerifyCMS feeds outside bytes to the verification of a detached
// signature — the CMS parser, the attributes, the certificate's name, the
// chain — as the public verification page does. Whatever comes in, the
// answer is a result or a typed error, never a panic. Run it with
//
//	go test ./server/signature -run='^$' -fuzz=FuzzVerifyCMS -fuzztime=60s
//
// Crashers it finds are kept in testdata/fuzz/FuzzVerifyCMS as cases.
func FuzzVerifyCMS(f *testing.F) {
	_, seal, err := loadKeys("", "")
	if err != nil {
		f.Fatal(err)
	}
	other, _, err := loadKeys("", "")
	if err != nil {
		f.Fatal(err)
	}
	doc := []byte("документ")
	sum := sha256.Sum256(doc)
	d, err := newDraft(seal.cert, sum[:], time.Now())
	if err != nil {
		f.Fatal(err)
	}
	cms, err := d.signWith(seal.key)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(cms)
	f.Add(pem.EncodeToMemory(&pem.Block{Type: "CMS", Bytes: cms}))
	f.Add([]byte(base64.StdEncoding.EncodeToString(cms)))
	f.Add(cms[:len(cms)/2])
	f.Add([]byte{0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02, 0xa0, 0x80, 0x00, 0x00})
	f.Add([]byte("-----BEGIN PKCS7-----\n-----END PKCS7-----\n"))

	// The chain never reaches the seal's CA here, so the verification ends
	// before the database.
	trust, err := loadTrust("", other.cert)
	if err != nil {
		f.Fatal(err)
	}
	s := &Service{log: slog.New(slog.DiscardHandler), trust: trust, crls: newCRLCache(http.DefaultClient), now: time.Now}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, _, _, err := s.verify(context.Background(), b, BytesContent(doc), verifyOptions{})
		if err == nil && len(v.Signers) == 0 {
			t.Fatalf("a verification without signers: %+v", v)
		}
	})
}
