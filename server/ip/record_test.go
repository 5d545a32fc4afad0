package ip_test

import (
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

// ivan signs the demo ИП in and sets up his authenticator app (his
// account has no second factor in the demo data).
func ivan(e *portaltest.Env) *portaltest.Client {
	e.T.Helper()
	c := e.Client()
	c.MustOK("POST", "/login", shared.LoginRequest{Login: "ivan@example.ru", Password: "Kabinet-Demo-2026"}, nil)
	return c
}

// docSet is the SQL that sets a field of the passport in the demo ИП's
// record (the one record that keeps a passport).
func docSet(field, value string) string {
	return fmt.Sprintf(`UPDATE ip_records SET identity_doc = jsonb_set(identity_doc, '{%s}', to_jsonb('%s'::text))
		WHERE identity_doc IS NOT NULL`, field, value)
}

func wantCode(t *testing.T, what string, status int, e *shared.Error, wantStatus int, code shared.Code) {
	t.Helper()
	if e == nil || e.Code != code || status != wantStatus {
		t.Fatalf("%s: %d %+v, want %d %s", what, status, e, wantStatus, code)
	}
}

// The cabinet opens for a confirmed account with a second factor whose
// ИНН names an ИП, and otherwise says why, each reason its own code.
func TestHomeOpensOrSaysWhy(t *testing.T) {
	e := portaltest.StartIP(t)
	anna := e.Client()
	anna.MustOK("POST", "/login", shared.LoginRequest{Login: "anna@example.ru", Password: "Kabinet-Demo-2026"}, nil)
	status, err := anna.Do("GET", "/ip", nil, nil)
	wantCode(t, "a simplified account", status, err, http.StatusForbidden, sharedip.CodeNotConfirmed)

	iv := ivan(e)
	status, err = iv.Do("GET", "/ip", nil, nil)
	wantCode(t, "no second factor", status, err, http.StatusForbidden, sharedip.CodeNoFactor)
	// The classifier is reference information: no factor needed.
	var l sharedip.OKVEDList
	iv.MustOK("GET", "/ip/okved?q=62.01", nil, &l)
	if len(l.Items) != 1 || l.Items[0].Name != "Разработка компьютерного программного обеспечения" {
		t.Errorf("okved: %+v", l)
	}
	iv.AddApp()
	var home sharedip.Home
	iv.MustOK("GET", "/ip", nil, &home)
	r := home.Record
	if r.LastName != "Иванов" || r.FirstName != "Иван" || r.MiddleName != "Иванович" || r.BirthDate != "1985-03-14" ||
		r.INN != "123456789047" || shared.ValidateOGRNIP(r.OGRNIP) != nil || r.RegisteredOn != "2024-02-12" ||
		r.Regime != sharedip.RegimeNPD || r.Status != shared.RegistryActive || r.Address.Region != "77" {
		t.Errorf("record %+v", r)
	}
	want := []sharedip.OKVED{{Code: "62.02", Name: "Деятельность консультативная и работы в области компьютерных технологий"},
		{Code: "63.11", Name: "Деятельность по обработке данных, предоставление услуг по размещению информации и связанная с этим деятельность"}}
	if r.MainOKVED.Name != "Разработка компьютерного программного обеспечения" || !cmp.Equal(r.OtherOKVED, want) {
		t.Errorf("codes: %+v %+v", r.MainOKVED, r.OtherOKVED)
	}
	if len(r.History) != 2 || r.History[1].GRN != r.OGRNIP || r.History[0].GRN[0] != '4' || shared.ValidateOGRNIP(r.History[0].GRN) != nil {
		t.Errorf("history %+v", r.History)
	}
	if len(home.Filings) != 1 || home.Filings[0].Form != sharedip.FormChange || home.Filings[0].Status != sharedip.StatusSubmitted {
		t.Errorf("filings %+v", home.Filings)
	}

	olga := e.ConfirmedPerson(1)
	status, err = olga.Do("GET", "/ip", nil, nil)
	wantCode(t, "not an ИП", status, err, http.StatusConflict, sharedip.CodeNotIP)

	if _, err := e.DB.NewRaw("UPDATE accounts SET status = 'pending', status_reason = 'contacts_not_confirmed' WHERE id = ?", olga.ID).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	status, err = olga.Do("GET", "/ip", nil, nil)
	wantCode(t, "pending", status, err, http.StatusForbidden, sharedip.CodeAccountLimited)
}

// «Проверить данные в ЕГРИП» names each field that differs, puts the
// account into «требуется обновление данных» (journalled), and lifts it
// once the data agree again.
func TestCheckNamesEachDifference(t *testing.T) {
	e := portaltest.StartIP(t)
	iv := ivan(e)
	iv.AddApp()
	var home sharedip.Home
	iv.MustOK("GET", "/ip", nil, &home)
	var res sharedip.CheckResult
	iv.MustOK("POST", "/ip/check", sharedip.CheckRequest{OGRNIP: home.Record.OGRNIP}, &res)
	if !res.Confirmed || len(res.Differences) != 0 {
		t.Fatalf("agree: %+v", res)
	}
	ctx := context.Background()
	set := func(q string, args ...any) {
		t.Helper()
		if _, err := e.DB.NewRaw(q, args...).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	other, _ := sharedip.Number(sharedip.SignRegistration, 2024, "77", 777)
	tests := []struct {
		field, change, undo string
		req                 sharedip.CheckRequest
		profile, registry   string
	}{
		{"lastName", "UPDATE accounts SET last_name = 'Иваненко' WHERE email = 'ivan@example.ru'",
			"UPDATE accounts SET last_name = 'Иванов' WHERE email = 'ivan@example.ru'", sharedip.CheckRequest{}, "Иваненко", "Иванов"},
		{"firstName", "UPDATE ip_records SET first_name = 'Иоанн'", "UPDATE ip_records SET first_name = 'Иван'", sharedip.CheckRequest{}, "Иван", "Иоанн"},
		{"middleName", "UPDATE accounts SET middle_name = '' WHERE email = 'ivan@example.ru'",
			"UPDATE accounts SET middle_name = 'Иванович' WHERE email = 'ivan@example.ru'", sharedip.CheckRequest{}, "", "Иванович"},
		{"birthDate", "UPDATE ip_records SET birth_date = '1985-03-15'", "UPDATE ip_records SET birth_date = '1985-03-14'", sharedip.CheckRequest{}, "1985-03-14", "1985-03-15"},
		{"inn", "UPDATE accounts SET inn = '561100409545' WHERE email = 'ivan@example.ru'",
			"UPDATE accounts SET inn = '123456789047' WHERE email = 'ivan@example.ru'", sharedip.CheckRequest{}, "561100409545", "123456789047"},
		{"ogrnip", "", "", sharedip.CheckRequest{OGRNIP: other}, other, home.Record.OGRNIP},
		// The passport in the record, each field (the division code
		// changed on the profile's side).
		{"passport.series", docSet("series", "4511"), docSet("series", "4510"), sharedip.CheckRequest{}, "4510", "4511"},
		{"passport.number", docSet("number", "654321"), docSet("number", "123456"), sharedip.CheckRequest{}, "123456", "654321"},
		{"passport.issuedOn", docSet("issuedOn", "2005-04-15"), docSet("issuedOn", "2005-04-14"), sharedip.CheckRequest{},
			"2005-04-14", "2005-04-15"},
		{"passport.issuedBy", docSet("issuedBy", "ОВД Тверского района"), docSet("issuedBy", "ГУ МВД России по г. Москве"),
			sharedip.CheckRequest{}, "ГУ МВД России по г. Москве", "ОВД Тверского района"},
		{"passport.divisionCode", "UPDATE accounts SET passport_division_code = '770-002' WHERE email = 'ivan@example.ru'",
			"UPDATE accounts SET passport_division_code = '770-001' WHERE email = 'ivan@example.ru'", sharedip.CheckRequest{},
			"770-002", "770-001"},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			if tt.change != "" {
				set(tt.change)
			}
			var res sharedip.CheckResult
			iv.MustOK("POST", "/ip/check", tt.req, &res)
			want := []sharedip.Difference{{Field: tt.field, Profile: tt.profile, Registry: tt.registry}}
			if res.Confirmed || !cmp.Equal(res.Differences, want) {
				t.Errorf("%s", cmp.Diff(want, res.Differences))
			}
			var acc shared.Account
			iv.MustOK("GET", "/me", nil, &acc)
			if acc.Status != shared.StatusNeedsUpdate || acc.StatusReason != sharedip.ReasonMismatch {
				t.Errorf("account %s %s", acc.Status, acc.StatusReason)
			}
			if status, err := iv.Do("GET", "/ip", nil, nil); err == nil || err.Code != sharedip.CodeNeedsUpdate {
				t.Errorf("home while the data differ: %d %+v", status, err)
			}
			if status, err := iv.Do("POST", "/ip/filings", sharedip.CreateFilingRequest{Form: sharedip.FormChange}, nil); err == nil || err.Code != sharedip.CodeNeedsUpdate {
				t.Errorf("a Р24001 while the data differ: %d %+v", status, err)
			}
			if tt.undo != "" {
				set(tt.undo)
			}
			res, acc = sharedip.CheckResult{}, shared.Account{}
			iv.MustOK("POST", "/ip/check", sharedip.CheckRequest{}, &res)
			iv.MustOK("GET", "/me", nil, &acc)
			if !res.Confirmed || acc.Status != shared.StatusActive || acc.StatusReason != "" {
				t.Errorf("after the fix: %+v, account %s", res, acc.Status)
			}
		})
	}
	var kinds []string
	if err := e.DB.NewRaw(`SELECT kind FROM journal j JOIN accounts a ON a.id = j.account_id
		WHERE a.email = 'ivan@example.ru' AND kind IN ('ip.checked', 'ip.mismatch') ORDER BY j.id`).Scan(ctx, &kinds); err != nil {
		t.Fatal(err)
	}
	if len(kinds) != 1+2*len(tests) || kinds[1] != sharedip.JournalMismatch || kinds[2] != sharedip.JournalChecked {
		t.Errorf("journal %v", kinds)
	}
	if status, err := iv.Do("POST", "/ip/check", sharedip.CheckRequest{OGRNIP: "304770000000032"}, nil); err == nil || err.Fields["ogrnip"].Code != shared.CodeOGRNIPChecksm {
		t.Errorf("a wrong ОГРНИП: %d %+v", status, err)
	}
}

