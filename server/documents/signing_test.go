package documents_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"net/http"
	"slices"
	"testing"
	"time"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	shareddocs "kabinet/shared/documents"
	sharedsig "kabinet/shared/signature"
)

// cabinetKey is a «Ключ Кабинета» as WebCrypto makes it in the browser
// (ECDSA P-256, raw r‖s signatures), with the certificate the portal's CA
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

// newKey makes a key in c's (confirmed, stepped-up) account and has the
// portal's CA certify it.
func newKey(t *testing.T, c *portaltest.Client) cabinetKey {
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
	var cert sharedsig.Certificate
	c.MustOK("POST", "/me/signature/certificates", sharedsig.CertificateRequest{PublicKey: spki,
		Proof: k.sign(t, sharedsig.KeyProofMessage(spki)), Device: "Тестовый браузер"}, &cert)
	k.serial = cert.Serial
	return k
}

// signWith signs the document with the key: prepare, the key signs the
// attributes, complete.
func signWith(t *testing.T, c *portaltest.Client, k cabinetKey, id string) {
	t.Helper()
	var p sharedsig.Prepared
	c.MustOK("POST", "/signature/documents/"+id+"/prepare", sharedsig.PrepareRequest{Serial: k.serial}, &p)
	c.MustOK("POST", "/signature/requests/"+p.ID+"/complete", sharedsig.CompleteRequest{Signature: k.sign(t, p.SignedAttributes)}, nil)
}

// signedUpload uploads a file and signs it with the key: what a sending
// to the tax agency needs.
func signedUpload(t *testing.T, c *portaltest.Client, k cabinetKey, name string, body []byte) shareddocs.Document {
	t.Helper()
	doc := upload(t, c, name, body)
	signWith(t, c, k, doc.ID)
	return doc
}

// A signed document shows its signature on the card and in the list, and
// is kept: deleting it is refused with the reason. An agency takes only
// the kinds of signature it accepts: a ПЭП is refused by the tax agency
// and taken by Росстат.
func TestSignaturesOfDocuments(t *testing.T) {
	d := newDesk(t)
	doc := signedUpload(t, d.ivan, d.ivanKey, "Декларация.xml", xmlFile())
	var card shareddocs.Card
	d.ivan.MustOK("GET", "/documents/"+doc.ID, nil, &card)
	if card.Status != shareddocs.StatusSigned || len(card.Signatures) != 1 || !card.Signatures[0].Valid ||
		card.Signatures[0].Kind != shareddocs.SignatureKey || card.Signatures[0].Signer != "Соколова Вера Андреевна" {
		t.Fatalf("card %+v", card)
	}
	var l shareddocs.DocumentList
	d.ivan.MustOK("GET", "/documents?status=signed", nil, &l)
	if len(l.Items) != 1 || l.Items[0].ID != doc.ID {
		t.Fatalf("signed documents %+v", l.Items)
	}
	if status, apiErr := d.ivan.Do("DELETE", "/documents/"+doc.ID, nil, nil); status != http.StatusConflict || apiErr.Code != shareddocs.CodeSigned {
		t.Fatalf("delete a signed document: %d %+v", status, apiErr)
	}

	report := upload(t, d.ivan, "Отчёт.pdf", pdfFile())
	var sig sharedsig.Record
	d.ivan.MustOK("POST", "/signature/documents/"+report.ID+"/simple", nil, &sig)
	status, apiErr := d.ivan.Do("POST", "/documents/sendings", shareddocs.SendRequest{Agency: "fns", Request: "declaration",
		Documents: []string{report.ID}}, nil)
	if status != 422 || apiErr.Code != shareddocs.CodeNotSigned || !slices.Contains(apiErr.Args, "Отчёт.pdf") {
		t.Fatalf("a ПЭП to the tax agency: %d %+v", status, apiErr)
	}
	var s shareddocs.Sending
	d.ivan.MustOK("POST", "/documents/sendings", shareddocs.SendRequest{Agency: "rosstat", Request: "report",
		Documents: []string{report.ID}}, &s)
	if s.Status != shareddocs.SendingSent {
		t.Fatalf("to Росстат: %+v", s)
	}
	unsigned := upload(t, d.ivan, "Без подписи.png", pngFile(t))
	if status, apiErr := d.ivan.Do("POST", "/documents/sendings", shareddocs.SendRequest{Agency: "rosstat", Request: "report",
		Documents: []string{unsigned.ID}}, nil); status != 422 || apiErr.Code != shareddocs.CodeNotSigned {
		t.Fatalf("an unsigned document: %d %+v", status, apiErr)
	}
	// The officer sees the signatures with the documents.
	sent := send(t, d.ivan, doc.ID)
	var open shareddocs.OfficeSending
	d.officer.MustOK("GET", "/office/documents/"+sent.ID, nil, &open)
	if len(open.Documents) != 1 || len(open.Documents[0].Signatures) != 1 || !open.Documents[0].Signatures[0].Valid {
		t.Fatalf("at the desk %+v", open.Documents)
	}
}

// A simple signature racing the deletion of its document (two tabs): the
// signature waits on the document's row and then answers not found, not
// a bare 500.
func TestASignatureRacingADeleteIsNotFound(t *testing.T) {
	d := newDesk(t)
	doc := upload(t, d.ivan, "Черновик.pdf", pdfFile())
	d.ivan.StepUp(d.ivanWho)
	ctx := context.Background()
	tx, err := d.e.DB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM documents WHERE id = ?", doc.ID); err != nil { // what Delete does, uncommitted
		t.Fatal(err)
	}
	done := make(chan *shared.Error, 1)
	go func() {
		_, apiErr := d.ivan.Do("POST", "/signature/documents/"+doc.ID+"/simple", nil, nil)
		done <- apiErr
	}()
	// Until the signature waits for the deleted row's lock.
	deadline := time.Now().Add(15 * time.Second)
	for waiting := false; !waiting; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the signature never waited for the document's row")
		}
		if err := d.e.DB.NewRaw("SELECT count(*) > 0 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").
			Scan(ctx, &waiting); err != nil {
			t.Fatal(err)
		}
		select {
		case apiErr := <-done:
			t.Fatalf("the signature answered before it waited: %+v", apiErr)
		default:
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if apiErr := <-done; apiErr == nil || apiErr.Code != shared.CodeNotFound {
		t.Fatalf("a signature racing a delete: %+v", apiErr)
	}
}
