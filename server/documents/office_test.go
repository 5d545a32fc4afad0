package documents_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	shareddocs "kabinet/shared/documents"
)

// Another agency's officer finds nothing of a sending to the tax agency —
// not in the queue, not opened, not its files, no decision on it — and a
// person who is not staff is refused the desk.
func TestAnotherAgencysDeskSeesNothing(t *testing.T) {
	d := newDesk(t)
	decl := signedUpload(t, d.ivan, d.ivanKey, "Декларация.xml", xmlFile())
	other := upload(t, d.ivan, "Другое.pdf", pdfFile())
	s := send(t, d.ivan, decl.ID)

	stats, _ := person(d.e, 3, "Зайцева")
	grant(t, d.e, d.accountID(stats), shared.RoleOfficerRosstat)
	var q shareddocs.Queue
	stats.MustOK("GET", "/office/documents", nil, &q)
	if len(q.Items) != 0 {
		t.Fatalf("the statistics officer's queue %+v", q.Items)
	}
	for _, r := range [][2]string{
		{"GET", "/office/documents/" + s.ID},
		{"GET", "/office/documents/" + s.ID + "/documents/" + decl.ID + "/content"},
		{"POST", "/office/documents/" + s.ID + "/accept"},
		{"POST", "/office/documents/" + s.ID + "/reject"},
		{"POST", "/office/documents/" + s.ID + "/additions"},
	} {
		var raw []byte
		status, apiErr := stats.Do(r[0], r[1], shareddocs.DecisionRequest{Reason: "нет"}, &raw)
		if status != http.StatusNotFound || apiErr == nil || apiErr.Code != shared.CodeNotFound {
			t.Errorf("%s %s: %d %+v %q", r[0], r[1], status, apiErr, raw)
		}
	}
	// The tax officer reaches only the files of the sending itself.
	if status, _, _ := d.officer.Download("/office/documents/" + s.ID + "/documents/" + other.ID + "/content"); status != http.StatusNotFound {
		t.Errorf("a document outside the sending: %d", status)
	}
	if got := statusOf(t, d.ivan, s.ID); got.Status == shareddocs.SendingAccepted || got.Status == shareddocs.SendingRejected {
		t.Fatalf("another agency decided: %s", got.Status)
	}
	for _, path := range []string{"/office/documents", "/office/documents/" + s.ID} {
		if status, apiErr := d.ivan.Do("GET", path, nil, nil); status != http.StatusForbidden || apiErr.Code != shared.CodeForbidden {
			t.Errorf("a person at the desk, %s: %d %+v", path, status, apiErr)
		}
	}
	// The queue filters by agency, category and status.
	for _, tc := range []struct {
		query string
		n     int
	}{{"", 1}, {"?agency=fns", 1}, {"?agency=rosstat", 0}, {"?category=statistics", 0}, {"?status=accepted", 0}} {
		d.officer.MustOK("GET", "/office/documents"+tc.query, nil, &q)
		if len(q.Items) != tc.n {
			t.Errorf("queue%s: %d items, want %d", tc.query, len(q.Items), tc.n)
		}
	}
	if status, apiErr := d.officer.Do("GET", "/office/documents?status=lost", nil, nil); status != 422 || apiErr.Fields["status"].Code != shared.CodeBadFormat {
		t.Errorf("a bad status: %d %+v", status, apiErr)
	}
}