// The record keeps the person's passport (kind, series and number, date,
// issuer): the owner and the registry officer see it, the public lookup
// by ИНН does not; a registered Р24001 changing the passport changes it
// in the record, under a new entry, and «Проверить данные» then names
// the fields in which the profile's passport differs.
func TestPassportInRecord(t *testing.T) {
	e := portaltest.StartIP(t)
	iv := ivanPerson(t, e)
	officer := e.Staff(1, shared.RoleRegistryOfficer)
	want := &sharedip.IdentityDoc{Kind: sharedip.DocPassportRF, Passport: shared.Passport{Series: "4510", Number: "123456",
		IssuedOn: "2005-04-14", IssuedBy: "ГУ МВД России по г. Москве", DivisionCode: "770-001"}}
	var home sharedip.Home
	iv.MustOK("GET", "/ip", nil, &home)
	if !cmp.Equal(home.Record.Passport, want) {
		t.Errorf("the owner's record: %s", cmp.Diff(want, home.Record.Passport))
	}
	var card sharedip.OfficeRecord
	officer.MustOK("GET", "/office/ip/records/"+iv.INN, nil, &card)
	if !cmp.Equal(card.Record.Passport, want) {
		t.Errorf("the officer's card: %s", cmp.Diff(want, card.Record.Passport))
	}
	var lookup json.RawMessage
	officer.MustOK("GET", "/registry/"+iv.INN, nil, &lookup)
	if body := string(lookup); !strings.Contains(body, iv.INN) || strings.Contains(body, "ГУ МВД") ||
		strings.Contains(body, `"4510"`) || strings.Contains(strings.ToLower(body), "passport") {
		t.Errorf("the public lookup shows the passport: %s", body)
	}

	newer := shared.Passport{Series: "4520", Number: "654321", IssuedOn: "2025-03-20", IssuedBy: "ГУ МВД России по г. Москве",
		DivisionCode: "770-003"}
	ch := draft(t, iv, sharedip.FormChange)
	iv.MustOK("PUT", "/ip/filings/"+ch.ID+"/draft", sharedip.DraftRequest{Step: 3, Answers: raw(sharedip.Change{Passport: &newer})}, nil)
	e.SetStepUp(iv, 0)
	iv.MustOK("POST", "/ip/filings/"+ch.ID+"/submit", nil, &ch)
	var rec sharedip.Record
	officer.MustOK("POST", "/office/ip/filings/"+ch.ID+"/register", nil, &rec)
	want.Passport = newer
	if !cmp.Equal(rec.Passport, want) || rec.History[0].Kind != "change" || rec.History[0].Filing != ch.Number {
		t.Fatalf("after Р24001: %s %+v", cmp.Diff(want, rec.Passport), rec.History[0])
	}
	iv.MustOK("GET", "/ip", nil, &home)
	if !cmp.Equal(home.Record.Passport, want) {
		t.Errorf("the owner's record after Р24001: %s", cmp.Diff(want, home.Record.Passport))
	}
	var res sharedip.CheckResult
	iv.MustOK("POST", "/ip/check", sharedip.CheckRequest{}, &res)
	var fields []string
	for _, d := range res.Differences {
		fields = append(fields, d.Field)
	}
	if w := []string{"passport.series", "passport.number", "passport.issuedOn", "passport.divisionCode"}; !slices.Equal(fields, w) {
		t.Errorf("the check after Р24001: %v, want %v", fields, w)
	}
}

