package registry_test

import (
	"context"
	"errors"
	"strings"
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

func TestImport(t *testing.T) {
	ctx := context.Background()
	db := dbtest.NewDB(t)
	s := registry.New(db)
	file := "ИНН;ОГРН;КПП;Наименование;Статус;Дата регистрации;Дата прекращения\n" +
		"5504036333;1022200525819;550401001;ООО «Ромашка»;active;01.10.2002;\n" +
		"561100409545;304770000000031;;ИП Петров Пётр Петрович;active;2004-03-15;\n"
	// A wrong row (the ОГРН's check digit) and nothing is recorded.
	n, bad, err := s.Import(ctx, strings.NewReader(file+"7707280242;1022500001328;;ООО «Былое»;closed;20.07.2002;\n"))
	if !errors.Is(err, registry.ErrRejected) || n != 0 || len(bad) != 2 || bad[0].Line != 4 || bad[0].Field != "closedOn" ||
		bad[1].Field != "ogrn" || bad[1].Code != shared.CodeOGRNChecksum {
		t.Fatalf("import with wrong rows: %d, %+v, %v", n, bad, err)
	}
	if _, err := s.Lookup(ctx, "5504036333"); shared.ErrorCode(err) != shared.CodeRegistryUnknown {
		t.Fatalf("a rejected file left an entry: %v", err)
	}
	n, bad, err = s.Import(ctx, strings.NewReader(file))
	if err != nil || n != 2 || bad != nil {
		t.Fatalf("import: %d, %+v, %v", n, bad, err)
	}
	ip, err := s.Lookup(ctx, "561100409545")
	if err != nil || ip.Kind != shared.RegistryIP || ip.RegisteredOn != "2004-03-15" {
		t.Fatalf("ИП %+v, %v", ip, err)
	}
	if _, _, err := s.Import(ctx, strings.NewReader("ИНН;Наименование\n5504036333;x\n")); err == nil || !strings.Contains(err.Error(), "огрн") {
		t.Fatalf("a file without ОГРН: %v", err)
	}
}
