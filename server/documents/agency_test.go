package documents_test

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/uptrace/bun"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	shareddocs "kabinet/shared/documents"
	sharedsig "kabinet/shared/signature"
)

// fnsName is the tax agency's name, as its certificate carries it.
const fnsName = "ФНС России — налоговая инспекция"

// A document the officer sends arrives signed by the agency: the portal
// signs it with the agency's key under a certificate of its own CA. The
// person sees the signature in «Входящие», exports it as a .p7s, and the
// public verification names the agency and holds it valid (openssl too);
// one byte changed and it does not hold. The signature is the incoming
// document's: the officer may still delete the upload it came from.
func TestIncomingCarriesTheAgencysSignature(t *testing.T) {
	d := newDesk(t)
	s := send(t, d.ivan, signedUpload(t, d.ivan, d.ivanKey, "Декларация.xml", xmlFile()).ID)
	decision := upload(t, d.officer, "Решение.pdf", pdfFile())
	var created struct{ ID string }
	d.officer.MustOK("POST", "/office/documents/incoming", shareddocs.IncomingRequest{Agency: "fns", SendingID: s.ID,
		Document: decision.ID, Kind: shareddocs.KindDecision, Title: "Решение о принятии декларации"}, &created)

	var in shareddocs.Incoming
	d.ivan.MustOK("GET", "/documents/incoming/"+created.ID, nil, &in)
	if len(in.Signatures) != 1 || in.Signatures[0].Kind != sharedsig.KindAgency || in.Signatures[0].Signer != fnsName || !in.Signatures[0].Valid {
		t.Fatalf("the incoming document's signatures: %+v", in.Signatures)
	}
	var second struct{ ID string }
	d.officer.MustOK("POST", "/office/documents/incoming", shareddocs.IncomingRequest{Agency: "fns", SendingID: s.ID,
		Document: decision.ID, Kind: shareddocs.KindDecision, Title: "Справка о состоянии расчётов"}, &second)
	// «Входящие» reads the signatures of all its rows in one query.
	q := &signatureQueries{}
	d.e.DB.AddQueryHook(q)
	var list shareddocs.IncomingList
	d.ivan.MustOK("GET", "/documents/incoming", nil, &list)
	q.off.Store(true)
	if n := q.n.Load(); n != 1 {
		t.Errorf("«Входящие» of %d rows read signatures in %d queries", len(list.Items), n)
	}
	sigs := map[string]string{}
	for _, it := range list.Items {
		if len(it.Signatures) != 1 || it.Signatures[0].Kind != sharedsig.KindAgency {
			t.Fatalf("the list's signatures of %s: %+v", it.ID, it.Signatures)
		}
		sigs[it.ID] = it.Signatures[0].ID
	}
	if len(list.Items) != 2 || sigs[created.ID] != in.Signatures[0].ID || sigs[second.ID] == "" || sigs[second.ID] == sigs[created.ID] {
		t.Fatalf("the list's signatures: %+v", list.Items)
	}
	sigID := in.Signatures[0].ID
	if status, _, _ := d.anna.Download("/signature/signatures/" + sigID + "/p7s"); status != http.StatusNotFound {
		t.Fatalf("anna exports ivan's incoming signature: %d", status)
	}
	status, hdr, p7s := d.ivan.Download("/signature/signatures/" + sigID + "/p7s")
	if status != http.StatusOK || len(p7s) == 0 {
		t.Fatalf("export: %d %v", status, hdr)
	}

	// The officer's upload may go: the signature is the incoming document's.
	d.officer.MustOK("DELETE", "/documents/"+decision.ID, nil, nil)

	anyone := d.e.Client()
	var v sharedsig.Verification
	anyone.MustOK("POST", "/signature/verify", portaltest.Multipart(map[string][]byte{"signature": p7s, "document": pdfFile()}, nil), &v)
	if v.Status != sharedsig.StatusValid || len(v.Signers) != 1 || v.Signers[0].Signer.Name != fnsName ||
		v.Signers[0].Signer.Organization != fnsName || v.Record == nil || v.Record.Kind != sharedsig.KindAgency ||
		v.Record.IncomingID != "" || !v.Record.Sealed { // a stranger reads no portal ids
		t.Fatalf("verification: %+v", v)
	}
	changed := append(pdfFile(), '%')
	anyone.MustOK("POST", "/signature/verify", portaltest.Multipart(map[string][]byte{"signature": p7s, "document": changed}, nil), &v)
	if v.Status != sharedsig.StatusDocumentChanged {
		t.Fatalf("a changed document: %s", v.Status)
	}
	var st sharedsig.CertificateStatus
	anyone.MustOK("GET", "/signature/certificates/"+v.Signers[0].Serial+"/status", nil, &st)
	if st.Status != sharedsig.CertGood {
		t.Fatalf("the agency's certificate: %+v", st)
	}
	var holder string
	if err := d.e.DB.NewRaw("SELECT agency FROM signature_certificates WHERE serial = ?", v.Signers[0].Serial).
		Scan(context.Background(), &holder); err != nil || holder != "fns" {
		t.Fatalf("the certificate's holder %q (%v)", holder, err)
	}

	t.Run("openssl", func(t *testing.T) {
		path, err := exec.LookPath("openssl")
		if err != nil {
			t.Skip("openssl is missing")
		}
		dir := t.TempDir()
		_, _, ca := anyone.Download("/signature/ca")
		files := map[string][]byte{"ca.pem": ca, "doc.p7s": p7s, "doc": pdfFile(), "bad": changed}
		for name, b := range files {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		verify := func(doc string) ([]byte, error) {
			return exec.Command(path, "cms", "-verify", "-binary", "-inform", "DER", "-in", filepath.Join(dir, "doc.p7s"),
				"-content", filepath.Join(dir, doc), "-CAfile", filepath.Join(dir, "ca.pem"), "-out", os.DevNull).CombinedOutput()
		}
		if out, err := verify("doc"); err != nil {
			t.Fatalf("openssl refuses the agency's signature: %v\n%s", err, out)
		}
		if out, err := verify("bad"); err == nil {
			t.Fatalf("openssl accepts the agency's signature of a changed document:\n%s", out)
		}
	})

	t.Run("another person's", func(t *testing.T) {
		if status, apiErr := d.anna.Do("GET", "/documents/incoming/"+created.ID, nil, nil); status != http.StatusNotFound || apiErr.Code != shared.CodeNotFound {
			t.Fatalf("anna: %d %+v", status, apiErr)
		}
	})
}

// signatureQueries counts the queries that read document_signatures
// until off is set.
type signatureQueries struct {
	n   atomic.Int32
	off atomic.Bool
}

func (q *signatureQueries) BeforeQuery(ctx context.Context, e *bun.QueryEvent) context.Context {
	if !q.off.Load() && strings.Contains(e.Query, "document_signatures") {
		q.n.Add(1)
	}
	return ctx
}

func (q *signatureQueries) AfterQuery(context.Context, *bun.QueryEvent) {}