// The deadlines ahead follow the record's regime: none on НПД (its tax
// is the НПД cabinet's), the УСН ones and the contributions on УСН, the
// nearest first; the calendar file has each as an all-day event with a
// reminder, under a UID that stays the same on the next download.
func TestDuesFollowTheRegimeAndTravelAsICalendar(t *testing.T) {
	e := portaltest.StartIP(t)
	iv := ivan(e)
	iv.AddApp()
	var home sharedip.Home
	iv.MustOK("GET", "/ip", nil, &home)
	if len(home.Dues) != 0 {
		t.Errorf("dues on НПД: %+v", home.Dues)
	}
	if _, err := e.DB.NewRaw("UPDATE ip_records SET regime = ? WHERE inn = ?", sharedip.RegimeUSN6, home.Record.INN).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	iv.MustOK("GET", "/ip", nil, &home)
	today := time.Now().In(shared.Moscow).Format(time.DateOnly)
	kinds := map[string]bool{}
	for i, d := range home.Dues {
		kinds[d.Kind] = true
		if d.On < today || i > 0 && d.On < home.Dues[i-1].On {
			t.Errorf("due %d %+v: before today (%s) or out of order", i, d, today)
		}
	}
	for _, k := range []string{sharedip.DueDeclaration, sharedip.DueTax, sharedip.DueNotice, sharedip.DueAdvance,
		sharedip.DueContributions, sharedip.DueOver300} {
		if !kinds[k] {
			t.Errorf("no %s among the dues on УСН: %+v", k, home.Dues)
		}
	}

	status, hdr, body := iv.Download("/ip/dues.ics")
	ics := string(body)
	if status != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "text/calendar") ||
		strings.Count(ics, "BEGIN:VEVENT") != len(home.Dues) || strings.Count(ics, "TRIGGER:-P2DT15H") != len(home.Dues) {
		t.Fatalf("dues.ics: %d %s, %d events for %d dues\n%s", status, hdr.Get("Content-Type"), strings.Count(ics, "BEGIN:VEVENT"), len(home.Dues), ics)
	}
	for _, d := range home.Dues {
		for _, line := range []string{"UID:" + d.Kind + "-" + d.Period + "-", "DTSTART;VALUE=DATE:" + strings.ReplaceAll(d.On, "-", "")} {
			if !strings.Contains(ics, line) {
				t.Errorf("dues.ics has no %q", line)
			}
		}
	}
	if !strings.Contains(ics, "SUMMARY:Фиксированные страховые взносы за") {
		t.Errorf("dues.ics: no contributions in Russian\n%s", ics)
	}

	olga := e.ConfirmedPerson(1)
	status, err := olga.Do("GET", "/ip/dues.ics", nil, nil)
	wantCode(t, "not an ИП", status, err, http.StatusConflict, sharedip.CodeNotIP)
}

