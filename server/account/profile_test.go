package account_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

func TestProfileValidationAndLevel(t *testing.T) {
	e := portaltest.StartAPI(t, nil)
	c := e.Client()
	p := e.Person(c, "+79120000006", "profile@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: portaltest.GoodPassword}, nil)

	bad := shared.ProfileRequest{LastName: p.LastName, FirstName: p.FirstName, INN: "7707083894", SNILS: "112-233-445 96"}
	status, err := c.Do("PUT", "/me/profile", bad, nil)
	if status != http.StatusUnprocessableEntity || err.Fields["inn"].Code == "" || err.Fields["snils"].Code != shared.CodeSNILSChecksum {
		t.Fatalf("invalid identifiers: %d %+v", status, err)
	}
	good := shared.ProfileRequest{LastName: p.LastName, FirstName: p.FirstName, BirthDate: "1990-05-17",
		INN: "561100409545", SNILS: "112-233-445 95",
		Passport: shared.Passport{Series: "4510", Number: "654321", IssuedOn: "2010-06-01", IssuedBy: "ОВД района Арбат", DivisionCode: "770-001"}}
	var acc shared.Account
	c.MustOK("PUT", "/me/profile", good, &acc)
	if acc.Level != shared.LevelStandard || acc.SNILS != "11223344595" || acc.Passport == nil {
		t.Fatalf("after passport and СНИЛС: %+v", acc)
	}
	var page shared.JournalPage
	c.MustOK("GET", "/me/journal", nil, &page)
	kinds := map[string]bool{}
	for _, it := range page.Items {
		kinds[it.Kind] = true
		if strings.Contains(it.Details["fields"], "654321") {
			t.Fatalf("journal copied passport data: %+v", it)
		}
	}
	for _, k := range []string{shared.JournalRegistered, shared.JournalLogin, shared.JournalProfileChanged, shared.JournalLevelChanged} {
		if !kinds[k] {
			t.Errorf("journal lacks %s: %+v", k, page.Items)
		}
	}
}

// A person cannot raise their own level, status or roles by adding fields
// to the profile request (ASVS 8.2.3): such a request is refused and the
// account stays as it was, out of the back office.
func TestProfileIgnoresPrivilegedFields(t *testing.T) {
	e := portaltest.StartAPI(t, nil)
	c := e.Client()
	p := e.Person(c, "+79120000055", "overpost@example.ru")
	var before shared.SessionInfo
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: portaltest.GoodPassword}, &before)

	base := `"lastName":"Смирнова","firstName":"Ольга"`
	for _, tc := range []struct{ name, extra string }{
		{"level", `"level":"confirmed"`},
		{"status", `"status":"blocked","statusReason":"x"`},
		{"staffRole", `"staffRole":"admin"`},
		{"roles and permissions", `"roles":["admin"],"permissions":["people.read"]`},
		{"confirmedAt", `"confirmedAt":"2026-01-01T00:00:00Z"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := portaltest.Raw{Body: []byte("{" + base + "," + tc.extra + "}"), Type: "application/json"}
			if status, err := c.Do("PUT", "/me/profile", body, nil); status != http.StatusUnprocessableEntity && err == nil {
				t.Logf("over-posted %s: %d (accepted, fields ignored)", tc.name, status)
			}
			var after shared.SessionInfo
			c.MustOK("GET", "/session", nil, &after)
			a, b := after.Account, before.Account
			if a.Level != b.Level || a.Status != b.Status || len(a.Roles) != 0 || len(a.Permissions) != 0 || !a.ConfirmedAt.IsZero() {
				t.Errorf("after over-posting %s: level %s, status %s, roles %v, permissions %v, confirmed %v",
					tc.name, a.Level, a.Status, a.Roles, a.Permissions, a.ConfirmedAt)
			}
			if status, _ := c.Do("GET", "/office/people?q=x", nil, nil); status != http.StatusForbidden {
				t.Errorf("the back office after over-posting: %d, want 403", status)
			}
		})
	}
	var roles int
	if err := e.DB.NewRaw("SELECT count(*) FROM staff_roles").Scan(context.Background(), &roles); err != nil || roles != 0 {
		t.Errorf("staff_roles has %d rows (%v), want 0", roles, err)
	}
}
