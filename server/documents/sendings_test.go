package documents_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	shareddocs "kabinet/shared/documents"
)

// send sends the documents to the tax agency as a declaration.
func send(t *testing.T, c *portaltest.Client, ids ...string) shareddocs.Sending {
	t.Helper()
	var s shareddocs.Sending
	status, apiErr := c.Do("POST", "/documents/sendings", shareddocs.SendRequest{Agency: "fns", Request: "declaration",
		Note: "Декларация за 2025 год", Documents: ids}, &s)
	if apiErr != nil || status != http.StatusCreated {
		t.Fatalf("send: %d %+v", status, apiErr)
	}
	return s
}

func statusOf(t *testing.T, c *portaltest.Client, id string) shareddocs.Sending {
	t.Helper()
	var s shareddocs.Sending
	c.MustOK("GET", "/documents/sendings/"+id, nil, &s)
	return s
}

func timeline(s shareddocs.Sending) string {
	var st []string
	for _, e := range s.Events {
		st = append(st, e.Status)
	}
	return strings.Join(st, " → ")
}

// inbox is the person's notices of the documents category, oldest first.
func inbox(t *testing.T, c *portaltest.Client) []string {
	t.Helper()
	var in shared.Inbox
	c.MustOK("GET", "/notifications", nil, &in)
	var out []string
	for _, n := range slices.Backward(in.Items) {
		if n.Category == shared.NotifyDocuments {
			out = append(out, n.Message)
		}
	}
	return out
}