// The officer answers a sending with a decision that arrives in the
// person's «Входящие», unread until opened or downloaded, and can send a
// certificate to a person by ИНН. The officer sends only the agency's own
// uploads, only for the agency served.
func TestIncomingFromTheDesk(t *testing.T) {
	d := newDesk(t)
	s := send(t, d.ivan, signedUpload(t, d.ivan, d.ivanKey, "Декларация.xml", xmlFile()).ID)
	decision := upload(t, d.officer, "Решение.pdf", pdfFile())

	var created struct{ ID string }
	d.officer.MustOK("POST", "/office/documents/incoming", shareddocs.IncomingRequest{Agency: "fns", SendingID: s.ID,
		Document: decision.ID, Kind: shareddocs.KindDecision, Title: "Решение о принятии декларации"}, &created)
	var in shareddocs.IncomingList
	d.ivan.MustOK("GET", "/documents/incoming", nil, &in)
	if in.Unread != 1 || len(in.Items) != 1 || in.Items[0].ID != created.ID || in.Items[0].SendingNumber != s.Number ||
		in.Items[0].Read || in.Items[0].Type != shareddocs.TypePDF || in.Items[0].SHA256 != decision.SHA256 {
		t.Fatalf("incoming %+v", in)
	}
	// The sending's «доставлено» comes from the job queue, before or after.
	if got := inbox(t, d.ivan); !slices.Contains(got, "msg.documents.incoming") {
		t.Fatalf("inbox %v", got)
	}
	if status, apiErr := d.anna.Do("GET", "/documents/incoming/"+created.ID, nil, nil); status != http.StatusNotFound || apiErr.Code != shared.CodeNotFound {
		t.Fatalf("anna opens ivan's incoming: %d %+v", status, apiErr)
	}
	if status, _, _ := d.anna.Download("/documents/incoming/" + created.ID + "/content"); status != http.StatusNotFound {
		t.Fatalf("anna downloads ivan's incoming: %d", status)
	}
	status, hdr, body := d.ivan.Download("/documents/incoming/" + created.ID + "/content")
	if status != http.StatusOK || string(body) != string(pdfFile()) || hdr.Get("Content-Type") != "application/pdf" {
		t.Fatalf("download: %d %v", status, hdr)
	}
	d.ivan.MustOK("GET", "/documents/incoming", nil, &in)
	if in.Unread != 0 || !in.Items[0].Read {
		t.Fatalf("after the download %+v", in)
	}
	// The officer's file may go; the person's copy stays.
	d.officer.MustOK("DELETE", "/documents/"+decision.ID, nil, nil)
	if status, _, body := d.ivan.Download("/documents/incoming/" + created.ID + "/content"); status != http.StatusOK || string(body) != string(pdfFile()) {
		t.Fatalf("after the officer deleted the file: %d", status)
	}
	var actor string
	if err := d.e.DB.NewRaw("SELECT actor_id::text FROM journal WHERE account_id = ? AND kind = 'documents.incoming'", d.ivanID).
		Scan(context.Background(), &actor); err != nil || actor != d.officerID {
		t.Fatalf("the journal's actor %q (%v)", actor, err)
	}

	t.Run("by ИНН", func(t *testing.T) {
		demo := d.e.Client()
		demo.SignInDemo("+7 900 000-00-01")
		demo.AddApp()
		cert := upload(t, d.officer, "Справка.pdf", append(pdfFile(), '\n'))
		d.officer.MustOK("POST", "/office/documents/incoming", shareddocs.IncomingRequest{Agency: "fns", INN: "123456789047",
			Document: cert.ID, Kind: shareddocs.KindCertificate, Title: "Справка об исполнении обязанности"}, nil)
		var l shareddocs.IncomingList
		demo.MustOK("GET", "/documents/incoming", nil, &l)
		if len(l.Items) != 1 || l.Items[0].Kind != shareddocs.KindCertificate || l.Items[0].SendingID != "" {
			t.Fatalf("demo's incoming %+v", l)
		}
		demo.MustOK("POST", "/documents/incoming/"+l.Items[0].ID+"/read", nil, nil)
		demo.MustOK("GET", "/documents/incoming", nil, &l)
		if l.Unread != 0 {
			t.Fatalf("marked read, still %d unread", l.Unread)
		}
	})

	t.Run("refused", func(t *testing.T) {
		mine := upload(t, d.officer, "Письмо.pdf", append(pdfFile(), ' ', '\n'))
		ivans := upload(t, d.ivan, "Моё.png", pngFile(t))
		// Ten digits are an organisation's ИНН and a phone number too: the
		// document must not reach the person with phone +7 900 555-00-04.
		phoneOwner, _ := person(d.e, 4, "Петрова")
		// An ИНН typed into a profile at the standard level: nobody
		// checked that it is the typist's.
		claimant := d.e.Client()
		claimed := d.e.StandardIdentity(claimant, 41)
		tests := []struct {
			name   string
			req    shareddocs.IncomingRequest
			status int
			code   shared.Code
			field  string
		}{
			{"another agency", shareddocs.IncomingRequest{Agency: "rosstat", SendingID: s.ID, Document: mine.ID, Kind: "decision", Title: "x"}, 403, shared.CodeForbidden, ""},
			{"a document not the officer's", shareddocs.IncomingRequest{Agency: "fns", SendingID: s.ID, Document: ivans.ID, Kind: "decision", Title: "x"}, 422, shared.CodeInvalidInput, "document"},
			{"unknown ИНН", shareddocs.IncomingRequest{Agency: "fns", INN: "500100732259", Document: mine.ID, Kind: "notice", Title: "x"}, 422, shared.CodeInvalidInput, "inn"},
			{"bad ИНН", shareddocs.IncomingRequest{Agency: "fns", INN: "500100732250", Document: mine.ID, Kind: "notice", Title: "x"}, 422, shared.CodeInvalidInput, "inn"},
			{"an organisation's ИНН, a phone's digits", shareddocs.IncomingRequest{Agency: "fns", INN: "9005550004", Document: mine.ID, Kind: "notice", Title: "x"}, 422, shared.CodeInvalidInput, "inn"},
			{"an unconfirmed account's ИНН", shareddocs.IncomingRequest{Agency: "fns", INN: claimed.INN, Document: mine.ID, Kind: "notice", Title: "x"}, 422, shared.CodeInvalidInput, "inn"},
			{"unknown kind", shareddocs.IncomingRequest{Agency: "fns", SendingID: s.ID, Document: mine.ID, Kind: "letter", Title: "x"}, 422, shared.CodeInvalidInput, "kind"},
			{"no title", shareddocs.IncomingRequest{Agency: "fns", SendingID: s.ID, Document: mine.ID, Kind: "notice"}, 422, shared.CodeInvalidInput, "title"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				status, apiErr := d.officer.Do("POST", "/office/documents/incoming", tt.req, nil)
				if status != tt.status || apiErr == nil || apiErr.Code != tt.code {
					t.Fatalf("got %d %+v, want %d %s", status, apiErr, tt.status, tt.code)
				}
				if _, ok := apiErr.Fields[tt.field]; tt.field != "" && !ok {
					t.Fatalf("no error on %s: %+v", tt.field, apiErr)
				}
			})
		}
		for name, c := range map[string]*portaltest.Client{"the phone's owner": phoneOwner, "the claimant": claimant} {
			var l shareddocs.IncomingList
			c.MustOK("GET", "/documents/incoming", nil, &l)
			if len(l.Items) != 0 {
				t.Errorf("%s received %+v", name, l.Items)
			}
		}
	})
}

