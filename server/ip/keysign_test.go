package ip_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"net/http"
	"testing"
	"time"

	"kabinet/server/ip"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	"kabinet/shared/documents"
	sharedip "kabinet/shared/ip"
	sharedsig "kabinet/shared/signature"
)

// cabinetKey is a «Ключ Кабинета» as WebCrypto makes it (ECDSA P-256,
// raw r‖s signatures) with the serial of the certificate the portal's CA
// issued for it.
type cabinetKey struct {
	*ecdsa.PrivateKey
	serial string
}

func (k cabinetKey) sign(t *testing.T, message []byte) []byte {
	t.Helper()
	h := sha256.Sum256(message)
	r, s, err := ecdsa.Sign(rand.Reader, k.PrivateKey, h[:])
	if err != nil {
		t.Fatal(err)
	}
	out := make([]byte, 64)
	r.FillBytes(out[:32])
	s.FillBytes(out[32:])
	return out
}

// newKey has the portal's CA certify a new key of p (a fresh step-up).
func newKey(t *testing.T, e *portaltest.Env, p *portaltest.Person) cabinetKey {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k := cabinetKey{PrivateKey: priv}
	spki, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	// The CA names the person by СНИЛС.
	if _, err := e.DB.ExecContext(context.Background(), "UPDATE accounts SET snils = ? WHERE id = ?", portaltest.ValidSNILS(7), p.ID); err != nil {
		t.Fatal(err)
	}
	e.SetStepUp(p, 0)
	var cert sharedsig.Certificate
	p.MustOK("POST", "/me/signature/certificates", sharedsig.CertificateRequest{PublicKey: spki,
		Proof: k.sign(t, sharedsig.KeyProofMessage(spki)), Device: "Тестовый браузер"}, &cert)
	k.serial = cert.Serial
	return k
}

// A filing signed with the «Ключ Кабинета»: its answers become an XML
// document of «Мои документы», signed through the signature layer; the
// submission names it, needs no fresh step-up, and is refused while the
// document is unsigned, another's, or not the answers as they are now.
// The registry's desk sees the method.
func TestFilingSignedWithKey(t *testing.T) {
	e := portaltest.StartIP(t)
	olga, other := e.ConfirmedPerson(1), e.ConfirmedPerson(2)
	k := newKey(t, e, olga)
	f := draft(t, olga, sharedip.FormRegistration)
	answers := registration(t, olga)
	olga.MustOK("PUT", "/ip/filings/"+f.ID+"/draft", sharedip.DraftRequest{Step: 7, Answers: raw(answers)}, nil)
	var doc documents.Document
	olga.MustOK("POST", "/ip/filings/"+f.ID+"/document", nil, &doc)
	if doc.Type != documents.TypeXML {
		t.Fatalf("the filing's document %+v", doc)
	}
	e.SetStepUp(olga, 10*time.Minute) // the key needs no fresh second factor
	submit := func(docID string) (int, *shared.Error) {
		return olga.Do("POST", "/ip/filings/"+f.ID+"/submit", sharedip.SubmitRequest{Document: docID}, nil)
	}
	status, err := submit(doc.ID)
	wantCode(t, "unsigned", status, err, http.StatusUnprocessableEntity, sharedip.CodeNotKeySigned)

	var p sharedsig.Prepared
	olga.MustOK("POST", "/signature/documents/"+doc.ID+"/prepare", sharedsig.PrepareRequest{Serial: k.serial}, &p)
	olga.MustOK("POST", "/signature/requests/"+p.ID+"/complete", sharedsig.CompleteRequest{Signature: k.sign(t, p.SignedAttributes)}, nil)

	theirs := upload(t, other, "заявление.png", pngScan(t, 9))
	status, err = submit(theirs.ID)
	if status != http.StatusUnprocessableEntity || fields(err)["document"] != shared.CodeNotFound {
		t.Fatalf("another's document: %d %+v", status, err)
	}
	status, err = submit(answers.PassportScan)
	wantCode(t, "a document that is not the answers", status, err, http.StatusUnprocessableEntity, sharedip.CodeSignedOther)
	changed := answers
	changed.Phone = "+79010000099"
	olga.MustOK("PUT", "/ip/filings/"+f.ID+"/draft", sharedip.DraftRequest{Step: 7, Answers: raw(changed)}, nil)
	status, err = submit(doc.ID)
	wantCode(t, "answers changed after signing", status, err, http.StatusUnprocessableEntity, sharedip.CodeSignedOther)

	olga.MustOK("PUT", "/ip/filings/"+f.ID+"/draft", sharedip.DraftRequest{Step: 7, Answers: raw(answers)}, nil)
	olga.MustOK("POST", "/ip/filings/"+f.ID+"/submit", sharedip.SubmitRequest{Document: doc.ID}, &f)
	if f.Status != sharedip.StatusSubmitted || f.Timeline[1].Method != ip.MethodKey {
		t.Fatalf("submitted %+v", f)
	}
	var at sharedip.OfficeFiling
	officer := e.Staff(3, shared.RoleRegistryOfficer)
	officer.MustOK("GET", "/office/ip/filings/"+f.ID, nil, &at)
	if at.Filing.Timeline[1].Method != ip.MethodKey {
		t.Errorf("at the desk %+v", at.Filing.Timeline)
	}
	// The desk checks the signature again each time it opens the filing:
	// a signature record changed after submission (its seal broken) no
	// longer passes.
	if at.KeyCheck == nil || !at.KeyCheck.Valid {
		t.Fatalf("the check on opening %+v", at.KeyCheck)
	}
	if _, err := e.DB.ExecContext(context.Background(),
		"UPDATE document_signatures SET signed_at = signed_at - interval '1 day' WHERE document_id = ?", doc.ID); err != nil {
		t.Fatal(err)
	}
	officer.MustOK("GET", "/office/ip/filings/"+f.ID, nil, &at)
	if at.KeyCheck == nil || at.KeyCheck.Valid {
		t.Errorf("a broken seal checked on opening %+v", at.KeyCheck)
	}
}
