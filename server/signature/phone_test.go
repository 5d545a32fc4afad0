package signature_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"testing"
	"time"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	"kabinet/shared/signature"
)

// A ПЭП confirmed by approval on the phone: the desktop session asks, the
// person's phone (signed in with a second factor) sees what it confirms
// and approves, and the desktop's step-up is fresh: the signature is
// recorded with the method «approval on the phone». The approval serves
// its session, document and action once; a declined or expired one
// signs nothing.
func TestSimpleSignatureApprovedOnPhone(t *testing.T) {
	e, docs := start(t, nil)
	desk := e.Client()
	p := e.ConfirmedIdentity(desk, 11)
	phone := e.Client()
	phone.SignInPerson(p)
	id := docs.put(p.ID, "Договор аренды.pdf", contract)
	otherDoc := docs.put(p.ID, "Другой.pdf", []byte("%PDF-1.4 another"))
	stale := func() {
		t.Helper()
		if _, err := e.DB.NewRaw("UPDATE sessions SET step_up_at = now() - interval '1 hour' WHERE account_id = ?", p.ID).Exec(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	simple := func(doc string) string { return "/signature/documents/" + doc + "/simple" }
	ask := func(c *portaltest.Client, doc string) shared.QRTicket {
		t.Helper()
		var tk shared.QRTicket
		c.MustOK("POST", simple(doc)+"/approval", nil, &tk)
		return tk
	}
	// seen is the request as the phone lists it (nil when it does not).
	seen := func(c *portaltest.Client, tk shared.QRTicket) *shared.QRRequest {
		t.Helper()
		var l shared.ApprovalList
		c.MustOK("GET", "/me/approvals", nil, &l)
		for _, it := range l.Items {
			if it.ID == tk.ID {
				return &it
			}
		}
		return nil
	}
	approve := func(tk shared.QRTicket) {
		t.Helper()
		phone.MustOK("POST", "/me/qr/"+tk.ID+"/approve", shared.QRApproveRequest{Number: tk.Number}, nil)
	}
	wait := func(tk shared.QRTicket, want string) {
		t.Helper()
		var st shared.QRStatus
		desk.MustOK("POST", "/login/qr/"+tk.ID+"/wait", shared.QRSecretRequest{Secret: tk.Secret, Seen: shared.QRScanned}, &st)
		if st.Status != want {
			t.Fatalf("the waiting desktop sees %+v, want %s", st, want)
		}
	}

	stale()
	wantCode(t, desk, "POST", simple(id), nil, http.StatusForbidden, shared.CodeStepUpRequired)
	var f shared.Factors
	desk.MustOK("GET", "/me/factors", nil, &f)
	if !f.Phone {
		t.Fatalf("the desktop is not offered its phone: %+v", f)
	}

	// Approved: the phone sees what it confirms; the desktop signs.
	tk := ask(desk, id)
	req := seen(phone, tk)
	sum := sha256.Sum256(contract)
	hx := hex.EncodeToString(sum[:])
	if req == nil || req.Kind != shared.QRKindStepUp || req.Action != shared.StepUpSignDocument || req.Subject != "Договор аренды.pdf" ||
		req.SubjectHash != hx[0:4]+" "+hx[4:8]+" "+hx[8:12]+" "+hx[12:16]+" …" || len(req.Choices) != 3 {
		t.Fatalf("the phone sees %+v", req)
	}
	if seen(desk, tk) != nil {
		t.Fatal("the asking session is offered its own request")
	}
	wantCode(t, desk, "POST", "/me/qr/"+tk.ID+"/approve", shared.QRApproveRequest{Number: tk.Number}, http.StatusForbidden, shared.CodeApprovalMismatch)
	wantCode(t, desk, "POST", simple(id), signature.SimpleRequest{Approval: tk.ID}, http.StatusGone, shared.CodeCodeExpired) // not yet approved
	approve(tk)
	wait(tk, shared.QRApproved)
	var r signature.Record
	desk.MustOK("POST", simple(id), signature.SimpleRequest{Approval: tk.ID}, &r)
	if r.Kind != signature.KindSimple || r.Method != signature.MethodPhone || !r.Sealed || r.DocumentSHA256 != hx {
		t.Fatalf("record %+v", r)
	}
	var info shared.SessionInfo
	desk.MustOK("GET", "/session", nil, &info)
	if !info.StepUpUntil.After(time.Now()) {
		t.Fatalf("the step-up is not fresh after the approval: %+v", info)
	}
	var n int
	if err := e.DB.NewRaw(`SELECT count(*) FROM journal WHERE account_id = ? AND kind = ? AND details->>'method' = 'push'
		AND details->>'subject' = 'Договор аренды.pdf'`, p.ID, shared.JournalStepUp).Scan(t.Context(), &n); err != nil || n != 1 {
		t.Fatalf("journalled step-ups by the phone: %d %v", n, err)
	}

	// Replayed: spent.
	stale()
	wantCode(t, desk, "POST", simple(id), signature.SimpleRequest{Approval: tk.ID}, http.StatusGone, shared.CodeCodeExpired)

	// Approved for one document, used for another, or by another session
	// of the person: refused, and not spent.
	tk = ask(desk, id)
	approve(tk)
	wantCode(t, desk, "POST", simple(otherDoc), signature.SimpleRequest{Approval: tk.ID}, http.StatusForbidden, shared.CodeApprovalMismatch)
	wantCode(t, phone, "POST", simple(id), signature.SimpleRequest{Approval: tk.ID}, http.StatusForbidden, shared.CodeApprovalMismatch)
	stranger := e.Client()
	e.ConfirmedIdentity(stranger, 12)
	wantCode(t, stranger, "POST", "/me/qr/"+tk.ID+"/approve", shared.QRApproveRequest{Number: tk.Number}, http.StatusGone, shared.CodeCodeExpired)
	desk.MustOK("POST", simple(id), signature.SimpleRequest{Approval: tk.ID}, &r)

	// Declined on the phone: journalled, the desktop is told, nothing signed.
	stale()
	tk = ask(desk, id)
	phone.MustOK("POST", "/me/qr/"+tk.ID+"/deny", nil, nil)
	wait(tk, shared.QRDenied)
	wantCode(t, desk, "POST", simple(id), signature.SimpleRequest{Approval: tk.ID}, http.StatusForbidden, shared.CodeQRDenied)
	if err := e.DB.NewRaw(`SELECT count(*) FROM journal WHERE account_id = ? AND kind = ? AND details->>'kind' = 'step_up'
		AND details->>'subject' = 'Договор аренды.pdf'`, p.ID, shared.JournalQRDenied).Scan(t.Context(), &n); err != nil || n != 1 {
		t.Fatalf("journalled declines: %d %v", n, err)
	}

	// Expired after the approval: refused.
	tk = ask(desk, id)
	approve(tk)
	if _, err := e.DB.NewRaw("UPDATE qr_tickets SET expires_at = now() - interval '1 second' WHERE id = ?", tk.ID).Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	wantCode(t, desk, "POST", simple(id), signature.SimpleRequest{Approval: tk.ID}, http.StatusGone, shared.CodeCodeExpired)

	var list signature.RecordList
	desk.MustOK("GET", "/signature/documents/"+id+"/signatures", nil, &list)
	if len(list.Items) != 2 {
		t.Fatalf("signatures of the document: %d, want the two approved ones", len(list.Items))
	}
	if err := e.DB.NewRaw("SELECT count(*) FROM document_signatures WHERE document_id = ?", otherDoc).Scan(t.Context(), &n); err != nil || n != 0 {
		t.Fatalf("the other document got %d signatures (%v)", n, err)
	}
}
