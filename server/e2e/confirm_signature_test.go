package e2e

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"testing"
	"time"

	"github.com/smallstep/pkcs7"

	"kabinet/server/account"
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
