package ip_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// registration is a complete Р21001 of person n of portaltest.
func registration(t *testing.T, p *portaltest.Person) sharedip.Registration {
	return sharedip.Registration{LastName: "Смирнова", FirstName: "Ольга", MiddleName: "Павловна", BirthDate: "1990-05-20",
		BirthPlace: "г. Тверь", INN: p.INN, Passport: shared.Passport{Series: "4512", Number: strings.Repeat("0", 6-len(p.ID[:0]))[:0] + passportNumber(p),
			IssuedOn: "2010-06-01", IssuedBy: "ОУФМС России по г. Москве", DivisionCode: "770-002"},
		Address: sharedip.Address{Region: "77", Text: "г. Москва, ул. Арбат, д. 10, кв. 5"}, MainOKVED: "62.01",
		OtherOKVED: []string{"62.02", "74.30"}, Regime: sharedip.RegimeUSN6, Email: p.Email, Phone: "+79010000001",
		PassportScan: scanOf(t, p)}
}

// scanOf is p's passport scan in «Мои документы» (uploading the same
// bytes again answers the same document).
func scanOf(t *testing.T, p *portaltest.Person) string {
	t.Helper()
	body := pngScan(t, 0)
	status, err, d := p.Upload("паспорт.png", bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("the passport scan: %d %+v", status, err)
	}
	return d.ID
}

// passportNumber is the number ConfirmedPerson gave p: the digits of
// the e-mail, six wide.
func passportNumber(p *portaltest.Person) string {
	var n string
	for _, r := range p.Email {
		if r >= '0' && r <= '9' {
			n += string(r)
		}
	}
	return fmt.Sprintf("%06s", n)
}

func raw(v any) json.RawMessage { b, _ := json.Marshal(v); return b }

// draft starts a filing of form for p.
func draft(t *testing.T, p *portaltest.Person, form string) sharedip.Filing {
	t.Helper()
	var f sharedip.Filing
	if status, err := p.Do("POST", "/ip/filings", sharedip.CreateFilingRequest{Form: form}, &f); err != nil || status != http.StatusCreated {
		t.Fatalf("new %s: %d %+v", form, status, err)
	}
	return f
}

// submitted is p's Р21001, complete, signed with a fresh step-up and sent.
func submitted(t *testing.T, e *portaltest.Env, p *portaltest.Person) sharedip.Filing {
	t.Helper()
	f := draft(t, p, sharedip.FormRegistration)
	p.MustOK("PUT", "/ip/filings/"+f.ID+"/draft", sharedip.DraftRequest{Step: 9, Answers: raw(registration(t, p))}, nil)
	e.SetStepUp(p, 0)
	p.MustOK("POST", "/ip/filings/"+f.ID+"/submit", nil, &f)
	return f
}

func fields(e *shared.Error) map[string]shared.Code {
	out := map[string]shared.Code{}
	if e != nil {
		for k, v := range e.Fields {
			out[k] = v.Code
		}
	}
	return out
}

