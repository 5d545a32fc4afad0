package registry_test

import (
	"net/http"
	"testing"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	"kabinet/shared/npd"
)

// The registry lookup is open to a signed-in person only, and says why
// it found nothing.
func TestRegistryLookup(t *testing.T) {
	e := portaltest.StartAPI(t, nil)
	e.SeedDemo()
	if status, _ := e.Client().Do("GET", "/registry/7707083893", nil, nil); status != http.StatusUnauthorized {
		t.Fatalf("anonymous lookup: %d", status)
	}
	c := e.Client()
	c.MustOK("POST", "/login", shared.LoginRequest{Login: "anna@example.ru", Password: "Kabinet-Demo-2026"}, nil)
	if _, err := c.Do("GET", "/registry/561100409545", nil, nil); err == nil || err.Code != npd.CodeFactorRequired {
		t.Fatalf("a lookup with a password alone: %+v", err)
	}
	c.AddApp()
	var got shared.RegistryEntry
	c.MustOK("GET", "/registry/561100409545", nil, &got)
	if got.Kind != shared.RegistryIP || got.OGRN != "304770000000031" || got.Name != "ИП Петров Пётр Петрович" {
		t.Fatalf("ИП %+v", got)
	}
	if _, err := c.Do("GET", "/registry/500100732259", nil, nil); err == nil || err.Code != shared.CodeRegistryUnknown {
		t.Fatalf("unknown: %+v", err)
	}
	if _, err := c.Do("GET", "/registry/77070838", nil, nil); err == nil || err.Fields["inn"].Code != shared.CodeINNLength {
		t.Fatalf("short: %+v", err)
	}
}
