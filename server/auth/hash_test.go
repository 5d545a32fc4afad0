package auth

import (
	"context"
	"encoding/base64"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	xargon2 "golang.org/x/crypto/argon2"
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

// The slots' memory goes back to the system a second after a burst of
// hashes, not while one runs: freed in the middle of a burst, it would be
// made and faulted in again, page by page, by the next hashes.
func TestHasherFreesMemoryAfterTheBurstOnly(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(2, nil)
	var freed atomic.Int32
	h.free = func() { freed.Add(1) }
	if _, err := h.Hash(ctx, "a"); err != nil { // the slots all free: armed
		t.Fatal(err)
	}
	s, err := h.acquire(ctx) // a hash that runs on
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond)
	if n := freed.Load(); n != 0 {
		t.Fatalf("memory freed %d times while a hash ran", n)
	}
	if kept := keptMemory(h, s); kept == 0 {
		t.Fatal("a slot's memory was dropped while a hash ran")
	}
	h.release(s)
	time.Sleep(1500 * time.Millisecond)
	if n := freed.Load(); n != 1 {
		t.Fatalf("memory freed %d times a second after the burst, want 1", n)
	}
	if kept := keptMemory(h); kept != 0 {
		t.Fatalf("%d KiB kept a second after the burst, want 0", kept)
	}
	if ok, err := h.Verify(ctx, "", "x"); ok || err != nil { // and it hashes again
		t.Fatalf("Verify after idle = %v, %v", ok, err)
	}
}

// keptMemory is the memory (KiB) the free slots and those given keep.
func keptMemory(h *Hasher, held ...*slot) int {
	kept := 0
	for range cap(h.slots) - len(held) {
		s := <-h.slots
		held = append(held, s)
		defer func() { h.slots <- s }()
	}
	for _, s := range held {
		kept += len(s.mem)
	}
	return kept
}

// In a burst under the server's memory limit (2 cores), hashes allocate
// nothing and fault no page in: each slot keeps its 19 MiB from one hash
// to the next. With x/crypto's argon2 each hash allocated 19 MiB; under
// the limit the runtime gave pages back between collections, and each
// hash faulted ~1 000–3 000 of them in again (3–8 ms of kernel time).
// Recovery codes' lighter hashes use the same memory.
func TestHasherReusesItsMemoryInABurst(t *testing.T) {
	ctx := context.Background()
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(112 << 20))
	h := NewHasher(2, nil)
	h.free = func() {}
	phc, err := h.Hash(ctx, "Пароль-на-русском-2026")
	if err != nil {
		t.Fatal(err)
	}
	code, err := h.HashCode(ctx, "ABCD-EFGH")
	if err != nil {
		t.Fatal(err)
	}
	burst := func(each int) {
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				for i := range each {
					p, pw := phc, "Пароль-на-русском-2026"
					if i%4 == 3 {
						p, pw = code, "ABCD-EFGH"
					}
					if ok, err := h.Verify(ctx, p, pw); !ok || err != nil {
						t.Errorf("Verify = %v, %v", ok, err)
					}
				}
			})
		}
		wg.Wait()
	}
	burst(2) // the slots make their memory
	var before, after syscall.Rusage
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	burst(8)
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	runtime.ReadMemStats(&m1)
	if faults := (after.Minflt - before.Minflt) / 16; faults > 20 {
		t.Errorf("%d page faults a hash in a burst, want under 20 (the slots' memory kept)", faults)
	}
	if alloc := (m1.TotalAlloc - m0.TotalAlloc) / 16; alloc > 64<<10 {
		t.Errorf("%d bytes allocated a hash in a burst, want under 64 KiB", alloc)
	}
	if kept := keptMemory(h); kept != 2*argonMemory {
		t.Errorf("slots keep %d KiB, want 2 × %d", kept, argonMemory)
	}
}

// A stored hash with more memory than a password's verifies in memory of
// its own; the slot does not grow to it.
func TestHasherVerifiesAStrongerHashWithoutKeepingIt(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(1, nil)
	salt := []byte("0123456789abcdef")
	key := xargon2.IDKey([]byte("pw"), salt, 1, 32*1024, 1, 32)
	enc := base64.RawStdEncoding
	phc := fmt.Sprintf("$argon2id$v=19$m=%d,t=1,p=1$%s$%s", 32*1024, enc.EncodeToString(salt), enc.EncodeToString(key))
	if ok, err := h.Verify(ctx, phc, "pw"); !ok || err != nil {
		t.Fatalf("Verify = %v, %v", ok, err)
	}
	if kept := keptMemory(h); kept > argonMemory {
		t.Fatalf("the slot keeps %d KiB, more than a password's %d", kept, argonMemory)
	}
}
