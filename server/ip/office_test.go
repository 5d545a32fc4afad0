package ip_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// Two registry officers register the same filing at once: one makes the
// entry, the other is told another officer decided it, and the registry
// holds one ИП with one registration entry.
func TestTwoOfficersRegisterAtOnce(t *testing.T) {
	e := portaltest.StartIP(t)
	olga := e.ConfirmedPerson(1)
	f := submitted(t, e, olga)
	officers := []*portaltest.Person{e.Staff(2, shared.RoleRegistryOfficer), e.Staff(3, shared.RoleRegistryOfficer)}
	type result struct {
		status int
		err    *shared.Error
	}
	results := make([]result, 2)
	var wg sync.WaitGroup
	for i, o := range officers {
		wg.Go(func() {
			status, err := o.Do("POST", "/office/ip/filings/"+f.ID+"/register", nil, nil)
			results[i] = result{status, err}
		})
	}
	wg.Wait()
	won := slices.IndexFunc(results, func(r result) bool { return r.err == nil })
	if won < 0 {
		t.Fatalf("nobody registered: %+v", results)
	}
	lost := results[1-won]
	wantCode(t, "the second officer", lost.status, lost.err, http.StatusConflict, sharedip.CodeFilingDecided)
	var n, entries int
	ctx := context.Background()
	if err := e.DB.NewRaw("SELECT count(*) FROM registry_entries WHERE inn = ?", olga.INN).Scan(ctx, &n); err != nil {
		t.Fatal(err)
	}
	if err := e.DB.NewRaw("SELECT count(*) FROM ip_record_entries WHERE inn = ?", olga.INN).Scan(ctx, &entries); err != nil {
		t.Fatal(err)
	}
	var by string
	if err := e.DB.NewRaw("SELECT decided_by FROM ip_filings WHERE id = ?", f.ID).Scan(ctx, &by); err != nil {
		t.Fatal(err)
	}
	if n != 1 || entries != 1 || by != officers[won].ID {
		t.Errorf("entries %d, history %d, decided by %s", n, entries, by)
	}
}

// ivanPerson is the demo ИП signed in with an authenticator app.
func ivanPerson(t *testing.T, e *portaltest.Env) *portaltest.Person {
	t.Helper()
	c := ivan(e)
	secret := c.AddApp()
	acc, err := e.P.Accounts.FindByLogin(context.Background(), "ivan@example.ru")
	if err != nil {
		t.Fatal(err)
	}
	return &portaltest.Person{Client: c, ID: acc.ID, Email: "ivan@example.ru", Secret: secret, INN: "123456789047"}
}

