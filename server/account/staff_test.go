package account_test

import (
	"net/http"
	"testing"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

func TestOfficeChecksPermissionsAndConfirmsAndBlocks(t *testing.T) {
	e := portaltest.StartAPI(t, nil)
	if _, err := e.P.Accounts.SeedDemo(t.Context()); err != nil {
		t.Fatal(err)
	}
	pc := e.Client()
	p := e.Person(pc, "+79120000007", "office@example.ru")
	var info shared.SessionInfo
	pc.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: portaltest.GoodPassword}, &info)
	id := info.Account.ID

	// A pc is not staff.
	if status, err := pc.Do("GET", "/office/people?q="+p.Email, nil, nil); status != http.StatusForbidden || err.Code != shared.CodeForbidden {
		t.Fatalf("pc in office: %d %+v", status, err)
	}
	op := e.Client()
	info = op.SignInDemo("operator@example.ru")
	if !info.Account.Can(shared.PermPeopleConfirm) {
		t.Fatalf("operator permissions: %v", info.Account.Permissions)
	}
	var found shared.PeopleSearch
	op.MustOK("GET", "/office/people?q=%2B7%20912%20000-00-07", nil, &found)
	if len(found.Items) != 1 || found.Items[0].ID != id {
		t.Fatalf("search by phone: %+v", found)
	}
	// Confirmation needs the passport and СНИЛС on file.
	if _, err := op.Do("POST", "/office/people/"+id+"/confirm", shared.ConfirmIdentityRequest{Document: "паспорт 4510 654321"}, nil); err == nil || err.Code != shared.CodeIdentityIncomplete {
		t.Fatalf("confirm without documents: %+v", err)
	}
	pc.MustOK("PUT", "/me/profile", shared.ProfileRequest{LastName: p.LastName, FirstName: p.FirstName, BirthDate: "1990-05-17",
		SNILS: "010-242-368 77", Passport: shared.Passport{Series: "4510", Number: "654321", IssuedOn: "2010-06-01", IssuedBy: "ОВД", DivisionCode: "770-001"}}, nil)
	// A search lists the person without the documents now on file.
	op.MustOK("GET", "/office/people?q=%2B7%20912%20000-00-07", nil, &found)
	if len(found.Items) != 1 || found.Items[0].Passport != nil || found.Items[0].SNILS != "" || found.Items[0].BirthDate != "" {
		t.Fatalf("a search shows documents: %+v", found.Items)
	}
	var acc shared.Account
	op.MustOK("POST", "/office/people/"+id+"/confirm", shared.ConfirmIdentityRequest{Document: "паспорт 4510 654321"}, &acc)
	if acc.Level != shared.LevelConfirmed {
		t.Fatalf("after confirmation: %s", acc.Level)
	}

	op.MustOK("POST", "/office/people/"+id+"/block", shared.StatusChangeRequest{Reason: "Заявление владельца об утере телефона"}, &acc)
	if acc.Status != shared.StatusBlocked {
		t.Fatalf("after block: %s", acc.Status)
	}
	// Blocking ends the person's sessions at once, and sign-in says why.
	if status, _ := pc.Do("GET", "/session", nil, nil); status != http.StatusUnauthorized {
		t.Fatalf("blocked person's session still works: %d", status)
	}
	if _, err := pc.Do("POST", "/login", shared.LoginRequest{Login: p.Email, Password: portaltest.GoodPassword}, nil); err == nil || err.Code != shared.CodeAccountBlocked {
		t.Fatalf("blocked sign-in: %+v", err)
	}
	op.MustOK("POST", "/office/people/"+id+"/unblock", shared.StatusChangeRequest{Reason: "Личность проверена, телефон восстановлен"}, &acc)
	pc.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: portaltest.GoodPassword}, nil)

	var page shared.JournalPage
	op.MustOK("GET", "/office/people/"+id+"/journal", nil, &page)
	if len(page.Items) == 0 || page.Items[0].Kind != shared.JournalLogin {
		t.Fatalf("office journal view: %+v", page.Items)
	}
	if status, _ := op.Do("GET", "/office/people/not-a-uuid", nil, nil); status != http.StatusNotFound {
		t.Fatalf("malformed id: %d", status)
	}
}