// The whole timeline: sent → delivered (by the job queue) → additions
// asked for → the person answers in the same sending with another file →
// sent → delivered → accepted; a decision closes it. Every step is in the
// person's inbox (and e-mail) and journal, the officer's as the actor.
func TestSendingTimeline(t *testing.T) {
	d := newDesk(t)
	decl := signedUpload(t, d.ivan, d.ivanKey, "Декларация.xml", xmlFile())
	s := send(t, d.ivan, decl.ID)
	if s.Number == "" || s.Status != shareddocs.SendingSent || s.AgencyName == "" || len(s.Documents) != 1 || s.Documents[0].ID != decl.ID {
		t.Fatalf("sent %+v", s)
	}
	eventually(t, "delivered", func() bool { return statusOf(t, d.ivan, s.ID).Status == shareddocs.SendingDelivered })

	// The officer's queue has it, with its age and the sender's name.
	var q shareddocs.Queue
	d.officer.MustOK("GET", "/office/documents?category=tax", nil, &q)
	if len(q.Items) != 1 || q.Items[0].ID != s.ID || q.Items[0].Person != "Соколова Вера Андреевна" || q.Items[0].AgeMinutes < 0 {
		t.Fatalf("queue %+v", q)
	}
	var open shareddocs.OfficeSending
	d.officer.MustOK("GET", "/office/documents/"+s.ID, nil, &open)
	if open.Number != s.Number || len(open.Documents) != 1 || timeline(open.Sending) != "sent → delivered" {
		t.Fatalf("opened %+v", open)
	}
	status, _, body := d.officer.Download("/office/documents/" + s.ID + "/documents/" + decl.ID + "/content")
	if status != http.StatusOK || string(body) != string(xmlFile()) {
		t.Fatalf("officer's download: %d %q", status, body)
	}

	// Additions need a reason; the person answers with another file.
	if status, apiErr := d.officer.Do("POST", "/office/documents/"+s.ID+"/additions", shareddocs.DecisionRequest{}, nil); status != 422 ||
		apiErr.Fields["reason"].Code != shared.CodeRequired {
		t.Fatalf("additions without a reason: %d %+v", status, apiErr)
	}
	d.officer.MustOK("POST", "/office/documents/"+s.ID+"/additions", shareddocs.DecisionRequest{Reason: "Приложите книгу учёта доходов"}, nil)
	if status, apiErr := d.officer.Do("POST", "/office/documents/"+s.ID+"/accept", nil, nil); status != http.StatusConflict ||
		apiErr.Code != shareddocs.CodeAwaitingAnswer {
		t.Fatalf("accept while waiting for the person: %d %+v", status, apiErr)
	}
	got := statusOf(t, d.ivan, s.ID)
	if got.Status != shareddocs.SendingAdditions || got.Events[2].Note != "Приложите книгу учёта доходов" {
		t.Fatalf("after additions %+v", got)
	}
	book := signedUpload(t, d.ivan, d.ivanKey, "Книга учёта.xlsx", xlsxFile(t))
	var answered shareddocs.Sending
	d.ivan.MustOK("POST", "/documents/sendings/"+s.ID+"/answer", shareddocs.AnswerRequest{Note: "Книга приложена", Documents: []string{book.ID}}, &answered)
	if answered.Status != shareddocs.SendingSent || len(answered.Documents) != 2 {
		t.Fatalf("answered %+v", answered)
	}
	if status, apiErr := d.ivan.Do("POST", "/documents/sendings/"+s.ID+"/answer", shareddocs.AnswerRequest{Documents: []string{book.ID}}, nil); status != http.StatusConflict ||
		apiErr.Code != shareddocs.CodeNotAwaiting {
		t.Fatalf("a second answer: %d %+v", status, apiErr)
	}
	eventually(t, "delivered again", func() bool { return statusOf(t, d.ivan, s.ID).Status == shareddocs.SendingDelivered })
	// An acceptance's note is bounded as a reason is.
	long := shareddocs.DecisionRequest{Reason: strings.Repeat("я", shareddocs.MaxNote+1)}
	if status, apiErr := d.officer.Do("POST", "/office/documents/"+s.ID+"/accept", long, nil); status != http.StatusUnprocessableEntity ||
		apiErr.Fields["reason"].Code != shared.CodeTooLong {
		t.Fatalf("an acceptance with a note of %d characters: %d %+v", shareddocs.MaxNote+1, status, apiErr)
	}
	d.officer.MustOK("POST", "/office/documents/"+s.ID+"/accept", nil, nil)
	for _, path := range []string{"/accept", "/reject", "/additions"} {
		status, apiErr := d.officer.Do("POST", "/office/documents/"+s.ID+path, shareddocs.DecisionRequest{Reason: "ещё раз"}, nil)
		if status != http.StatusConflict || apiErr.Code != shareddocs.CodeClosed {
			t.Fatalf("%s after the decision: %d %+v", path, status, apiErr)
		}
	}

	final := statusOf(t, d.ivan, s.ID)
	if want := "sent → delivered → additions → sent → delivered → accepted"; timeline(final) != want || final.Status != shareddocs.SendingAccepted {
		t.Fatalf("timeline %q, want %q", timeline(final), want)
	}
	want := []string{"msg.documents.sent", "msg.documents.delivered", "msg.documents.additions_requested", "msg.documents.answered",
		"msg.documents.delivered", "msg.documents.accepted"}
	if got := inbox(t, d.ivan); !slices.Equal(got, want) {
		t.Fatalf("inbox %v, want %v", got, want)
	}
	if mail := d.e.MessagesTo(d.ivanWho.Email); len(mail) == 0 || !strings.Contains(mail[0].Subject, s.Number) ||
		!strings.Contains(mail[0].Subject, "принято") {
		t.Fatalf("the newest e-mail: %+v", mail)
	}
	kinds := journal(t, d.e, d.ivanID)
	if want := "documents.uploaded,documents.sent,documents.delivered,documents.additions_requested,documents.uploaded," +
		"documents.answered,documents.delivered,documents.accepted"; strings.Join(kinds, ",") != want {
		t.Fatalf("journal %v, want %s", kinds, want)
	}
	var actor string
	if err := d.e.DB.NewRaw("SELECT actor_id::text FROM journal WHERE account_id = ? AND kind = 'documents.accepted'", d.ivanID).
		Scan(context.Background(), &actor); err != nil || actor != d.officerID {
		t.Fatalf("the acceptance's actor %q (%v), want the officer %s", actor, err, d.officerID)
	}

	// The card shows the sending and the history of both; a document that
	// was sent cannot be deleted.
	var card shareddocs.Card
	d.ivan.MustOK("GET", "/documents/"+decl.ID, nil, &card)
	if card.Status != shareddocs.StatusSent || len(card.Sendings) != 1 || card.Sendings[0].Status != shareddocs.SendingAccepted ||
		len(card.History) < 6 {
		t.Fatalf("card %+v", card)
	}
	if status, apiErr := d.ivan.Do("DELETE", "/documents/"+decl.ID, nil, nil); status != http.StatusConflict || apiErr.Code != shareddocs.CodeSent {
		t.Fatalf("delete a sent document: %d %+v", status, apiErr)
	}
}

