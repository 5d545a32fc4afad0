package signature_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/smallstep/pkcs7"

	"kabinet/server/config"
	"kabinet/server/portal/portaltest"
	"kabinet/shared/signature"
)

// testCA is a certification authority of the tests' own, built with
// crypto/x509, that publishes its revocation list over HTTP on
// 127.0.0.1 as a real CA's distribution point would.
type testCA struct {
	t       *testing.T
	cert    *x509.Certificate
	key     crypto.Signer
	mu      sync.Mutex
	revoked []x509.RevocationListEntry
	crlURL  string
}

func newTestCA(t *testing.T, name string) *testCA {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048) // RSA, as most CAs in the wild
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name, Organization: []string{"Тестовый УЦ"}},
		NotBefore: time.Now().Add(-5 * 365 * 24 * time.Hour), NotAfter: time.Now().Add(5 * 365 * 24 * time.Hour),
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign, IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	ca := &testCA{t: t, key: key}
	if ca.cert, err = x509.ParseCertificate(der); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(ca.serveCRL))
	t.Cleanup(srv.Close)
	ca.crlURL = srv.URL + "/ca.crl"
	return ca
}

func (ca *testCA) serveCRL(w http.ResponseWriter, _ *http.Request) {
	ca.mu.Lock()
	defer ca.mu.Unlock()
	der, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{Number: big.NewInt(time.Now().UnixNano()),
		ThisUpdate: time.Now().Add(-time.Minute), NextUpdate: time.Now().Add(time.Hour), RevokedCertificateEntries: ca.revoked}, ca.cert, ca.key)
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	_, _ = w.Write(der)
}

func (ca *testCA) revoke(c *x509.Certificate) {
	ca.mu.Lock()
	defer ca.mu.Unlock()
	ca.revoked = append(ca.revoked, x509.RevocationListEntry{SerialNumber: c.SerialNumber, RevocationTime: time.Now().Add(-time.Minute)})
}

// leaf is a person's certificate from ca (ECDSA P-256), with СНИЛС and
// ИНН in the name as Russian certificates have them.
type leaf struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

var leafSerial int64 = 100

func (ca *testCA) issue(name, snils, inn string, notBefore, notAfter time.Time) leaf {
	ca.t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		ca.t.Fatal(err)
	}
	leafSerial++
	subject := pkix.Name{CommonName: name, Country: []string{"RU"}, ExtraNames: []pkix.AttributeTypeAndValue{
		{Type: asn1.ObjectIdentifier{1, 2, 643, 100, 3}, Value: snils},
		{Type: asn1.ObjectIdentifier{1, 2, 643, 3, 131, 1, 1}, Value: inn}}}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(leafSerial), Subject: subject, NotBefore: notBefore, NotAfter: notAfter,
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection}, CRLDistributionPoints: []string{ca.crlURL}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		ca.t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		ca.t.Fatal(err)
	}
	return leaf{cert: c, key: key}
}

