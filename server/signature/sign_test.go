package signature_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	"kabinet/shared/signature"
)

var contract = []byte("%PDF-1.7\nДоговор № 17 о поставке — тестовый документ\n%%EOF\n")

// changed is doc with one byte changed.
func changed(doc []byte) []byte {
	b := bytes.Clone(doc)
	b[len(b)/2] ^= 0x01
	return b
}

// A «Ключ Кабинета» signature is a detached CMS (CAdES-BES) that openssl
// accepts against the portal's CA and the document, and refuses when one
// byte of the document changes.
func TestKeySignatureVerifiesWithOpenSSL(t *testing.T) {
	e, docs := start(t, nil)
	c := e.Client()
	p := e.ConfirmedIdentity(c, 4)
	k, cert := issue(t, c)
	id := docs.put(p.ID, "Договор.pdf", contract)

	r := signDocument(t, c, k, cert.Serial, id)
	sum := sha256.Sum256(contract)
	if r.Kind != signature.KindKey || r.DocumentSHA256 != hex.EncodeToString(sum[:]) || r.Serial != cert.Serial ||
		r.Signer.SNILS != p.SNILS || !r.Sealed || r.Status != signature.StatusValid {
		t.Fatalf("record: %+v", r)
	}
	var p7s []byte
	c.MustOK("GET", "/signature/signatures/"+r.ID+"/p7s", nil, &p7s)

	dir := t.TempDir()
	ca := write(t, dir, "ca.pem", caPEM(t, c))
	sig := write(t, dir, "doc.p7s", p7s)
	doc := write(t, dir, "doc", contract)
	if out, err := openssl(t, "cms", "-verify", "-binary", "-content", doc, "-inform", "DER", "-in", sig, "-CAfile", ca, "-out", "/dev/null"); err != nil {
		t.Fatalf("openssl refuses the portal's signature: %v\n%s", err, out)
	}
	// signing-certificate-v2 and signing-time are there, as CAdES-BES asks.
	out, err := openssl(t, "cms", "-cmsout", "-print", "-inform", "DER", "-in", sig)
	if err != nil || !strings.Contains(out, "id-smime-aa-signingCertificateV2") || !strings.Contains(out, "signingTime") {
		t.Fatalf("signed attributes: %v\n%s", err, out)
	}
	bad := write(t, dir, "bad", changed(contract))
	if out, err := openssl(t, "cms", "-verify", "-binary", "-content", bad, "-inform", "DER", "-in", sig, "-CAfile", ca, "-out", "/dev/null"); err == nil {
		t.Fatalf("openssl accepts the signature of a changed document:\n%s", out)
	}

	// The verification page says the same, and names the portal's record.
	v := verify(t, e.Client(), contract, p7s)
	if v.Status != signature.StatusValid || len(v.Signers) != 1 || v.Signers[0].Signer.SNILS != p.SNILS ||
		v.Signers[0].Revocation != signature.RevocationGood || v.Record == nil || v.Record.Kind != r.Kind || !v.Record.SignedAt.Equal(r.SignedAt) {
		t.Fatalf("verification: %+v", v)
	}
	if v := verify(t, e.Client(), changed(contract), p7s); v.Status != signature.StatusDocumentChanged {
		t.Fatalf("verification of a changed document: %+v", v)
	}
	// Revoked: the portal's own check sees it at once.
	c.MustOK("POST", "/me/signature/certificates/"+cert.Serial+"/revoke", nil, nil)
	if v := verify(t, e.Client(), contract, p7s); v.Status != signature.StatusRevoked || v.Signers[0].RevokedAt == nil {
		t.Fatalf("verification after revocation: %+v", v)
	}
}

