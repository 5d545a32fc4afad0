package signature_test

import (
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"sync"
	"testing"
	"time"

	"kabinet/shared"
	"kabinet/shared/signature"
)

// The «Ключ Кабинета» CA: a confirmed person, just stepped up, gets a
// certificate with ФИО, СНИЛС and ИНН for a key of the browser, valid a
// year; revoking it shows at once in the status and the revocation list.
func TestCertificateIssueRevokeStatusCRL(t *testing.T) {
	e, _ := start(t, nil)
	c := e.Client()
	p := e.ConfirmedIdentity(c, 1)

	k, cert := issue(t, c)
	x, err := x509.ParseCertificate(cert.DER)
	if err != nil {
		t.Fatal(err)
	}
	if cert.Status != signature.CertGood || cert.Subject.SNILS != p.SNILS || cert.Subject.INN != p.INN ||
		cert.Subject.Name != "Соколова Вера Андреевна" || cert.Subject.Surname != "Соколова" || cert.Subject.GivenName != "Вера Андреевна" {
		t.Fatalf("certificate: %+v", cert)
	}
	if d := x.NotAfter.Sub(x.NotBefore); d < 364*24*time.Hour || d > 366*24*time.Hour {
		t.Fatalf("validity %s, want a year", d)
	}
	ca, _ := pem.Decode(caPEM(t, c))
	caCert, err := x509.ParseCertificate(ca.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.CheckSignatureFrom(caCert); err != nil {
		t.Fatalf("not issued by the published CA: %v", err)
	}
	if pub, ok := x.PublicKey.(*ecdsa.PublicKey); !ok || !pub.Equal(&k.PublicKey) {
		t.Fatal("the certificate is not of the browser's key")
	}

	var st signature.CertificateStatus
	anon := e.Client()
	anon.MustOK("GET", "/signature/certificates/"+cert.Serial+"/status", nil, &st)
	if st.Status != signature.CertGood {
		t.Fatalf("status before revocation: %+v", st)
	}
	if crl := crlOf(t, anon, caCert); len(crl.RevokedCertificateEntries) != 0 {
		t.Fatalf("CRL before revocation: %+v", crl.RevokedCertificateEntries)
	}

	// Another person cannot revoke it; its owner can, with no step-up.
	other := e.Client()
	e.ConfirmedIdentity(other, 2)
	wantCode(t, other, "POST", "/me/signature/certificates/"+cert.Serial+"/revoke", nil, http.StatusNotFound, signature.CodeCertUnknown)
	c.MustOK("POST", "/me/signature/certificates/"+cert.Serial+"/revoke", nil, nil)
	c.MustOK("POST", "/me/signature/certificates/"+cert.Serial+"/revoke", nil, nil) // again: nothing changes

	anon.MustOK("GET", "/signature/certificates/"+cert.Serial+"/status", nil, &st)
	if st.Status != signature.CertRevoked || st.RevokedAt == nil {
		t.Fatalf("status after revocation: %+v", st)
	}
	crl := crlOf(t, anon, caCert)
	if len(crl.RevokedCertificateEntries) != 1 || crl.RevokedCertificateEntries[0].SerialNumber.Cmp(x.SerialNumber) != 0 {
		t.Fatalf("CRL after revocation: %+v", crl.RevokedCertificateEntries)
	}
	var list signature.CertificateList
	c.MustOK("GET", "/me/signature/certificates", nil, &list)
	if len(list.Items) != 1 || list.Items[0].Status != signature.CertRevoked {
		t.Fatalf("list: %+v", list)
	}
	anon.MustOK("GET", "/signature/certificates/4abc/status", nil, &st)
	if st.Status != signature.CertUnknown {
		t.Fatalf("unknown serial: %+v", st)
	}
}

func crlOf(t *testing.T, c interface {
	MustOK(method, path string, in, out any)
}, ca *x509.Certificate) *x509.RevocationList {
	t.Helper()
	var der []byte
	c.MustOK("GET", "/signature/crl", nil, &der)
	crl, err := x509.ParseRevocationList(der)
	if err != nil {
		t.Fatal(err)
	}
	if err := crl.CheckSignatureFrom(ca); err != nil {
		t.Fatalf("the CRL is not the CA's: %v", err)
	}
	if !crl.NextUpdate.After(time.Now()) {
		t.Fatalf("the CRL is stale: next update %s", crl.NextUpdate)
	}
	return crl
}

// Who may get a certificate, and for what key.
func TestCertificateRefusals(t *testing.T) {
	e, _ := start(t, nil)
	c := e.Client()
	p := e.StandardIdentity(c, 3)
	k := newBrowserKey(t)
	spki := k.spki(t)
	good := signature.CertificateRequest{PublicKey: spki, Proof: k.sign(t, signature.KeyProofMessage(spki))}

	// A standard account has no key: a ПЭП and a key need a confirmed one.
	wantCode(t, c, "POST", "/me/signature/certificates", good, http.StatusForbidden, signature.CodeLevel)
	e.ConfirmIdentity(p.ID)

	// A key that did not sign the proof, or a proof of another key.
	other := newBrowserKey(t)
	wantCode(t, c, "POST", "/me/signature/certificates", signature.CertificateRequest{PublicKey: spki,
		Proof: other.sign(t, signature.KeyProofMessage(spki))}, http.StatusUnprocessableEntity, signature.CodeKeyInvalid)
	wantCode(t, c, "POST", "/me/signature/certificates", signature.CertificateRequest{PublicKey: []byte("not a key"),
		Proof: k.sign(t, []byte("x"))}, http.StatusUnprocessableEntity, signature.CodeKeyInvalid)

	// Without a fresh step-up: first the second factor.
	if _, err := e.DB.NewRaw("UPDATE sessions SET step_up_at = now() - interval '1 hour' WHERE account_id = ?", p.ID).Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	wantCode(t, c, "POST", "/me/signature/certificates", good, http.StatusForbidden, shared.CodeStepUpRequired)
	c.StepUp(p)
	c.MustOK("POST", "/me/signature/certificates", good, nil)

	// At most five live keys, also when the last ones are asked for at
	// once (two tabs): of three at once with four left, one passes.
	for range 2 {
		issue(t, c)
	}
	reqs := make([]signature.CertificateRequest, 3)
	for i := range reqs {
		k := newBrowserKey(t)
		spki := k.spki(t)
		reqs[i] = signature.CertificateRequest{PublicKey: spki, Proof: k.sign(t, signature.KeyProofMessage(spki))}
	}
	var wg sync.WaitGroup
	for _, r := range reqs {
		wg.Go(func() { _, _ = c.Do("POST", "/me/signature/certificates", r, nil) })
	}
	wg.Wait()
	var live int
	if err := e.DB.NewRaw("SELECT count(*) FROM signature_certificates WHERE account_id = ? AND revoked_at IS NULL", p.ID).Scan(t.Context(), &live); err != nil {
		t.Fatal(err)
	}
	if live != 5 {
		t.Fatalf("%d live certificates after three asked at once, want 5", live)
	}
	k6 := newBrowserKey(t)
	spki6 := k6.spki(t)
	wantCode(t, c, "POST", "/me/signature/certificates", signature.CertificateRequest{PublicKey: spki6,
		Proof: k6.sign(t, signature.KeyProofMessage(spki6))}, http.StatusConflict, signature.CodeTooManyKeys)
}
