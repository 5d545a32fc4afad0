package registry_test

import (
	"context"
	"testing"

	"kabinet/server/dbtest"
	"kabinet/server/registry"
	"kabinet/shared"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func TestLookupPutAndDemo(t *testing.T) {
	ctx := context.Background()
	db := dbtest.NewDB(t)
	s := registry.New(db)
	if err := s.SeedDemo(ctx); err != nil {
		t.Fatalf("the demo entries must be valid: %v", err)
	}
	if err := s.SeedDemo(ctx); err != nil { // again: replaced, not doubled
		t.Fatal(err)
	}
	e, err := s.Lookup(ctx, "7707083893")
	if err != nil || e.Name != "ПАО Сбербанк" || e.Kind != shared.RegistryOrg || !e.Active("2026-12-02") {
		t.Fatalf("lookup %+v, %v", e, err)
	}
	closed, err := s.Lookup(ctx, "7707280242")
	if err != nil || closed.ClosedOn != "2025-03-01" || closed.Active("2026-12-02") || !closed.Active("2025-02-28") {
		t.Fatalf("closed %+v, %v", closed, err)
	}
	if _, err := s.Lookup(ctx, "500100732259"); shared.ErrorCode(err) != shared.CodeRegistryUnknown {
		t.Fatalf("unknown ИНН: %v", err)
	}
	if _, err := s.Lookup(ctx, "7707083894"); err == nil || shared.ErrorCode(err) != shared.CodeInvalidInput {
		t.Fatalf("bad check digit: %v", err)
	}
	// Each number is checked against its kind, with its check digit.
	err = s.Put(ctx, db, shared.RegistryEntry{INN: "561100409545", Kind: shared.RegistryOrg, OGRN: "1022500001328", Name: "x",
		Status: shared.RegistryClosed, RegisteredOn: "2020-01-01"})
	fe, _ := shared.AsError(err)
	if fe == nil || fe.Fields["inn"].Code == "" || fe.Fields["ogrn"].Code != shared.CodeOGRNChecksum || fe.Fields["closedOn"].Code == "" {
		t.Fatalf("bad entry: %+v", err)
	}
	var n int
	if err := db.NewRaw("SELECT count(*) FROM registry_entries").Scan(ctx, &n); err != nil || n != len(registry.Demo) {
		t.Fatalf("%d entries (%v)", n, err)
	}
}
