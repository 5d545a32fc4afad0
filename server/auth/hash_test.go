package auth

import (
	"context"
	"math"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
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

// The heap's memory goes back to the system a second after a burst of
// hashes, not while one runs: freed in the middle of a burst, it would be
// faulted back in, page by page, by the next hashes.
func TestHasherFreesMemoryAfterTheBurstOnly(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(2, nil)
	var freed atomic.Int32
	h.free = func() { freed.Add(1) }
	if _, err := h.Hash(ctx, "a"); err != nil { // the slots all free: armed
		t.Fatal(err)
	}
	if err := h.acquire(ctx, argonMemory); err != nil { // a hash that runs on
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond)
	if n := freed.Load(); n != 0 {
		t.Fatalf("memory freed %d times while a hash ran", n)
	}
	h.release()
	time.Sleep(1500 * time.Millisecond)
	if n := freed.Load(); n != 1 {
		t.Fatalf("memory freed %d times a second after the burst, want 1", n)
	}
}

// gcPercent reads the collector's percent.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// With a memory limit, a burst of hashes runs with the collector's percent
// off, so the heap keeps argon's blocks between hashes; the percent comes
// back when the burst ends. Without a limit it is never touched.
func TestHasherKeepsItsMemoryThroughABurst(t *testing.T) {
	ctx := context.Background()
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer debug.SetGCPercent(debug.SetGCPercent(100))

	debug.SetMemoryLimit(math.MaxInt64)
	h := NewHasher(2, nil)
	h.free = func() {}
	if err := h.acquire(ctx, argonMemory); err != nil {
		t.Fatal(err)
	}
	if p := gcPercent(); p != 100 {
		t.Errorf("without a memory limit: GC percent %d in a burst, want 100 untouched", p)
	}
	h.release()
	h.idleFree()

	debug.SetMemoryLimit(512 << 20)
	if err := h.acquire(ctx, argonMemory); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Hash(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if p := gcPercent(); p != -1 {
		t.Errorf("in a burst: GC percent %d, want off (-1)", p)
	}
	// A hash makes room below where the runtime would give memory back
	// to stay under the limit: 95 % of 512 MiB less 8 MiB.
	if at, want := h.collectAt.Load(), uint64(512<<20/100*95-8<<20); at != want {
		t.Errorf("in a burst: collects at %d, want %d", at, want)
	}
	h.release()
	time.Sleep(1500 * time.Millisecond)
	if p := gcPercent(); p != 100 {
		t.Errorf("a second after the burst: GC percent %d, want 100 back", p)
	}
	if at := h.collectAt.Load(); at != 0 {
		t.Errorf("after the burst: collects at %d, want 0 (the runtime's percent again)", at)
	}
	// A limit too low for the hashes and one more leaves the collection
	// to the runtime.
	if at := collectBelow(64<<20, 2); at != 0 {
		t.Errorf("a limit of 64 MiB: collects at %d, want 0", at)
	}
}

// In a burst under the server's memory limit (2 cores), a hash takes its
// 19 MiB from the blocks of hashes that ended, in pages already in place.
// Before, the heap grew to the limit between collections, the runtime
// gave pages back to stay under it, and each hash faulted ~1 000–3 000 of
// them in again (3–8 ms of kernel time).
func TestHasherReusesItsMemoryInABurst(t *testing.T) {
	ctx := context.Background()
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(112 << 20))
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	h := NewHasher(2, nil)
	h.free = func() {}
	phc, err := h.Hash(ctx, "Пароль-на-русском-2026")
	if err != nil {
		t.Fatal(err)
	}
	burst := func(each int) {
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				for range each {
					if ok, err := h.Verify(ctx, phc, "Пароль-на-русском-2026"); !ok || err != nil {
						t.Errorf("Verify = %v, %v", ok, err)
					}
				}
			})
		}
		wg.Wait()
	}
	burst(4) // the heap takes its size
	var before, after syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	burst(8)
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	if faults := (after.Minflt - before.Minflt) / 16; faults > 200 {
		t.Errorf("%d page faults a hash in a burst, want under 200 (the heap's blocks reused)", faults)
	}
}
