package auth

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	xargon2 "golang.org/x/crypto/argon2"
)

// Hashes running at once, of both memory sizes, while the idle timer's
// work drops the slots' memory: each gets its own key (two hashes in one
// slot's memory would give wrong keys), a hash waiting for a slot leaves
// on its context's end and takes no slot with it, and every slot is back
// at the end. Run it with -race too.
func TestHasherSlotsUnderConcurrency(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(2, nil)
	var freed atomic.Int32
	h.free = func() { freed.Add(1) }
	phc, err := h.Hash(ctx, "пароль один")
	if err != nil {
		t.Fatal(err)
	}
	code, err := h.HashCode(ctx, "ABCD-EFGH")
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var idle sync.WaitGroup
	idle.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
				h.idleFree()
				time.Sleep(time.Millisecond)
			}
		}
	})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 3 {
				p, pw := phc, "пароль один"
				if (g+i)%2 == 1 {
					p, pw = code, "ABCD-EFGH"
				}
				if ok, err := h.Verify(ctx, p, pw); !ok || err != nil {
					t.Errorf("Verify(right) = %v, %v", ok, err)
				}
				if ok, err := h.Verify(ctx, p, pw+"x"); ok || err != nil {
					t.Errorf("Verify(wrong) = %v, %v", ok, err)
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	idle.Wait()

	// Both slots taken: a hash whose context ends while it waits leaves.
	a, _ := h.acquire(ctx)
	b, _ := h.acquire(ctx)
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := h.Verify(cctx, phc, "пароль один"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Verify while the slots are taken, context ended: %v", err)
	}
	h.release(a)
	h.release(b)
	if n := len(h.slots); n != cap(h.slots) {
		t.Errorf("%d of %d slots free at the end", n, cap(h.slots))
	}
}

// A stored hash with other parameters than today's (less memory, more
// passes, two lanes) verifies in a slot's memory that a password's hash
// has left dirty, with x/crypto's key.
func TestHasherVerifiesOtherParametersInUsedMemory(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(1, nil)
	if _, err := h.Hash(ctx, "leaves the slot dirty"); err != nil {
		t.Fatal(err)
	}
	salt := []byte("0123456789abcdef")
	enc := base64.RawStdEncoding
	for _, c := range []struct {
		m, t uint32
		p    uint8
	}{{12 * 1024, 3, 2}, {8*1024 + 7, 1, 1}, {argonMemory, 1, 4}} {
		key := xargon2.IDKey([]byte("old"), salt, c.t, c.m, c.p, 32)
		phc := fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", c.m, c.t, c.p, enc.EncodeToString(salt), enc.EncodeToString(key))
		if ok, err := h.Verify(ctx, phc, "old"); !ok || err != nil {
			t.Errorf("%+v: Verify = %v, %v", c, ok, err)
		}
		if ok, err := h.Verify(ctx, phc, "olD"); ok || err != nil {
			t.Errorf("%+v: a wrong password: Verify = %v, %v", c, ok, err)
		}
	}
}
