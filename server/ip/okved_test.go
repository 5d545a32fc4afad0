package ip_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"kabinet/server/ip"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

func codesOf(l sharedip.OKVEDList) []string {
	var out []string
	for _, it := range l.Items {
		out = append(out, it.Code)
	}
	return out
}

// The built-in subset is loaded on a new database and searched by a
// code's beginning and by words; an import replaces it whole or not at
// all.
func TestOKVEDLoadingAndSearch(t *testing.T) {
	e := portaltest.Start(t, portaltest.StubWeb(t), nil)
	ctx := context.Background()
	s := e.P.IP
	var n int
	if err := e.DB.NewRaw("SELECT count(*) FROM okved_codes").Scan(ctx, &n); err != nil || n < 300 {
		t.Fatalf("built-in classifier: %d rows, %v", n, err)
	}
	tests := []struct {
		q    string
		want []string
		not  string
	}{
		{"62.0", []string{"62.01", "62.02", "62.03", "62.09"}, "63.11"},
		{"j", []string{"J", "58", "62.01"}, "47.91"},
		{"ремонт обуви", []string{"95.23"}, "45.20"},
		{"Разработка программн", []string{"62.01"}, ""},
		{"парикмахерск", []string{"96.02"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			l, err := s.SearchOKVED(ctx, tt.q, 50)
			if err != nil {
				t.Fatal(err)
			}
			got := codesOf(l)
			ok := l.Edition == ip.BuiltinEdition && !slices.Contains(got, tt.not)
			for _, w := range tt.want {
				ok = ok && slices.Contains(got, w)
			}
			if !ok {
				t.Errorf("%q: edition %s, %v", tt.q, l.Edition, got)
			}
		})
	}
	// A code's beginning lists the codes in the classifier's order.
	if l, err := s.SearchOKVED(ctx, "62", 3); err != nil || !slices.Equal(codesOf(l), []string{"62", "62.01", "62.02"}) {
		t.Errorf("62: %v %v", codesOf(l), err)
	}
	// Words reach the query as words only.
	if l, err := s.SearchOKVED(ctx, `'):* | !(`, 10); err != nil || len(l.Items) != 0 {
		t.Errorf("punctuation: %v %v", l, err)
	}

	_, bad, err := s.ImportOKVED(ctx, strings.NewReader("код;наименование;редакция\n62.01;Разработка ПО;2025-02-01\n6;Не код;2025-02-01\n62.01;Дважды;2025-02-01\n"))
	if err == nil || len(bad) != 2 || bad[0].Line != 3 || bad[0].Code != sharedip.CodeOKVEDFormat || bad[1].Code != sharedip.CodeOKVEDTwice {
		t.Fatalf("a wrong file: %v %+v", err, bad)
	}
	if err := e.DB.NewRaw("SELECT count(*) FROM okved_codes").Scan(ctx, &n); err != nil || n < 300 {
		t.Fatalf("a refused file changed the classifier: %d", n)
	}
	if k, _, err := s.ImportOKVED(ctx, strings.NewReader("Код,Наименование,Редакция\nJ,Информация и связь,2025-02-01\n62.01,Разработка компьютерного программного обеспечения,2025-02-01\n")); err != nil || k != 2 {
		t.Fatalf("import: %d %v", k, err)
	}
	l, err := s.SearchOKVED(ctx, "62", 10)
	if err != nil || l.Edition != "2025-02-01" || !slices.Equal(codesOf(l), []string{"62.01"}) {
		t.Errorf("after the import: %+v %v", l, err)
	}
	// A restart keeps the imported classifier.
	if err := s.LoadBuiltinOKVED(ctx); err != nil {
		t.Fatal(err)
	}
	if err := e.DB.NewRaw("SELECT count(*) FROM okved_codes").Scan(ctx, &n); err != nil || n != 2 {
		t.Errorf("the built-in subset came back: %d", n)
	}
}

// New ОГРНИП are valid and unique, also when many registrations take
// them at once, and a number an import already holds is skipped.
func TestAssignOGRNIP(t *testing.T) {
	e := portaltest.Start(t, portaltest.StubWeb(t), nil)
	ctx := context.Background()
	s := e.P.IP
	const n = 40
	var mu sync.Mutex
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			got, err := s.AssignOGRNIP(ctx, e.DB, "50")
			if err != nil {
				t.Error(err)
				return
			}
			if err := shared.ValidateOGRNIP(got); err != nil || got[0] != '3' || got[3:5] != "50" {
				t.Errorf("%s: %v", got, err)
			}
			mu.Lock()
			defer mu.Unlock()
			if seen[got] {
				t.Errorf("%s given twice", got)
			}
			seen[got] = true
		})
	}
	wg.Wait()
	if len(seen) != n {
		t.Fatalf("%d numbers for %d registrations", len(seen), n)
	}
	// The next serial's number is already an imported ИП's.
	var next int64
	if err := e.DB.NewRaw("SELECT last_value + 1 FROM ip_ogrnip_serial").Scan(ctx, &next); err != nil {
		t.Fatal(err)
	}
	taken, _ := sharedip.Number(sharedip.SignRegistration, e.P.IP.Year(), "77", next)
	if err := e.P.Registry.Put(ctx, e.DB, shared.RegistryEntry{INN: portaltest.PersonINN(1), Kind: shared.RegistryIP, OGRN: taken,
		Name: "ИП Импортов Иван", Status: shared.RegistryActive, RegisteredOn: "2020-01-10"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.AssignOGRNIP(ctx, e.DB, "77")
	if err != nil || got == taken || shared.ValidateOGRNIP(got) != nil {
		t.Errorf("after a taken number: %s %v (taken %s)", got, err, taken)
	}
}
