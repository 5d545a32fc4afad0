package ip_test

import (
	"bytes"
	"image"
	"image/png"
	"net/http"
	"testing"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	"kabinet/shared/documents"
	sharedip "kabinet/shared/ip"
)

// pngScan is a small PNG, different for each n (the document layer
// stores the same bytes once).
func pngScan(t *testing.T, n int) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 2, 2))
	img.Pix[0] = byte(n)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// upload stores body as one of p's documents.
func upload(t *testing.T, p *portaltest.Person, name string, body []byte) documents.Document {
	t.Helper()
	status, err, d := p.Upload(name, bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("upload %s: %d %+v", name, status, err)
	}
	return d
}

// The passport scan of Р21001 is one of the filer's own documents of a
// scan's type; the registry officer downloads it from the desk, a
// person cannot.
func TestPassportScanFromMyDocuments(t *testing.T) {
	e := portaltest.StartIP(t)
	olga, other := e.ConfirmedPerson(1), e.ConfirmedPerson(2)
	scan := pngScan(t, 1)
	own := upload(t, olga, "паспорт.png", scan)
	xml := upload(t, olga, "анкета.xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><a>1</a>`))
	foreign := upload(t, other, "чужой.png", pngScan(t, 2))

	f := draft(t, olga, sharedip.FormRegistration)
	answers := registration(t, olga)
	for _, c := range []struct {
		name, doc string
		code      shared.Code
	}{
		{"another person's document", foreign.ID, shared.CodeNotFound},
		{"no such document", "00000000-0000-4000-8000-000000000000", shared.CodeNotFound},
		{"not a uuid", "../../etc", shared.CodeNotFound},
		{"an XML", xml.ID, sharedip.CodeScanType},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := answers
			a.PassportScan = c.doc
			status, err := olga.Do("PUT", "/ip/filings/"+f.ID+"/draft", sharedip.DraftRequest{Step: 2, Answers: raw(a)}, nil)
			if status != http.StatusUnprocessableEntity || fields(err)["passportScan"] != c.code {
				t.Fatalf("%d %+v, want passportScan %s", status, err, c.code)
			}
		})
	}
	answers.PassportScan = own.ID
	olga.MustOK("PUT", "/ip/filings/"+f.ID+"/draft", sharedip.DraftRequest{Step: 6, Answers: raw(answers)}, nil)
	e.SetStepUp(olga, 0)
	olga.MustOK("POST", "/ip/filings/"+f.ID+"/submit", nil, &f)

	officer := e.Staff(3, shared.RoleRegistryOfficer)
	status, hdr, body := officer.Download("/office/ip/filings/" + f.ID + "/passport-scan")
	if status != http.StatusOK || !bytes.Equal(body, scan) || hdr.Get("Content-Type") != "image/png" {
		t.Fatalf("the officer's download: %d %q, %d bytes", status, hdr.Get("Content-Type"), len(body))
	}
	if status, _, _ := olga.Download("/office/ip/filings/" + f.ID + "/passport-scan"); status != http.StatusForbidden {
		t.Errorf("a person on the desk's download: %d", status)
	}
	// The document layer's own routes stay the owner's.
	if status, _, _ := officer.Download("/documents/" + own.ID + "/content"); status != http.StatusNotFound {
		t.Errorf("the officer on the owner's route: %d", status)
	}
	// A filing that attaches no scan (the demo's Р24001) has none.
	var q sharedip.Queue
	officer.MustOK("GET", "/office/ip/filings?form="+sharedip.FormChange, nil, &q)
	if len(q.Items) == 0 {
		t.Fatal("no Р24001 in the queue")
	}
	if status, _, _ := officer.Download("/office/ip/filings/" + q.Items[0].ID + "/passport-scan"); status != http.StatusNotFound {
		t.Errorf("no scan: %d", status)
	}
}

// A document a filing refers to stays while the filing is kept: its
// owner cannot delete the passport scan of a submitted Р21001; a draft
// holds nothing, and a document no filing names is deleted as before.
func TestFilingHoldsItsDocuments(t *testing.T) {
	e := portaltest.StartIP(t)
	olga := e.ConfirmedPerson(1)
	scan := upload(t, olga, "паспорт.png", pngScan(t, 1))
	spare := upload(t, olga, "второй.png", pngScan(t, 2))

	f := draft(t, olga, sharedip.FormRegistration)
	answers := registration(t, olga)
	answers.PassportScan = spare.ID
	olga.MustOK("PUT", "/ip/filings/"+f.ID+"/draft", sharedip.DraftRequest{Step: 6, Answers: raw(answers)}, nil)
	// The draft does not hold its scan: deleted, the draft must name
	// another before it is submitted.
	olga.MustOK("DELETE", "/documents/"+spare.ID, nil, nil)

	answers.PassportScan = scan.ID
	olga.MustOK("PUT", "/ip/filings/"+f.ID+"/draft", sharedip.DraftRequest{Step: 6, Answers: raw(answers)}, nil)
	e.SetStepUp(olga, 0)
	olga.MustOK("POST", "/ip/filings/"+f.ID+"/submit", nil, &f)
	status, err := olga.Do("DELETE", "/documents/"+scan.ID, nil, nil)
	wantCode(t, "the submitted filing's scan", status, err, http.StatusConflict, documents.CodeInUse)
	var d documents.Card
	olga.MustOK("GET", "/documents/"+scan.ID, nil, &d)
}