// An officer who sends a document as a person does not decide the
// sending at the desk: another officer of the agency does.
func TestAnOfficerDoesNotDecideTheirOwnSending(t *testing.T) {
	d := newDesk(t)
	grant(t, d.e, d.ivanID, shared.RoleOfficerFNS)
	s := send(t, d.ivan, signedUpload(t, d.ivan, d.ivanKey, "Декларация.xml", xmlFile()).ID)
	eventually(t, "delivered", func() bool { return statusOf(t, d.ivan, s.ID).Status == shareddocs.SendingDelivered })

	for _, step := range []string{"accept", "reject", "additions"} {
		status, apiErr := d.ivan.Do("POST", "/office/documents/"+s.ID+"/"+step, shareddocs.DecisionRequest{Reason: "Своё"}, nil)
		if status != http.StatusForbidden || apiErr == nil || apiErr.Code != shared.CodeOwnCase {
			t.Errorf("his own sending, %s: %d %+v", step, status, apiErr)
		}
	}
	if got := statusOf(t, d.ivan, s.ID); got.Status != shareddocs.SendingDelivered || timeline(got) != "sent → delivered" {
		t.Fatalf("after his own decisions: %s (%s)", got.Status, timeline(got))
	}
	d.officer.MustOK("POST", "/office/documents/"+s.ID+"/accept", nil, nil)
}