// The demo Р24001 registered adds its code under a new ГРНИП; Р26001
// warns, needs the warnings read, can be refused with a legal ground
// (and then not registered), and once registered closes the ИП for the
// registry lookup too.
func TestChangeRefusalAndClosure(t *testing.T) {
	e := portaltest.StartIP(t)
	iv := ivanPerson(t, e)
	officer := e.Staff(1, shared.RoleRegistryOfficer)

	var found sharedip.SearchResult
	officer.MustOK("GET", "/office/ip/search?q=Иванов", nil, &found)
	if len(found.Items) != 1 || found.Items[0].INN != iv.INN {
		t.Fatalf("search by name: %+v", found)
	}
	ogrnip := found.Items[0].OGRN
	officer.MustOK("GET", "/office/ip/search?q="+ogrnip, nil, &found)
	if len(found.Items) != 1 {
		t.Fatalf("search by ОГРНИП: %+v", found)
	}
	status, err := officer.Do("GET", "/office/ip/search?q=%25", nil, nil)
	if err == nil || fields(err)["q"] != shared.CodeTooShort {
		t.Errorf("a one-letter search: %d %+v", status, err)
	}

	var card sharedip.OfficeRecord
	officer.MustOK("GET", "/office/ip/records/"+iv.INN, nil, &card)
	if card.Record.OGRNIP != ogrnip || len(card.Filings) != 1 || card.Filings[0].Form != sharedip.FormChange {
		t.Fatalf("the ИП's card: %+v", card)
	}
	var q sharedip.Queue
	officer.MustOK("GET", "/office/ip/filings", nil, &q)
	if len(q.Items) != 1 || q.Items[0].Form != sharedip.FormChange || q.Items[0].Overdue {
		t.Fatalf("the demo queue: %+v", q)
	}
	var opened sharedip.OfficeFiling
	officer.MustOK("GET", "/office/ip/filings/"+q.Items[0].ID, nil, &opened)
	if opened.Applicant != "Иванов Иван Иванович" || opened.Record == nil || opened.Record.OGRNIP != ogrnip {
		t.Fatalf("opened %+v", opened)
	}
	officer.MustOK("POST", "/office/ip/filings/"+q.Items[0].ID+"/review", nil, nil)
	var rec sharedip.Record
	officer.MustOK("POST", "/office/ip/filings/"+q.Items[0].ID+"/register", nil, &rec)
	codes := []string{}
	for _, c := range rec.OtherOKVED {
		codes = append(codes, c.Code)
	}
	if !slices.Equal(codes, []string{"62.02", "63.11", "74.90"}) || len(rec.History) != 3 || rec.History[0].GRN[0] != '4' ||
		shared.ValidateOGRNIP(rec.History[0].GRN) != nil || rec.History[0].Kind != "change" {
		t.Fatalf("after Р24001: %v %+v", codes, rec.History)
	}

	// Р24001 removing a code the record lacks is refused on that field.
	ch := draft(t, iv, sharedip.FormChange)
	iv.MustOK("PUT", "/ip/filings/"+ch.ID+"/draft", sharedip.DraftRequest{Step: 2, Answers: raw(sharedip.Change{RemoveOKVED: []string{"47.91"}})}, nil)
	e.SetStepUp(iv, 0)
	status, err = iv.Do("POST", "/ip/filings/"+ch.ID+"/submit", nil, nil)
	if fields(err)["removeOkved.0"] != sharedip.CodeOKVEDUnknown {
		t.Fatalf("removing a code the ИП lacks: %d %+v", status, err)
	}

	cl := draft(t, iv, sharedip.FormClosure)
	// The demo ИП owes nothing on the ЕНС (the tax facts of the demo).
	if len(cl.Warnings) != 0 {
		t.Errorf("warnings %v", cl.Warnings)
	}
	status, err = iv.Do("POST", "/ip/filings/"+cl.ID+"/submit", nil, nil)
	if fields(err)["acknowledged"] != sharedip.CodeNotAcknowledged {
		t.Fatalf("closure without reading the warnings: %d %+v", status, err)
	}
	iv.MustOK("PUT", "/ip/filings/"+cl.ID+"/draft", sharedip.DraftRequest{Step: 1, Answers: raw(sharedip.Closure{Acknowledged: true})}, nil)
	iv.MustOK("POST", "/ip/filings/"+cl.ID+"/submit", nil, &cl)

	status, err = officer.Do("POST", "/office/ip/filings/"+cl.ID+"/refuse", sharedip.DecisionRequest{Reason: "whim", Text: "Так"}, nil)
	if fields(err)["reason"] != sharedip.CodeRefusalReason {
		t.Fatalf("a refusal without a legal ground: %d %+v", status, err)
	}
	officer.MustOK("POST", "/office/ip/filings/"+cl.ID+"/refuse", sharedip.DecisionRequest{Reason: "documents_missing", Text: "Нет подписи"}, nil)
	status, err = officer.Do("POST", "/office/ip/filings/"+cl.ID+"/register", nil, nil)
	wantCode(t, "registering a refused filing", status, err, http.StatusConflict, sharedip.CodeFilingDecided)
	iv.MustOK("GET", "/ip/filings/"+cl.ID, nil, &cl)
	last := cl.Timeline[len(cl.Timeline)-1]
	if cl.Status != sharedip.StatusRefused || last.Reason != "documents_missing" || last.Text != "Нет подписи" {
		t.Fatalf("refused %+v", cl)
	}
	checkDocument(t, e, iv, last.Document, "Не представлены необходимые документы")
	if mails := e.MessagesTo(iv.Email); len(mails) == 0 || !strings.Contains(mails[0].Body, "Не представлены необходимые документы") {
		t.Errorf("the refusal's e-mail names the ground: %+v", mails[:1])
	}

	cl = draft(t, iv, sharedip.FormClosure)
	iv.MustOK("PUT", "/ip/filings/"+cl.ID+"/draft", sharedip.DraftRequest{Step: 1, Answers: raw(sharedip.Closure{Acknowledged: true})}, nil)
	e.SetStepUp(iv, 0)
	iv.MustOK("POST", "/ip/filings/"+cl.ID+"/submit", nil, &cl)
	officer.MustOK("POST", "/office/ip/filings/"+cl.ID+"/register", nil, &rec)
	if rec.Status != shared.RegistryClosed || rec.ClosedOn == "" || rec.History[0].Kind != "closure" {
		t.Fatalf("closed %+v", rec)
	}
	iv.MustOK("GET", "/ip/filings/"+cl.ID, nil, &cl)
	checkDocument(t, e, iv, cl.Timeline[len(cl.Timeline)-1].Document, "прекращения")
	var entry shared.RegistryEntry
	officer.MustOK("GET", "/registry/"+iv.INN, nil, &entry)
	if entry.Status != shared.RegistryClosed || entry.OGRN != ogrnip {
		t.Errorf("the lookup after closure: %+v", entry)
	}
	status, err = iv.Do("POST", "/ip/filings", sharedip.CreateFilingRequest{Form: sharedip.FormChange}, nil)
	wantCode(t, "Р24001 after closure", status, err, http.StatusConflict, sharedip.CodeNotActive)
	// A closed ИП may register again (closed by its own Р26001).
	draft(t, iv, sharedip.FormRegistration)

	// A person's draft is not the officer's to open.
	status, err = officer.Do("GET", "/office/ip/filings/"+ch.ID, nil, nil)
	wantCode(t, "a draft at the desk", status, err, http.StatusNotFound, shared.CodeNotFound)
}

