package auth

import (
	"context"
	"strings"
	"testing"
)

func TestHasher(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(2, nil)
	phc, err := h.Hash(ctx, "Пароль-на-русском-2026")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(phc, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("parameters: %s", phc)
	}
	other, _ := h.Hash(ctx, "Пароль-на-русском-2026")
	if other == phc {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	for _, tc := range []struct {
		name, phc, pw string
		want          bool
	}{
		{"right", phc, "Пароль-на-русском-2026", true},
		{"wrong", phc, "Пароль-на-русском-2027", false},
		{"empty hash is the dummy and never matches", "", "dummy password for timing", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, err := h.Verify(ctx, tc.phc, tc.pw)
			if err != nil || ok != tc.want {
				t.Fatalf("Verify = %v, %v", ok, err)
			}
		})
	}
	if _, err := h.Verify(ctx, "$2a$10$bcrypt", "x"); err == nil {
		t.Fatal("a non-argon2id hash was accepted")
	}
}

func BenchmarkArgon2id(b *testing.B) {
	h := NewHasher(1, nil)
	phc, _ := h.Hash(context.Background(), "Moy-Portal-2026!")
	for b.Loop() {
		if ok, _ := h.Verify(context.Background(), phc, "Moy-Portal-2026!"); !ok {
			b.Fatal("no match")
		}
	}
}
