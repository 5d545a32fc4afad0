package signature_test

import (
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/smallstep/pkcs7"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	"kabinet/shared/signature"
)

// signatures is how many signatures document id holds, as its owner c
// lists them.
func signatures(t *testing.T, c *portaltest.Client, id string) int {
	t.Helper()
	var l signature.RecordList
	c.MustOK("GET", "/signature/documents/"+id+"/signatures", nil, &l)
	return len(l.Items)
}

// signSimple signs document id with a ПЭП n times.
func signSimple(t *testing.T, c *portaltest.Client, id string, n int) {
	t.Helper()
	for range n {
		c.MustOK("POST", "/signature/documents/"+id+"/simple", nil, nil)
	}
}

// A document holds at most MaxDocumentSignatures signatures of any kind:
// beyond them an external signature (a CMS of up to 256 KB kept each
// time) and a ПЭП are refused, a CMS whose signers would pass the bound
// is refused whole, and another document of the person still signs.
func TestADocumentHoldsBoundedSignatures(t *testing.T) {
	ca := newTestCA(t, "Тестовый удостоверяющий центр")
	e, docs := start(t, trusting(t, ca))
	c := e.Client()
	p := e.ConfirmedIdentity(c, 14)
	id := docs.put(p.ID, "Договор.pdf", contract)
	now := time.Now()
	orlov := ca.issue("Орлов Пётр Ильич", "11223344595", "500100732259", now.Add(-time.Hour), now.Add(time.Hour))
	volkova := ca.issue("Волкова Анна Сергеевна", "08765430300", "", now.Add(-time.Hour), now.Add(time.Hour))
	external := func(sig []byte) (int, *shared.Error) {
		return c.Do("POST", "/signature/documents/"+id+"/external", portaltest.Multipart(map[string][]byte{"signature": sig}, nil), nil)
	}
	const most = signature.MaxDocumentSignatures

	signSimple(t, c, id, most-1)
	// Two signers with one place left: neither is kept.
	status, err := external(signedByBoth(t, orlov, volkova, contract))
	if status != http.StatusConflict || err == nil || err.Code != signature.CodeTooManySignatures {
		t.Fatalf("two signers into the last place: %d %+v", status, err)
	}
	if n := signatures(t, c, id); n != most-1 {
		t.Fatalf("after a refused CMS of two signers the document holds %d, want %d", n, most-1)
	}
	if status, err := external(opensslSign(t, orlov, contract, false)); status != http.StatusCreated {
		t.Fatalf("the last place: %d %+v", status, err)
	}
	status, err = external(opensslSign(t, volkova, contract, false))
	if status != http.StatusConflict || err == nil || err.Code != signature.CodeTooManySignatures ||
		len(err.Args) != 1 || err.Args[0] != strconv.Itoa(most) {
		t.Fatalf("an external signature beyond %d: %d %+v", most, status, err)
	}
	wantCode(t, c, "POST", "/signature/documents/"+id+"/simple", nil, http.StatusConflict, signature.CodeTooManySignatures)
	if n := signatures(t, c, id); n != most {
		t.Fatalf("the document holds %d signatures, want %d", n, most)
	}
	signSimple(t, c, docs.put(p.ID, "Акт.pdf", changed(contract)), 1)
}

// Signatures asked at once (tabs, a script) do not pass the bound
// together: of sixteen at once with eight places left, eight are kept.
func TestSignaturesAtOnceKeepTheBound(t *testing.T) {
	e, docs := start(t, nil)
	c := e.Client()
	p := e.ConfirmedIdentity(c, 15)
	id := docs.put(p.ID, "Договор.pdf", contract)
	signSimple(t, c, id, signature.MaxDocumentSignatures-8)

	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() { _, _ = c.Do("POST", "/signature/documents/"+id+"/simple", nil, nil) })
	}
	wg.Wait()
	if n := signatures(t, c, id); n != signature.MaxDocumentSignatures {
		t.Fatalf("%d signatures after sixteen at once with eight places left, want %d", n, signature.MaxDocumentSignatures)
	}
}

// signedByBoth is one detached CMS of content with two signers.
func signedByBoth(t *testing.T, a, b leaf, content []byte) []byte {
	t.Helper()
	sd, err := pkcs7.NewSignedData(content)
	if err != nil {
		t.Fatal(err)
	}
	sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA256)
	for _, l := range []leaf{a, b} {
		if err := sd.AddSigner(l.cert, l.key, pkcs7.SignerInfoConfig{}); err != nil {
			t.Fatal(err)
		}
	}
	sd.Detach()
	der, err := sd.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return der
}