// The registry's deadline is the third working day after receipt by the
// production calendar (a Friday before the May holidays: the next
// Thursday), and the overdue filings lead the queue.
func TestQueueDeadlineByWorkingDays(t *testing.T) {
	e := portaltest.StartIP(t)
	olga := e.ConfirmedPerson(1)
	e.P.IP.SetClock(func() time.Time { return time.Date(2026, 5, 8, 10, 0, 0, 0, shared.Moscow) })
	f := submitted(t, e, olga)
	e.P.IP.SetClock(time.Now)
	if f.DueOn != "2026-05-14" {
		t.Errorf("received Friday 8 May 2026, due %s, want 2026-05-14 (11 May is a day off)", f.DueOn)
	}
	officer := e.Staff(2, shared.RoleRegistryOfficer)
	var q sharedip.Queue
	officer.MustOK("GET", "/office/ip/filings", nil, &q)
	if len(q.Items) != 2 || q.Items[0].ID != f.ID || !q.Items[0].Overdue || q.Items[0].AgeDays < 200 || q.Items[1].Overdue {
		t.Errorf("queue %+v", q.Items)
	}
	officer.MustOK("GET", "/office/ip/filings?form=P24001", nil, &q)
	if len(q.Items) != 1 || q.Items[0].Form != sharedip.FormChange {
		t.Errorf("by form: %+v", q.Items)
	}
	status, err := officer.Do("GET", "/office/ip/filings?form=P11001", nil, nil)
	if fields(err)["form"] != sharedip.CodeFormUnknown {
		t.Errorf("an organisation's form: %d %+v", status, err)
	}
}

// A filing late in December, before the next year's decree is imported,
// is still received: the days of the unknown year are counted by the
// Labour Code's days off (received Monday 28 December 2026: the 29th and
// 30th, then 31 December off by the 2026 data, 1–8 January and the
// weekend off by the Code: due Monday 11 January 2027), and the log says
// which year to import.
func TestDeadlineIntoAYearNotLoaded(t *testing.T) {
	e := portaltest.StartIP(t)
	olga := e.ConfirmedPerson(1)
	e.P.IP.SetClock(func() time.Time { return time.Date(2026, 12, 28, 10, 0, 0, 0, shared.Moscow) })
	f := submitted(t, e, olga)
	e.P.IP.SetClock(time.Now)
	if f.DueOn != "2027-01-11" {
		t.Errorf("received 28 December 2026, due %s, want 2027-01-11", f.DueOn)
	}
	if log := e.Logs.String(); !strings.Contains(log, "production calendar missing") || !strings.Contains(log, "year=2027") {
		t.Errorf("the log does not name the missing year:\n%s", e.Logs.Tail(20))
	}
}

