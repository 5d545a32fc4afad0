package e2e

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/smallstep/pkcs7"

	"kabinet/server/account"
	"kabinet/server/config"
)

// untrustedSignature is a detached CMS signature of content by a
// certificate (with the person's СНИЛС) that a CA the portal does not
// trust issued: what a signing program makes with a key from elsewhere.
func untrustedSignature(t *testing.T, snils string, content []byte) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	subject := pkix.Name{CommonName: "Иванов Иван Иванович", Country: []string{"RU"},
		ExtraNames: []pkix.AttributeTypeAndValue{{Type: asn1.ObjectIdentifier{1, 2, 643, 100, 3}, Value: snils}}}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: subject, Issuer: subject,
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	sd, err := pkcs7.NewSignedData(content)
	if err != nil {
		t.Fatal(err)
	}
	sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA256)
	if err := sd.AddSigner(cert, key, pkcs7.SignerInfoConfig{}); err != nil {
		t.Fatal(err)
	}
	sd.Detach()
	out, err := sd.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A standard account is offered, on its cabinet, to confirm itself with
// an electronic signature: the page gives a one-time text, the person
// signs it elsewhere and uploads the signature. One by a certificate the
// portal does not trust is refused with that reason, in words, and the
// account stays standard.
func TestConfirmAccountWithSignatureRefused(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	if _, err := e.P.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	ivan := account.Demos[0]
	if _, err := e.DB.ExecContext(context.Background(),
		"UPDATE accounts SET level = 'standard', confirmed_at = NULL WHERE email = 'ivan@example.ru'"); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t, desktop)
	signIn(t, ctx, e, "ivan@example.ru", ivan.Password)
	waitVisible(ctx, "link-confirm-signature", stepTimeout)
	click(ctx, "link-confirm-signature")
	waitPath(ctx, "/profile/confirm-signature", stepTimeout)
	waitVisible(ctx, "btn-confirm-challenge", stepTimeout)
	click(ctx, "btn-confirm-challenge")
	msg := waitText(ctx, "#confirm-challenge", "", stepTimeout)
	shotBoth(t, ctx, "confirm-signature-text")

	upload(t, ctx, "f-signature", "confirm.p7s", untrustedSignature(t, "11223344595", []byte(msg)))
	click(ctx, "btn-confirm")
	waitText(ctx, "#form-error", "Подпись не действительна: Сертификат выдан неизвестным удостоверяющим центром", stepTimeout)
	waitVisible(ctx, "btn-confirm-challenge", stepTimeout) // a new text for the next try
	shotBoth(t, ctx, "confirm-signature-refused")
	var level string
	if err := e.DB.NewRaw("SELECT level FROM accounts WHERE email = 'ivan@example.ru'").Scan(context.Background(), &level); err != nil || level != "standard" {
		t.Fatalf("the account's level %q (%v)", level, err)
	}
}

// trustedCA is a certification authority of the test's own: its
// certificate goes into a trust directory the portal is started with
// (SIGNATURE_TRUST_DIR), as a deployment trusts the accredited CAs. It
// issues one certificate, for the person named, with СНИЛС and ИНН in
// the subject as Russian certificates carry them.
type trustedCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	dir  string
}

func newTrustedCA(t *testing.T) *trustedCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Тестовый аккредитованный УЦ", Country: []string{"RU"}},
		NotBefore: time.Now().Add(-24 * time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign, IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	ca := &trustedCA{key: key, dir: t.TempDir()}
	if ca.cert, err = x509.ParseCertificate(der); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ca.dir, "ca.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return ca
}

// sign makes a detached CMS signature of content (CAdES-BES as a signing
// program makes it) by a certificate this CA issues for name, snils, inn.
func (ca *trustedCA) sign(t *testing.T, name, snils, inn string, content []byte) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	subject := pkix.Name{CommonName: name, Country: []string{"RU"}, ExtraNames: []pkix.AttributeTypeAndValue{
		{Type: asn1.ObjectIdentifier{1, 2, 643, 100, 3}, Value: snils},
		{Type: asn1.ObjectIdentifier{1, 2, 643, 3, 131, 1, 1}, Value: inn}}}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: subject,
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	sd, err := pkcs7.NewSignedData(content)
	if err != nil {
		t.Fatal(err)
	}
	sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA256)
	if err := sd.AddSigner(cert, key, pkcs7.SignerInfoConfig{}); err != nil {
		t.Fatal(err)
	}
	sd.Detach()
	out, err := sd.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The same page with a signature the portal can hold: a certificate from
// a CA in its trust store, whose СНИЛС and ИНН are the account's. The
// account becomes confirmed, the page says so, and the journal records
// the method.
func TestConfirmAccountWithSignature(t *testing.T) {
	t.Parallel()
	clearShots(t)
	ca := newTrustedCA(t)
	e := start(t, func(c *config.Config) { c.SignatureTrustDir = ca.dir })
	if _, err := e.P.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	ivan := account.Demos[0]
	var snils, inn string
	if err := e.DB.NewRaw("UPDATE accounts SET level = 'standard', confirmed_at = NULL WHERE email = 'ivan@example.ru' RETURNING snils, inn").
		Scan(context.Background(), &snils, &inn); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t, desktop)
	signIn(t, ctx, e, "ivan@example.ru", ivan.Password)
	click(ctx, "link-confirm-signature")
	waitPath(ctx, "/profile/confirm-signature", stepTimeout)
	click(ctx, "btn-confirm-challenge")
	msg := waitText(ctx, "#confirm-challenge", "", stepTimeout)

	upload(t, ctx, "f-signature", "confirm.p7s", ca.sign(t, "Иванов Иван Иванович", snils, inn, []byte(msg)))
	if status := submit(ctx, "btn-confirm", "POST", "/me/signature/confirm"); status != 200 {
		t.Fatalf("confirming answered %d", status)
	}
	waitText(ctx, "#confirm-done", "Учётная запись подтверждена", stepTimeout)
	shotBoth(t, ctx, "confirm-signature-done")
	var level string
	if err := e.DB.NewRaw("SELECT level FROM accounts WHERE email = 'ivan@example.ru'").Scan(context.Background(), &level); err != nil || level != "confirmed" {
		t.Fatalf("the account's level %q (%v)", level, err)
	}
	var method string
	if err := e.DB.NewRaw(`SELECT j.details->>'method' FROM journal j JOIN accounts a ON a.id = j.account_id
		WHERE a.email = 'ivan@example.ru' AND j.kind = 'account.confirmed' ORDER BY j.id DESC LIMIT 1`).Scan(context.Background(), &method); err != nil || method != "signature" {
		t.Fatalf("the journal's method %q (%v)", method, err)
	}
}