// A person registers as an ИП: a draft kept on the server step by step,
// checked field by field with the browser's codes, signed with a fresh
// step-up and submitted; the registry officer asks for additions, the
// person answers in the same thread, the officer registers, and the ИП
// exists at once for the registry lookup, with a new valid ОГРНИП.
func TestRegistrationFromDraftToRegistry(t *testing.T) {
	e := portaltest.StartIP(t)
	olga := e.ConfirmedPerson(1)

	status, err := olga.Do("POST", "/ip/filings", sharedip.CreateFilingRequest{Form: "P99999"}, nil)
	if err == nil || fields(err)["form"] != sharedip.CodeFormUnknown {
		t.Fatalf("unknown form: %d %+v", status, err)
	}
	f := draft(t, olga, sharedip.FormRegistration)
	var start sharedip.Registration
	if err := json.Unmarshal(f.Answers, &start); err != nil || start.LastName != "Смирнова" || start.INN != olga.INN ||
		start.BirthDate != "1990-05-20" || start.Passport.Series != "4512" || start.Email != olga.Email {
		t.Fatalf("the draft starts from the account: %+v %v", start, err)
	}
	if f.Status != sharedip.StatusDraft || len(f.Timeline) != 1 {
		t.Fatalf("draft %+v", f)
	}

	// Field by field, the same codes as the browser's.
	bad := start
	bad.INN, bad.Regime, bad.MainOKVED = "123456789048", "usn7", "J"
	status, err = olga.Do("PUT", "/ip/filings/"+f.ID+"/draft", sharedip.DraftRequest{Step: 2, Answers: raw(bad)}, nil)
	want := map[string]shared.Code{"inn": shared.CodeINNChecksum, "regime": sharedip.CodeRegimeUnknown, "mainOkved": sharedip.CodeOKVEDFormat}
	if status != http.StatusUnprocessableEntity || !cmp.Equal(fields(err), want) {
		t.Fatalf("bad draft: %d %s", status, cmp.Diff(want, fields(err)))
	}
	if !cmp.Equal(fields(bad.Validate(false, time.Now()).(*shared.Error)), want) {
		t.Errorf("the browser's check differs from the server's")
	}
	// A partial draft is kept as it is, with the step reached.
	part := start
	part.BirthPlace, part.MainOKVED = "г. Тверь", "62.01"
	var saved sharedip.Filing
	olga.MustOK("PUT", "/ip/filings/"+f.ID+"/draft", sharedip.DraftRequest{Step: 3, Answers: raw(part)}, &saved)
	var back sharedip.Registration
	_ = json.Unmarshal(saved.Answers, &back)
	if saved.Step != 3 || !cmp.Equal(back, part) {
		t.Fatalf("saved %d %s", saved.Step, cmp.Diff(part, back))
	}
	var again sharedip.Filing
	olga.MustOK("GET", "/ip/filings/"+f.ID, nil, &again) // a closed tab comes back to the same step
	var reloaded sharedip.Registration
	_ = json.Unmarshal(again.Answers, &reloaded)
	if again.Step != 3 || !cmp.Equal(reloaded, part) {
		t.Fatalf("reloaded %d %s", again.Step, cmp.Diff(part, reloaded))
	}
	// Before signing every required field must be there.
	status, err = olga.Do("POST", "/ip/filings/"+f.ID+"/submit", nil, nil)
	if got := fields(err); status != http.StatusUnprocessableEntity || got["regime"] != shared.CodeRequired || got["address.region"] != shared.CodeRequired {
		t.Fatalf("incomplete: %d %v", status, got)
	}
	full := registration(t, olga)
	full.OtherOKVED = []string{"62.02", "62.99"} // no such code
	olga.MustOK("PUT", "/ip/filings/"+f.ID+"/draft", sharedip.DraftRequest{Step: 9, Answers: raw(full)}, nil)
	status, err = olga.Do("POST", "/ip/filings/"+f.ID+"/submit", nil, nil)
	if got := fields(err); status != http.StatusUnprocessableEntity || !cmp.Equal(got, map[string]shared.Code{"otherOkved.1": sharedip.CodeOKVEDUnknown}) {
		t.Fatalf("unknown code: %d %v", status, got)
	}
	full = registration(t, olga)
	full.INN = portaltest.PersonINN(77) // somebody else's
	olga.MustOK("PUT", "/ip/filings/"+f.ID+"/draft", sharedip.DraftRequest{Step: 9, Answers: raw(full)}, nil)
	status, err = olga.Do("POST", "/ip/filings/"+f.ID+"/submit", nil, nil)
	if got := fields(err); status != http.StatusUnprocessableEntity || got["inn"] != sharedip.CodeINNNotOwn {
		t.Fatalf("another's ИНН: %d %v", status, got)
	}
	full = registration(t, olga)
	olga.MustOK("PUT", "/ip/filings/"+f.ID+"/draft", sharedip.DraftRequest{Step: 9, Answers: raw(full)}, nil)

	// Another person sees nothing of it.
	other := e.ConfirmedPerson(2)
	for _, r := range []struct {
		method, path string
		body         any
	}{
		{"GET", "/ip/filings/" + f.ID, nil},
		{"PUT", "/ip/filings/" + f.ID + "/draft", sharedip.DraftRequest{Step: 1, Answers: raw(full)}},
		{"POST", "/ip/filings/" + f.ID + "/submit", nil},
		{"POST", "/ip/filings/" + f.ID + "/answer", sharedip.AnswerRequest{Text: "Ответ"}},
		{"GET", "/ip/filings/not-a-uuid", nil},
	} {
		status, err := other.Do(r.method, r.path, r.body, nil)
		wantCode(t, "another's "+r.method+" "+r.path, status, err, http.StatusNotFound, shared.CodeNotFound)
	}
	var list sharedip.FilingList
	other.MustOK("GET", "/ip/filings", nil, &list)
	if len(list.Items) != 0 {
		t.Errorf("another's list: %+v", list)
	}

	// Signing needs a fresh second factor.
	e.SetStepUp(olga, 10*time.Minute)
	status, err = olga.Do("POST", "/ip/filings/"+f.ID+"/submit", nil, nil)
	wantCode(t, "no fresh step-up", status, err, http.StatusForbidden, shared.CodeStepUpRequired)
	e.SetStepUp(olga, 0)
	olga.MustOK("POST", "/ip/filings/"+f.ID+"/submit", nil, &f)
	year := time.Now().In(shared.Moscow).Year()
	if f.Status != sharedip.StatusSubmitted || f.Number != fmt.Sprintf("21001-%d-000002", year) || f.DueOn <= time.Now().Format(time.DateOnly) ||
		len(f.Timeline) != 2 || f.Timeline[1].Method != "stepup" {
		t.Fatalf("submitted %+v", f)
	}
	status, err = olga.Do("PUT", "/ip/filings/"+f.ID+"/draft", sharedip.DraftRequest{Step: 1, Answers: raw(full)}, nil)
	wantCode(t, "a submitted draft", status, err, http.StatusConflict, sharedip.CodeFilingState)

	// The registry officer's queue; people and other desks get nothing.
	officer := e.Staff(3, shared.RoleRegistryOfficer)
	var q sharedip.Queue
	officer.MustOK("GET", "/office/ip/filings?form=P21001", nil, &q)
	if len(q.Items) != 1 || q.Items[0].ID != f.ID || q.Items[0].Applicant != "Смирнова Ольга Павловна" || q.Items[0].DueOn != f.DueOn {
		t.Fatalf("queue %+v", q)
	}
	taxOfficer := e.Staff(4, shared.RoleTaxOfficer)
	for _, c := range []*portaltest.Person{olga, taxOfficer} {
		for _, r := range [][2]string{{"GET", "/office/ip/filings"}, {"GET", "/office/ip/filings/" + f.ID},
			{"POST", "/office/ip/filings/" + f.ID + "/register"}, {"GET", "/office/ip/search?q=Смирнова"}} {
			status, err := c.Do(r[0], r[1], nil, nil)
			wantCode(t, c.Email+" "+r[0]+" "+r[1], status, err, http.StatusForbidden, shared.CodeForbidden)
		}
	}

	// Additions: asked, answered in the same thread, then registered.
	status, err = officer.Do("POST", "/office/ip/filings/"+f.ID+"/additions", sharedip.DecisionRequest{}, nil)
	if fields(err)["text"] != shared.CodeRequired {
		t.Fatalf("additions without a text: %d %+v", status, err)
	}
	officer.MustOK("POST", "/office/ip/filings/"+f.ID+"/additions", sharedip.DecisionRequest{Text: "Приложите скан паспорта"}, nil)
	status, err = officer.Do("POST", "/office/ip/filings/"+f.ID+"/register", nil, nil)
	wantCode(t, "registering while the person answers", status, err, http.StatusConflict, sharedip.CodeFilingState)
	olga.MustOK("POST", "/ip/filings/"+f.ID+"/answer", sharedip.AnswerRequest{Text: "Скан приложен"}, &f)
	if f.Status != sharedip.StatusInReview || f.Timeline[2].Text != "Приложите скан паспорта" || f.Timeline[2].By != "registry" ||
		f.Timeline[3].Text != "Скан приложен" || f.Timeline[3].By != "applicant" {
		t.Fatalf("the thread %+v", f.Timeline)
	}
	var rec sharedip.Record
	officer.MustOK("POST", "/office/ip/filings/"+f.ID+"/register", nil, &rec)
	if shared.ValidateOGRNIP(rec.OGRNIP) != nil || rec.OGRNIP[:5] != fmt.Sprintf("3%02d77", year%100) || rec.INN != olga.INN ||
		rec.Status != shared.RegistryActive || rec.Regime != sharedip.RegimeUSN6 || len(rec.History) != 1 ||
		rec.History[0].GRN != rec.OGRNIP || rec.History[0].Filing != f.Number {
		t.Fatalf("registered %+v", rec)
	}
	status, err = officer.Do("POST", "/office/ip/filings/"+f.ID+"/register", nil, nil)
	wantCode(t, "registering twice", status, err, http.StatusConflict, sharedip.CodeFilingDecided)

	// The record sheet: the person's PDF, genuine by its verification page.
	olga.MustOK("GET", "/ip/filings/"+f.ID, nil, &f)
	sheet := f.Timeline[len(f.Timeline)-1].Document
	checkDocument(t, e, olga, sheet, rec.OGRNIP)
	status, err = other.Do("GET", shared.IssuedPath+sheet, nil, nil)
	wantCode(t, "another's record sheet", status, err, http.StatusNotFound, shared.CodeNotFound)

	// The registry lookup (the self-employed cabinet's buyer check) sees it.
	var entry shared.RegistryEntry
	other.MustOK("GET", "/registry/"+olga.INN, nil, &entry)
	if entry.Kind != shared.RegistryIP || entry.OGRN != rec.OGRNIP || entry.Name != "ИП Смирнова Ольга Павловна" || entry.Status != shared.RegistryActive {
		t.Errorf("lookup %+v", entry)
	}
	var home sharedip.Home
	olga.MustOK("GET", "/ip", nil, &home)
	if home.Record.OGRNIP != rec.OGRNIP || home.Filings[0].Status != sharedip.StatusRegistered {
		t.Errorf("the cabinet opens: %+v", home)
	}
	status, err = olga.Do("POST", "/ip/filings", sharedip.CreateFilingRequest{Form: sharedip.FormRegistration}, nil)
	wantCode(t, "Р21001 by an active ИП", status, err, http.StatusConflict, sharedip.CodeAlreadyActive)

	// Each change told (inbox and e-mail) and journalled.
	var inbox shared.Inbox
	olga.MustOK("GET", "/notifications", nil, &inbox)
	var msgs []string
	for _, n := range inbox.Items {
		msgs = append(msgs, n.Message)
	}
	for _, m := range []string{"msg.ip.submitted", "msg.ip.additions", "msg.ip.registered"} {
		if !slices.Contains(msgs, m) {
			t.Errorf("inbox %v lacks %s", msgs, m)
		}
	}
	if mails := e.MessagesTo(olga.Email); len(mails) == 0 || !strings.Contains(mails[0].Body, rec.OGRNIP) {
		t.Errorf("e-mail of the registration: %+v", mails)
	}
	var kinds []string
	if err := e.DB.NewRaw("SELECT kind FROM journal WHERE account_id = ? AND kind LIKE 'ip.%' ORDER BY id", olga.ID).Scan(context.Background(), &kinds); err != nil {
		t.Fatal(err)
	}
	wantKinds := []string{sharedip.JournalSubmitted, sharedip.JournalAdditions, sharedip.JournalAnswered, sharedip.JournalRegistered}
	if !cmp.Equal(kinds, wantKinds) {
		t.Errorf("journal %s", cmp.Diff(wantKinds, kinds))
	}
}