// opensslSign makes a detached CMS signature of content with l, as
// `openssl cms -sign` does for any signer with its key on disk.
func opensslSign(t *testing.T, l leaf, content []byte, pemOut bool) []byte {
	t.Helper()
	dir := t.TempDir()
	keyDER, err := x509.MarshalECPrivateKey(l.key)
	if err != nil {
		t.Fatal(err)
	}
	form := "DER"
	if pemOut {
		form = "PEM"
	}
	out := filepath.Join(dir, "sig")
	if msg, err := openssl(t, "cms", "-sign", "-binary", "-in", write(t, dir, "doc", content),
		"-signer", write(t, dir, "cert.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: l.cert.Raw})),
		"-inkey", write(t, dir, "key.pem", pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})),
		"-outform", form, "-out", out); err != nil {
		t.Fatalf("openssl cms -sign: %v\n%s", err, msg)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// trusting runs the portal with ca in its trust store.
func trusting(t *testing.T, cas ...*testCA) func(*config.Config) {
	dir := t.TempDir()
	for i, ca := range cas {
		write(t, dir, "ca"+string(rune('a'+i))+".pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.cert.Raw}))
	}
	return func(c *config.Config) { c.SignatureTrustDir = dir }
}

// Signatures made elsewhere (`openssl cms -sign` with a CA built here)
// and each reason one does not hold, told apart.
func TestExternalSignatures(t *testing.T) {
	ca := newTestCA(t, "Тестовый удостоверяющий центр")
	stranger := newTestCA(t, "Чужой удостоверяющий центр")
	e, docs := start(t, trusting(t, ca))
	now := time.Now()
	year := 365 * 24 * time.Hour
	good := ca.issue("Орлов Пётр Ильич", "11223344595", "500100732259", now.Add(-time.Hour), now.Add(year))
	expired := ca.issue("Орлов Пётр Ильич", "11223344595", "500100732259", now.Add(-2*year), now.Add(-year))
	revoked := ca.issue("Орлов Пётр Ильич", "11223344595", "500100732259", now.Add(-time.Hour), now.Add(year))
	ca.revoke(revoked.cert)
	untrusted := stranger.issue("Орлов Пётр Ильич", "11223344595", "500100732259", now.Add(-time.Hour), now.Add(year))
	other := ca.issue("Другой Человек", "08765430300", "", now.Add(-time.Hour), now.Add(year))

	anon := e.Client()
	cases := []struct {
		name string
		doc  []byte
		sig  []byte
		want signature.Status
	}{
		{"valid", contract, opensslSign(t, good, contract, false), signature.StatusValid},
		{"valid PEM", contract, opensslSign(t, good, contract, true), signature.StatusValid},
		{"changed document", changed(contract), opensslSign(t, good, contract, false), signature.StatusDocumentChanged},
		{"wrong key", contract, signWrongKey(t, good, other, contract), signature.StatusBadSignature},
		{"expired", contract, opensslSign(t, expired, contract, false), signature.StatusExpired},
		{"revoked", contract, opensslSign(t, revoked, contract, false), signature.StatusRevoked},
		{"untrusted issuer", contract, opensslSign(t, untrusted, contract, false), signature.StatusUntrusted},
		{"ГОСТ", contract, gostLabelled(t, good, contract), signature.StatusGOSTUnsupported},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := verify(t, anon, tc.doc, tc.sig)
			if v.Status != tc.want || len(v.Signers) != 1 || v.Signers[0].Status != tc.want {
				t.Fatalf("got %+v, want %s", v, tc.want)
			}
			s := v.Signers[0]
			if s.Signer.Name == "" || s.Signer.SNILS == "" || s.Issuer == "" || s.Serial == "" {
				t.Fatalf("who signed is not told: %+v", s)
			}
			if tc.want == signature.StatusValid && (s.Revocation != signature.RevocationGood || s.SignedAt == nil || s.Algorithm != "ECDSA P-256 SHA-256") {
				t.Fatalf("a valid signature's details: %+v", s)
			}
		})
	}

	// Kept with a document of the person: only one that holds.
	c := e.Client()
	p := e.StandardIdentity(c, 10)
	id := docs.put(p.ID, "Счёт.pdf", contract)
	var l signature.RecordList
	c.MustOK("POST", "/signature/documents/"+id+"/external", portaltest.Multipart(map[string][]byte{"signature": opensslSign(t, good, contract, false)}, nil), &l)
	if len(l.Items) != 1 || l.Items[0].Kind != signature.KindExternal || l.Items[0].Signer.SNILS != "11223344595" || !l.Items[0].Sealed {
		t.Fatalf("recorded: %+v", l)
	}
	status, err := c.Do("POST", "/signature/documents/"+id+"/external", portaltest.Multipart(map[string][]byte{"signature": opensslSign(t, revoked, contract, false)}, nil), nil)
	if status != http.StatusUnprocessableEntity || err.Code != signature.CodeNotValid || len(err.Args) != 1 || err.Args[0] != string(signature.StatusRevoked) {
		t.Fatalf("a revoked signature kept: %d %+v", status, err)
	}
}

