package signature

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/smallstep/pkcs7"

	sharedsig "kabinet/shared/signature"
)

// fakeGOST stands where a ГОСТ implementation would: it answers what it
// is told and records what it was given.
type fakeGOST struct {
	answer sharedsig.Status
	signer int
	doc    []byte
}

func (f *fakeGOST) VerifyGOST(_ context.Context, _ *pkcs7.PKCS7, signer int, doc io.Reader, _ []*x509.Certificate) (sharedsig.Status, error) {
	f.signer = signer
	f.doc, _ = io.ReadAll(doc)
	return f.answer, nil
}

// A signature under ГОСТ Р 34.10-2012 is reported as unsupported without
// a verifier, and handed to one when it is plugged in.
func TestGOSTSeam(t *testing.T) {
	_, seal, err := loadKeys("", "")
	if err != nil {
		t.Fatal(err)
	}
	doc := []byte("документ")
	sum := sha256.Sum256(doc)
	d, err := newDraft(seal.cert, sum[:], time.Now())
	if err != nil {
		t.Fatal(err)
	}
	si := &d.sd.GetSignedData().SignerInfos[0]
	si.DigestAlgorithm.Algorithm = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2}
	si.DigestEncryptionAlgorithm.Algorithm = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 3, 2}
	cms, err := d.signWith(seal.key)
	if err != nil {
		t.Fatal(err)
	}
	trust, err := loadTrust("", seal.cert)
	if err != nil {
		t.Fatal(err)
	}
	s := &Service{log: slog.New(slog.DiscardHandler), trust: trust, crls: newCRLCache(http.DefaultClient), now: time.Now}

	v, _, _, err := s.verify(t.Context(), cms, BytesContent(doc), verifyOptions{})
	if err != nil || v.Status != sharedsig.StatusGOSTUnsupported || v.Signers[0].Algorithm != "ГОСТ Р 34.10-2012" {
		t.Fatalf("without a verifier: %+v %v", v, err)
	}
	for _, answer := range []sharedsig.Status{sharedsig.StatusValid, sharedsig.StatusDocumentChanged} {
		g := &fakeGOST{answer: answer, signer: -1}
		s.deps.GOST = g
		v, _, _, err = s.verify(t.Context(), cms, BytesContent(doc), verifyOptions{})
		if err != nil || v.Status != answer || g.signer != 0 || string(g.doc) != string(doc) || v.Signers[0].Signer.Name == "" {
			t.Fatalf("with a verifier answering %s: %+v %v (given signer %d, %q)", answer, v, err, g.signer, g.doc)
		}
	}
}
