package signature

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"kabinet/server/dbtest"
	sharedsig "kabinet/shared/signature"
)

// TestAgencyCertificateRenewal: an agency's certificate is renewed (the
// same key, a new serial, a later end) once it is in its last 30 days, and
// not before; the renewed pair is written to the key file, so the next
// process loads it; a key file given a new key gets that key certified.
func TestAgencyCertificateRenewal(t *testing.T) {
	ctx := context.Background()
	ca, err := newCA()
	if err != nil {
		t.Fatal(err)
	}
	db := dbtest.NewDB(t)
	dir := t.TempDir()
	now := time.Now()
	newService := func() *Service {
		return &Service{db: db, log: slog.New(slog.NewTextHandler(io.Discard, nil)), ca: ca, now: func() time.Time { return now },
			agencies: agencyKeys{dir: dir, pairs: map[string]keyPair{}}}
	}
	a := sharedsig.Agency{Code: "fns", Name: "ФНС России"}
	file := filepath.Join(dir, "fns.pem")
	s := newService()

	first, err := s.agencyKey(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	serials := func() []string {
		var out []string
		if err := db.NewRaw("SELECT serial FROM signature_certificates WHERE agency = ? ORDER BY not_after", a.Code).Scan(ctx, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if got := serials(); len(got) != 1 || got[0] != serialOf(first.cert) {
		t.Fatalf("recorded certificates %v, want the first one %s", got, serialOf(first.cert))
	}

	now = first.cert.NotAfter.Add(-31 * 24 * time.Hour) // 31 days left: kept
	kept, err := s.agencyKey(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if serialOf(kept.cert) != serialOf(first.cert) {
		t.Fatalf("31 days before its end the certificate was replaced by %s", serialOf(kept.cert))
	}

	now = first.cert.NotAfter.Add(-29 * 24 * time.Hour) // 29 days left: renewed
	renewed, err := s.agencyKey(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case serialOf(renewed.cert) == serialOf(first.cert):
		t.Fatal("29 days before its end the certificate was not renewed")
	case !renewed.key.PublicKey.Equal(first.key.Public()):
		t.Error("the renewal changed the agency's key")
	case !renewed.cert.NotAfter.After(first.cert.NotAfter.Add(365 * 24 * time.Hour)):
		t.Errorf("the renewed certificate ends %s, the old one %s", renewed.cert.NotAfter, first.cert.NotAfter)
	}
	if err := renewed.cert.CheckSignatureFrom(ca.cert); err != nil {
		t.Errorf("the renewed certificate is not the CA's: %v", err)
	}
	if got := serials(); len(got) != 2 || got[1] != serialOf(renewed.cert) {
		t.Errorf("recorded certificates %v, want the first and %s", got, serialOf(renewed.cert))
	}
	// A signature made now is under the new certificate.
	rec, err := newDraft(renewed.cert, make([]byte, 32), now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rec.signWith(renewed.key); err != nil {
		t.Fatal(err)
	}

	// The next process reads the renewed pair from the file.
	again, err := newService().agencyKey(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if serialOf(again.cert) != serialOf(renewed.cert) {
		t.Errorf("a new process loaded %s, want the renewed %s", serialOf(again.cert), serialOf(renewed.cert))
	}

	// The operator puts a new key in the file (the old certificate left
	// beside it): the new key is certified.
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, encodePair(keyPair{key: key, cert: renewed.cert}), 0o600); err != nil {
		t.Fatal(err)
	}
	changed, err := newService().agencyKey(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if !changed.cert.PublicKey.(*ecdsa.PublicKey).Equal(&key.PublicKey) {
		t.Error("the new key in the file was not certified")
	}
	if got := serials(); len(got) != 3 {
		t.Errorf("recorded certificates %v, want three", got)
	}
}