// The deadlines are told 3 days and a day ahead, once each however often
// the job runs, to the ИП's holder only, and not once the category is
// switched off.
func TestDuesAreRemindedAheadOnce(t *testing.T) {
	e := portaltest.StartIP(t)
	ctx := context.Background()
	iv := ivan(e)
	iv.AddApp()
	if _, err := e.DB.NewRaw("UPDATE ip_records SET regime = ? WHERE inn = '123456789047'", sharedip.RegimeUSN6).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	dueTold := func(c *portaltest.Client) []string {
		t.Helper()
		var in shared.Inbox
		c.MustOK("GET", "/notifications", nil, &in)
		var out []string
		for _, n := range in.Items {
			if n.Category == shared.NotifyIPDue {
				out = append(out, n.Message+" "+strings.Join(n.Args, " | "))
			}
		}
		slices.Sort(out)
		return out
	}
	run := func(day string) {
		t.Helper()
		at, _ := time.ParseInLocation(time.DateTime, day+" 10:00:00", shared.Moscow)
		if _, err := e.P.IP.RemindDues(ctx, at); err != nil {
			t.Fatal(err)
		}
	}
	// 25 December 2026: the contributions of 28 December in 3 days.
	run("2026-12-25")
	run("2026-12-25")
	want := []string{"msg.ip.due3 Фиксированные страховые взносы за 2026 год: 57\u00a0390,00\u00a0₽ | 28.12.2026"}
	if got := dueTold(iv); !slices.Equal(got, want) {
		t.Errorf("on 25.12.2026: %q, want %q", got, want)
	}
	if n := len(e.MessagesTo("ivan@example.ru")); n == 0 {
		t.Error("no e-mail of the reminder")
	}
	// 24 April 2026, a Friday: the declaration and the notice of Monday
	// 27 April in 3 days; nothing is due on the 25th, a Saturday.
	run("2026-04-24")
	if got := dueTold(iv); len(got) != 3 || !strings.Contains(strings.Join(got, "\n"), "Декларация по УСН за 2025 год | 27.04.2026") {
		t.Errorf("on 24.04.2026: %q", got)
	}
	// Switched off: recorded, not shown.
	iv.MustOK("PUT", "/notifications/prefs/"+shared.NotifyIPDue, shared.NotifyPrefRequest{On: false}, nil)
	run("2026-04-27")
	if got := dueTold(iv); len(got) != 3 {
		t.Errorf("after switching «Сроки ИП» off: %q", got)
	}
	// Another person is told nothing.
	if got := dueTold(e.ConfirmedPerson(1).Client); len(got) != 0 {
		t.Errorf("a person who is not an ИП was told %q", got)
	}
}