// A rejection carries its reason to the person and closes the sending.
func TestRejectionTellsTheReason(t *testing.T) {
	d := newDesk(t)
	s := send(t, d.ivan, signedUpload(t, d.ivan, d.ivanKey, "a.pdf", pdfFile()).ID)
	d.officer.MustOK("POST", "/office/documents/"+s.ID+"/reject", shareddocs.DecisionRequest{Reason: "Декларация подписана не тем лицом"}, nil)
	if got := statusOf(t, d.ivan, s.ID); got.Status != shareddocs.SendingRejected {
		t.Fatalf("status %s", got.Status)
	}
	var in shared.Inbox
	d.ivan.MustOK("GET", "/notifications", nil, &in)
	if in.Items[0].Message != "msg.documents.rejected" || !slices.Contains(in.Items[0].Args, "Декларация подписана не тем лицом") {
		t.Fatalf("newest notice %+v", in.Items[0])
	}
	if status, apiErr := d.ivan.Do("POST", "/documents/sendings/"+s.ID+"/answer", shareddocs.AnswerRequest{Documents: []string{s.Documents[0].ID}}, nil); status != http.StatusConflict ||
		apiErr.Code != shareddocs.CodeClosed {
		t.Fatalf("answer after the rejection: %d %+v", status, apiErr)
	}
}

// A sending names a known agency and request and the person's own
// documents; another person's document is not found.
func TestSendingChecksItsParts(t *testing.T) {
	d := newDesk(t)
	mine := signedUpload(t, d.ivan, d.ivanKey, "a.pdf", pdfFile())
	hers := upload(t, d.anna, "b.png", pngFile(t))
	tests := []struct {
		name  string
		req   shareddocs.SendRequest
		field string
		code  shared.Code
	}{
		{"no agency", shareddocs.SendRequest{Request: "declaration", Documents: []string{mine.ID}}, "agency", shared.CodeRequired},
		{"unknown agency", shareddocs.SendRequest{Agency: "mvd", Request: "declaration", Documents: []string{mine.ID}}, "agency", shareddocs.CodeAgencyUnknown},
		{"another agency's request", shareddocs.SendRequest{Agency: "rosstat", Request: "declaration", Documents: []string{mine.ID}}, "request", shareddocs.CodeRequestUnknown},
		{"no documents", shareddocs.SendRequest{Agency: "fns", Request: "declaration"}, "documents", shared.CodeRequired},
		{"another person's document", shareddocs.SendRequest{Agency: "fns", Request: "declaration", Documents: []string{mine.ID, hers.ID}}, "documents", shared.CodeNotFound},
		{"not an id", shareddocs.SendRequest{Agency: "fns", Request: "declaration", Documents: []string{"x"}}, "documents", shared.CodeNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, apiErr := d.ivan.Do("POST", "/documents/sendings", tt.req, nil)
			if status != 422 || apiErr.Fields[tt.field].Code != tt.code {
				t.Fatalf("got %d %+v, want %s on %s", status, apiErr, tt.code, tt.field)
			}
		})
	}
	var l shareddocs.SendingList
	d.ivan.MustOK("GET", "/documents/sendings", nil, &l)
	if len(l.Items) != 0 {
		t.Fatalf("refused sendings were stored: %+v", l.Items)
	}
	var ag shareddocs.Agencies
	d.ivan.MustOK("GET", "/documents/agencies", nil, &ag)
	if len(ag.Items) < 4 || ag.Items[0].Code != "fns" || len(ag.Items[0].Requests) == 0 || len(ag.Items[0].Signatures) == 0 {
		t.Fatalf("agencies %+v", ag)
	}
	s := send(t, d.ivan, mine.ID)
	if status, apiErr := d.anna.Do("GET", "/documents/sendings/"+s.ID, nil, nil); status != http.StatusNotFound || apiErr.Code != shared.CodeNotFound {
		t.Fatalf("anna opens ivan's sending: %d %+v", status, apiErr)
	}
}

// Every agency of the seed table has an officer's permission that some
// role holds: a sending to it reaches a desk.
func TestEveryAgencyHasADesk(t *testing.T) {
	e := start(t)
	var codes []string
	if err := e.DB.NewRaw("SELECT code FROM agencies ORDER BY code").Scan(context.Background(), &codes); err != nil {
		t.Fatal(err)
	}
	held := map[string]bool{}
	for _, perms := range shared.RolePermissions {
		for _, p := range perms {
			held[p] = true
		}
	}
	for _, c := range codes {
		if !held[shared.PermAgencyPrefix+c] {
			t.Errorf("agency %s: no role holds %s", c, shared.PermAgencyPrefix+c)
		}
	}
}