// A registry officer who files a Р21001 of their own does not register
// it: another officer does.
func TestAnOfficerDoesNotDecideTheirOwnFiling(t *testing.T) {
	e := portaltest.StartIP(t)
	olga := e.Staff(1, shared.RoleRegistryOfficer)
	f := submitted(t, e, olga)
	for _, step := range []string{"review", "register"} {
		status, err := olga.Do("POST", "/office/ip/filings/"+f.ID+"/"+step, nil, nil)
		wantCode(t, "her own filing, "+step, status, err, http.StatusForbidden, shared.CodeOwnCase)
	}
	e.Staff(2, shared.RoleRegistryOfficer).MustOK("POST", "/office/ip/filings/"+f.ID+"/register", nil, nil)
}

// Two officers take the same filing into review at once: one does, and
// the timeline, the journal and the notices have the step once.
func TestTwoOfficersDoNotBothTakeAFilingIntoReview(t *testing.T) {
	e := portaltest.StartIP(t)
	f := submitted(t, e, e.ConfirmedPerson(1))
	officers := []*portaltest.Person{e.Staff(2, shared.RoleRegistryOfficer), e.Staff(3, shared.RoleRegistryOfficer)}
	var mu sync.Mutex
	var codes []shared.Code
	var wg sync.WaitGroup
	for _, o := range officers {
		wg.Go(func() {
			_, err := o.Do("POST", "/office/ip/filings/"+f.ID+"/review", nil, nil)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				codes = append(codes, err.Code)
			}
		})
	}
	wg.Wait()
	var events int
	if err := e.DB.NewRaw("SELECT count(*) FROM ip_filing_events WHERE filing_id = ? AND status = 'in_review'", f.ID).
		Scan(context.Background(), &events); err != nil {
		t.Fatal(err)
	}
	if events != 1 || len(codes) != 1 || codes[0] != sharedip.CodeFilingState {
		t.Fatalf("%d in_review events; refusals %v (want one, %s)", events, codes, sharedip.CodeFilingState)
	}
}

// A confirmed person who types another ИП's ИНН into the profile finds
// no ИП: the record, its address and debts stay closed, and no Р26001
// can be filed to close it.
func TestAnotherIPsINNInTheProfileOpensNothing(t *testing.T) {
	e := portaltest.StartIP(t)
	c := e.Client()
	p := e.ConfirmedIdentity(c, 7)
	c.StepUp(p)
	const petrov = "561100409545" // ИП Петров of the demo registry, no account
	var acc shared.Account
	c.MustOK("GET", "/me", nil, &acc)
	c.MustOK("PUT", "/me/profile", shared.ProfileRequest{LastName: acc.LastName, FirstName: acc.FirstName, MiddleName: acc.MiddleName,
		BirthDate: acc.BirthDate, INN: petrov, SNILS: acc.SNILS, Passport: *acc.Passport}, &acc)
	if acc.INN != petrov || acc.Level != shared.LevelConfirmed {
		t.Fatalf("the profile: ИНН %s, level %s", acc.INN, acc.Level)
	}
	status, err := c.Do("GET", "/ip", nil, nil)
	wantCode(t, "Петров's record", status, err, http.StatusConflict, sharedip.CodeNotIP)
	status, err = c.Do("POST", "/ip/filings", sharedip.CreateFilingRequest{Form: sharedip.FormClosure}, nil)
	wantCode(t, "a Р26001", status, err, http.StatusConflict, sharedip.CodeNotActive)
}