// The key's answer is checked before anything is recorded: another key's
// signature is refused and the request can still be answered; a revoked
// certificate cannot sign.
func TestKeySignatureRefusals(t *testing.T) {
	e, docs := start(t, nil)
	c := e.Client()
	p := e.ConfirmedIdentity(c, 5)
	k, cert := issue(t, c)
	id := docs.put(p.ID, "Заявление.xml", []byte("<заявление/>"))

	var prep signature.Prepared
	c.MustOK("POST", "/signature/documents/"+id+"/prepare", signature.PrepareRequest{Serial: cert.Serial}, &prep)
	wrong := newBrowserKey(t)
	wantCode(t, c, "POST", "/signature/requests/"+prep.ID+"/complete", signature.CompleteRequest{Signature: wrong.sign(t, prep.SignedAttributes)},
		http.StatusUnauthorized, signature.CodeSignatureInvalid)
	var r signature.Record
	c.MustOK("POST", "/signature/requests/"+prep.ID+"/complete", signature.CompleteRequest{Signature: k.sign(t, prep.SignedAttributes)}, &r)
	// Done once: the same answer again is refused.
	wantCode(t, c, "POST", "/signature/requests/"+prep.ID+"/complete", signature.CompleteRequest{Signature: k.sign(t, prep.SignedAttributes)},
		http.StatusGone, signature.CodeRequestExpired)

	// Another person sees neither the document nor its signatures.
	other := e.Client()
	q := e.ConfirmedIdentity(other, 6)
	ok, otherCert := issue(t, other)
	wantCode(t, other, "POST", "/signature/documents/"+id+"/prepare", signature.PrepareRequest{Serial: otherCert.Serial}, http.StatusNotFound, shared.CodeNotFound)
	wantCode(t, other, "GET", "/signature/documents/"+id+"/signatures", nil, http.StatusNotFound, shared.CodeNotFound)
	wantCode(t, other, "GET", "/signature/signatures/"+r.ID+"/p7s", nil, http.StatusNotFound, shared.CodeNotFound)
	wantCode(t, other, "POST", "/signature/documents/"+id+"/simple", nil, http.StatusNotFound, shared.CodeNotFound)
	// Nor signs with someone else's certificate.
	own := docs.put(q.ID, "Своё.pdf", contract)
	wantCode(t, other, "POST", "/signature/documents/"+own+"/prepare", signature.PrepareRequest{Serial: cert.Serial}, http.StatusNotFound, signature.CodeCertUnknown)
	signDocument(t, other, ok, otherCert.Serial, own)

	// A revoked certificate cannot sign, even a request prepared before.
	c.MustOK("POST", "/signature/documents/"+id+"/prepare", signature.PrepareRequest{Serial: cert.Serial}, &prep)
	c.MustOK("POST", "/me/signature/certificates/"+cert.Serial+"/revoke", nil, nil)
	wantCode(t, c, "POST", "/signature/requests/"+prep.ID+"/complete", signature.CompleteRequest{Signature: k.sign(t, prep.SignedAttributes)},
		http.StatusForbidden, signature.CodeCertRevoked)
	wantCode(t, c, "POST", "/signature/documents/"+id+"/prepare", signature.PrepareRequest{Serial: cert.Serial}, http.StatusForbidden, signature.CodeCertRevoked)
}

