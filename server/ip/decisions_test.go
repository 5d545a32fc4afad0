package ip_test

import (
	"bytes"
	"net/http"
	"testing"

	"kabinet/server/ip"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	"kabinet/shared/documents"
	sharedip "kabinet/shared/ip"
)

// incoming is p's «Входящие» of the document layer.
func incoming(t *testing.T, p *portaltest.Person) documents.IncomingList {
	t.Helper()
	var l documents.IncomingList
	p.MustOK("GET", "/documents/incoming", nil, &l)
	return l
}

// The registry's decisions arrive in the person's «Входящие» as the
// registry's documents: the record sheet of a registration and the
// refusal, the same PDF as the issued one that the verification page
// confirms; nobody else sees them.
func TestDecisionsArriveInIncoming(t *testing.T) {
	e := portaltest.StartIP(t)
	olga, pavel := e.ConfirmedPerson(1), e.ConfirmedPerson(2)
	officer := e.Staff(3, shared.RoleRegistryOfficer)
	cases := []struct {
		name   string
		p      *portaltest.Person
		decide func(f sharedip.Filing)
		kind   string
	}{
		{"registered", olga, func(f sharedip.Filing) { officer.MustOK("POST", "/office/ip/filings/"+f.ID+"/register", nil, nil) },
			documents.KindCertificate},
		{"refused", pavel, func(f sharedip.Filing) {
			officer.MustOK("POST", "/office/ip/filings/"+f.ID+"/refuse",
				sharedip.DecisionRequest{Reason: "unreliable_data", Text: "Адрес не существует"}, nil)
		}, documents.KindDecision},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := submitted(t, e, c.p)
			if l := incoming(t, c.p); len(l.Items) != 0 {
				t.Fatalf("before the decision: %+v", l)
			}
			c.decide(f)
			c.p.MustOK("GET", "/ip/filings/"+f.ID, nil, &f)
			issued := f.Timeline[len(f.Timeline)-1].Document
			l := incoming(t, c.p)
			if len(l.Items) != 1 || l.Unread != 1 {
				t.Fatalf("«Входящие» %+v", l)
			}
			in := l.Items[0]
			if in.Agency != ip.RegistryAgency || in.Kind != c.kind || in.Type != documents.TypePDF {
				t.Errorf("incoming %+v", in)
			}
			status, _, body := c.p.Download("/documents/incoming/" + in.ID + "/content")
			_, _, want := c.p.Download("/documents/issued/" + issued)
			if status != http.StatusOK || !bytes.HasPrefix(body, []byte("%PDF")) || !bytes.Equal(body, want) {
				t.Errorf("content: %d, %d bytes, the issued one %d bytes", status, len(body), len(want))
			}
		})
	}
	// Each sees only their own.
	if l := incoming(t, olga); len(l.Items) != 1 || l.Items[0].Kind != documents.KindCertificate {
		t.Errorf("Ольга's «Входящие» %+v", l)
	}
	status, err := pavel.Do("GET", "/documents/incoming/"+incoming(t, olga).Items[0].ID, nil, nil)
	wantCode(t, "another's incoming document", status, err, http.StatusNotFound, shared.CodeNotFound)
}