// signWrongKey is a CMS that names cert's certificate but was signed by
// another key (openssl refuses to make one).
func signWrongKey(t *testing.T, named, by leaf, content []byte) []byte {
	t.Helper()
	sd, err := pkcs7.NewSignedData(content)
	if err != nil {
		t.Fatal(err)
	}
	sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA256)
	if err := sd.AddSigner(named.cert, by.key, pkcs7.SignerInfoConfig{}); err != nil {
		t.Fatal(err)
	}
	sd.Detach()
	der, err := sd.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// gostLabelled is a CMS whose signer says ГОСТ Р 34.11-2012 / 34.10-2012,
// as a CryptoPro signature does.
func gostLabelled(t *testing.T, l leaf, content []byte) []byte {
	t.Helper()
	sd, err := pkcs7.NewSignedData(content)
	if err != nil {
		t.Fatal(err)
	}
	if err := sd.AddSigner(l.cert, l.key, pkcs7.SignerInfoConfig{}); err != nil {
		t.Fatal(err)
	}
	si := &sd.GetSignedData().SignerInfos[0]
	si.DigestAlgorithm.Algorithm = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2}           // Стрибог-256
	si.DigestEncryptionAlgorithm.Algorithm = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 3, 2} // ГОСТ Р 34.10-2012 256
	sd.Detach()
	der, err := sd.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// A standard account reaches «confirmed» by signing a challenge with an
// external certificate whose СНИЛС and ИНН are the account's.
func TestConfirmLevelWithExternalCertificate(t *testing.T) {
	ca := newTestCA(t, "Тестовый удостоверяющий центр")
	e, _ := start(t, trusting(t, ca))
	c := e.Client()
	p := e.StandardIdentity(c, 11)
	now := time.Now()
	mine := ca.issue("Соколова Вера Андреевна", p.SNILS, p.INN, now.Add(-time.Hour), now.Add(time.Hour))
	notMine := ca.issue("Соколова Вера Андреевна", portaltest.ValidSNILS(12), p.INN, now.Add(-time.Hour), now.Add(time.Hour))

	var ch signature.Challenge
	c.MustOK("POST", "/me/signature/confirm/challenge", nil, &ch)
	wantCode(t, c, "POST", "/me/signature/confirm", signature.LevelRequest{ChallengeID: ch.ID, Signature: opensslSign(t, notMine, []byte(ch.Message), false)},
		http.StatusForbidden, signature.CodeIdentityMismatch)
	// A challenge serves once, whatever the answer was.
	wantCode(t, c, "POST", "/me/signature/confirm", signature.LevelRequest{ChallengeID: ch.ID, Signature: opensslSign(t, mine, []byte(ch.Message), false)},
		http.StatusGone, signature.CodeChallengeUsed)

	c.MustOK("POST", "/me/signature/confirm/challenge", nil, &ch)
	// Signed over something else: not this challenge.
	wantCode(t, c, "POST", "/me/signature/confirm", signature.LevelRequest{ChallengeID: ch.ID, Signature: opensslSign(t, mine, []byte("другое"), false)},
		http.StatusUnprocessableEntity, signature.CodeNotValid)
	c.MustOK("POST", "/me/signature/confirm/challenge", nil, &ch)
	var acc struct{ Level string }
	c.MustOK("POST", "/me/signature/confirm", signature.LevelRequest{ChallengeID: ch.ID, Signature: opensslSign(t, mine, []byte(ch.Message), true)}, &acc)
	if acc.Level != "confirmed" {
		t.Fatalf("level after the signature: %s", acc.Level)
	}
	wantCode(t, c, "POST", "/me/signature/confirm/challenge", nil, http.StatusConflict, "already_confirmed")
}