// Р21001 is refused, with the reason, to a person excluded from ЕГРИП in
// the last three years; after three years it is taken.
func TestRegistrationRefusedAfterExclusion(t *testing.T) {
	e := portaltest.StartIP(t)
	p := e.ConfirmedPerson(5)
	ctx := context.Background()
	exclude := func(ago time.Duration) {
		t.Helper()
		closed := time.Now().Add(-ago).Format(time.DateOnly)
		ogrnip, _ := sharedip.Number(sharedip.SignRegistration, 2015, "77", 5)
		if err := e.P.Registry.Put(ctx, e.DB, shared.RegistryEntry{INN: p.INN, Kind: shared.RegistryIP, OGRN: ogrnip,
			Name: "ИП Смирнова Ольга Павловна", Status: shared.RegistryClosed, RegisteredOn: "2015-04-01", ClosedOn: closed}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.DB.NewRaw(`INSERT INTO ip_records (inn, last_name, first_name, middle_name, main_okved, regime, region, closed_reason)
			VALUES (?, 'Смирнова', 'Ольга', 'Павловна', '62.01', 'usn6', '77', 'excluded') ON CONFLICT (inn) DO NOTHING`, p.INN).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	exclude(400 * 24 * time.Hour)
	status, err := p.Do("POST", "/ip/filings", sharedip.CreateFilingRequest{Form: sharedip.FormRegistration}, nil)
	wantCode(t, "excluded a year ago", status, err, http.StatusConflict, sharedip.CodeExcludedRecently)
	status, err = p.Do("POST", "/ip/filings", sharedip.CreateFilingRequest{Form: sharedip.FormChange}, nil)
	wantCode(t, "Р24001 of a closed ИП", status, err, http.StatusConflict, sharedip.CodeNotActive)
	exclude(4 * 366 * 24 * time.Hour)
	draft(t, p, sharedip.FormRegistration)
}

// checkDocument downloads p's document id and checks it is a PDF that
// the public verification page confirms byte for byte, stating want.
func checkDocument(t *testing.T, e *portaltest.Env, p *portaltest.Person, id, want string) {
	t.Helper()
	if id == "" {
		t.Fatal("no document")
	}
	var body []byte
	p.MustOK("GET", shared.IssuedPath+id, nil, &body)
	if !strings.HasPrefix(string(body), "%PDF") {
		t.Fatalf("not a PDF: %.20q", body)
	}
	var code string
	if err := e.DB.NewRaw("SELECT code FROM issued_documents WHERE id = ?", id).Scan(context.Background(), &code); err != nil {
		t.Fatal(err)
	}
	var v struct {
		Matches bool        `json:"matches"`
		Details [][2]string `json:"details"`
	}
	e.Client().MustOK("POST", "/v/"+code, portaltest.Raw{Body: body, Type: "application/pdf"}, &v)
	found := false
	for _, d := range v.Details {
		found = found || strings.Contains(d[1], want)
	}
	if !v.Matches || !found {
		t.Errorf("verification %+v, want %q among the details", v, want)
	}
}

// Р21001 is filed in one's own name: names, birth date and passport other
// than the confirmed profile's are refused beside their fields.
func TestRegistrationIsInOnesOwnName(t *testing.T) {
	e := portaltest.StartIP(t)
	p := e.ConfirmedPerson(4)
	f := draft(t, p, sharedip.FormRegistration)
	r := registration(t, p)
	r.LastName, r.FirstName, r.MiddleName, r.BirthDate = "Петров", "Пётр", "Петрович", "1970-01-01"
	r.Passport.Series, r.Passport.Number = "4599", "999999"
	p.MustOK("PUT", "/ip/filings/"+f.ID+"/draft", sharedip.DraftRequest{Step: 9, Answers: raw(r)}, nil)
	e.SetStepUp(p, 0)
	status, err := p.Do("POST", "/ip/filings/"+f.ID+"/submit", nil, nil)
	wantCode(t, "another's name", status, err, http.StatusUnprocessableEntity, shared.CodeInvalidInput)
	for _, field := range []string{"lastName", "firstName", "middleName", "birthDate", "passport.number"} {
		if err.Fields[field].Code != sharedip.CodeIdentityNotOwn {
			t.Errorf("%s: %+v", field, err.Fields[field])
		}
	}
}