// Two Р24001 of one ИП registered at once by two officers: each change
// is in the record, none written over the other's.
func TestTwoChangesRegisteredAtOnceBothStay(t *testing.T) {
	e := portaltest.StartIP(t)
	iv := ivanPerson(t, e)
	o1, o2 := e.Staff(1, shared.RoleRegistryOfficer), e.Staff(2, shared.RoleRegistryOfficer)
	var q sharedip.Queue
	o1.MustOK("GET", "/office/ip/filings", nil, &q)
	demo := q.Items[0].ID // the demo's Р24001: adds 74.90
	ch := draft(t, iv, sharedip.FormChange)
	iv.MustOK("PUT", "/ip/filings/"+ch.ID+"/draft", sharedip.DraftRequest{Step: 2, Answers: raw(sharedip.Change{AddOKVED: []string{"62.03"}})}, nil)
	e.SetStepUp(iv, 0)
	iv.MustOK("POST", "/ip/filings/"+ch.ID+"/submit", nil, &ch)
	var wg sync.WaitGroup
	for _, x := range []struct {
		o  *portaltest.Person
		id string
	}{{o1, demo}, {o2, ch.ID}} {
		wg.Go(func() { x.o.MustOK("POST", "/office/ip/filings/"+x.id+"/register", nil, nil) })
	}
	wg.Wait()
	var card sharedip.OfficeRecord
	o1.MustOK("GET", "/office/ip/records/"+iv.INN, nil, &card)
	var codes []string
	for _, c := range card.Record.OtherOKVED {
		codes = append(codes, c.Code)
	}
	if !slices.Contains(codes, "74.90") || !slices.Contains(codes, "62.03") {
		t.Fatalf("both registered, the record's codes %v: a change lost", codes)
	}
}

// Two Р21001 of one person registered at once by two officers: one makes
// the ИП, the other is refused, and the person has one ОГРНИП.
func TestTwoRegistrationsOfOnePersonAtOnce(t *testing.T) {
	e := portaltest.StartIP(t)
	p := e.ConfirmedPerson(3)
	f1, f2 := submitted(t, e, p), submitted(t, e, p)
	o1, o2 := e.Staff(1, shared.RoleRegistryOfficer), e.Staff(2, shared.RoleRegistryOfficer)
	var mu sync.Mutex
	var refused []shared.Code
	var wg sync.WaitGroup
	for _, x := range []struct {
		o  *portaltest.Person
		id string
	}{{o1, f1.ID}, {o2, f2.ID}} {
		wg.Go(func() {
			if _, err := x.o.Do("POST", "/office/ip/filings/"+x.id+"/register", nil, nil); err != nil {
				mu.Lock()
				refused = append(refused, err.Code)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	var card sharedip.OfficeRecord
	o1.MustOK("GET", "/office/ip/records/"+p.INN, nil, &card)
	if len(refused) != 1 || len(card.Record.History) != 1 {
		t.Fatalf("refused %v; the record's history %+v", refused, card.Record.History)
	}
}

// A Р24001 that would leave the record with more than MaxOKVED codes is
// refused at submission, beside the codes to add.
func TestAChangeKeepsTheRecordWithinItsCodes(t *testing.T) {
	e := portaltest.StartIP(t)
	iv := ivanPerson(t, e)
	var adds []string // the classifier's, none the record's (62.01 62.02 63.11)
	if err := e.DB.NewRaw(`SELECT code FROM okved_codes WHERE code NOT IN ('62.01', '62.02', '63.11') AND length(code) >= 4
		ORDER BY code LIMIT ?`, sharedip.MaxOKVED-2).Scan(context.Background(), &adds); err != nil || len(adds) != sharedip.MaxOKVED-2 {
		t.Fatalf("codes: %d (%v)", len(adds), err)
	}
	ch := draft(t, iv, sharedip.FormChange)
	iv.MustOK("PUT", "/ip/filings/"+ch.ID+"/draft", sharedip.DraftRequest{Step: 2, Answers: raw(sharedip.Change{AddOKVED: adds})}, nil)
	e.SetStepUp(iv, 0)
	status, err := iv.Do("POST", "/ip/filings/"+ch.ID+"/submit", nil, nil)
	wantCode(t, "a record of "+fmt.Sprint(3+len(adds))+" codes", status, err, http.StatusUnprocessableEntity, shared.CodeInvalidInput)
	if err.Fields["addOkved"].Code != sharedip.CodeOKVEDTooMany {
		t.Fatalf("fields %+v", err.Fields)
	}
}