// A ПЭП: a confirmed person signs after a fresh step-up; the record is
// sealed by the portal, and a record changed in the database no longer
// verifies. Its .p7s is the portal's seal over the document.
func TestSimpleSignature(t *testing.T) {
	e, docs := start(t, nil)
	c := e.Client()
	p := e.ConfirmedIdentity(c, 7)
	id := docs.put(p.ID, "Декларация.pdf", contract)

	var r signature.Record
	c.MustOK("POST", "/signature/documents/"+id+"/simple", nil, &r)
	if r.Kind != signature.KindSimple || r.Signer.Name != "Соколова Вера Андреевна" || r.Signer.SNILS != p.SNILS ||
		r.Method != "step_up" || !r.Sealed {
		t.Fatalf("record: %+v", r)
	}
	var list signature.RecordList
	c.MustOK("GET", "/signature/documents/"+id+"/signatures", nil, &list)
	if len(list.Items) != 1 || !list.Items[0].Sealed {
		t.Fatalf("list: %+v", list)
	}
	var p7s []byte
	c.MustOK("GET", "/signature/signatures/"+r.ID+"/p7s", nil, &p7s)
	dir := t.TempDir()
	if out, err := openssl(t, "cms", "-verify", "-binary", "-content", write(t, dir, "doc", contract), "-inform", "DER",
		"-in", write(t, dir, "doc.p7s", p7s), "-CAfile", write(t, dir, "ca.pem", caPEM(t, c)), "-out", "/dev/null"); err != nil {
		t.Fatalf("openssl refuses the portal's seal: %v\n%s", err, out)
	}
	v := verify(t, e.Client(), contract, p7s)
	if v.Status != signature.StatusValid || v.Record == nil || v.Record.Kind != signature.KindSimple || v.Record.Signer.Name != r.Signer.Name {
		t.Fatalf("verification: %+v", v)
	}
	// To a stranger the record names the person, not the person's
	// numbers nor the portal's ids; and a signature that does not hold
	// (here: any other hash beside the .p7s) shows no record at all.
	if rec := v.Record; rec.Signer.SNILS != "" || rec.Signer.INN != "" || rec.ID != "" || rec.DocumentID != "" {
		t.Fatalf("the record a stranger reads: %+v", rec)
	}
	var other signature.Verification
	e.Client().MustOK("POST", "/signature/verify", portaltest.Multipart(map[string][]byte{"signature": p7s},
		map[string]string{"documentSha256": strings.Repeat("ab", 32)}), &other)
	if other.Status == signature.StatusValid || other.Record != nil {
		t.Fatalf("verified against another hash: %+v", other)
	}

	// Someone with the database alone rewrites who signed.
	if _, err := e.DB.NewRaw("UPDATE document_signatures SET signer = jsonb_set(signer, '{name}', '\"Иванов Иван\"') WHERE id = ?", r.ID).Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	c.MustOK("GET", "/signature/documents/"+id+"/signatures", nil, &list)
	if list.Items[0].Sealed || list.Items[0].Signer.Name != "Иванов Иван" {
		t.Fatalf("a changed record still verifies: %+v", list.Items[0])
	}

	// The step-up must be fresh.
	if _, err := e.DB.NewRaw("UPDATE sessions SET step_up_at = now() - interval '1 hour' WHERE account_id = ?", p.ID).Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	wantCode(t, c, "POST", "/signature/documents/"+id+"/simple", nil, http.StatusForbidden, shared.CodeStepUpRequired)

	// A standard account signs nothing.
	s := e.Client()
	q := e.StandardIdentity(s, 8)
	wantCode(t, s, "POST", "/signature/documents/"+docs.put(q.ID, "x.pdf", contract)+"/simple", nil, http.StatusForbidden, signature.CodeLevel)
}

// The verification page needs no sign-in; with only the document's hash
// it verifies a SHA-256 signature, and it says what is missing.
func TestVerifyInputs(t *testing.T) {
	e, docs := start(t, nil)
	c := e.Client()
	p := e.ConfirmedIdentity(c, 9)
	k, cert := issue(t, c)
	r := signDocument(t, c, k, cert.Serial, docs.put(p.ID, "a.pdf", contract))
	var p7s []byte
	c.MustOK("GET", "/signature/signatures/"+r.ID+"/p7s", nil, &p7s)

	anon := e.Client()
	var v signature.Verification
	anon.MustOK("POST", "/signature/verify", portaltest.Multipart(map[string][]byte{"signature": p7s},
		map[string]string{"documentSha256": r.DocumentSHA256}), &v)
	if v.Status != signature.StatusValid {
		t.Fatalf("by hash: %+v", v)
	}
	status, err := anon.Do("POST", "/signature/verify", portaltest.Multipart(map[string][]byte{"document": contract}, nil), nil)
	if status != http.StatusUnprocessableEntity || err.Fields["signature"].Code != shared.CodeRequired {
		t.Fatalf("without a signature: %d %+v", status, err)
	}
	wantCode(t, anon, "POST", "/signature/verify", portaltest.Multipart(map[string][]byte{"document": contract, "signature": []byte("not a signature")}, nil),
		http.StatusUnprocessableEntity, signature.CodeMalformed)
}
