package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters from the design: m = 19 MiB, t = 2, p = 1.
const (
	argonMemory  = 19 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// Hasher hashes and verifies passwords with argon2id, at most
// `concurrency` at a time (each takes 19 MiB and a core for ~30 ms, so an
// unbounded burst of sign-ins would exhaust memory, not just CPU).
type Hasher struct {
	sem   chan struct{}
	dummy string // verified for unknown logins so timing reveals nothing
	// idle returns the hashes' memory to the system a second after the
	// last one ends: argon2 allocates its 19 MiB afresh every time (the
	// library takes no buffer), and without a collection the freed heap
	// stays resident for minutes after a burst of sign-ins. It does
	// nothing while a hash runs (idleFree): a burst whose slots never
	// all come free at once is still a burst.
	idle *time.Timer
	free func() // debug.FreeOSMemory; tests count it
	// burst is set while hashes come one after another: the collector
	// then runs only when a hash makes room (collectAt) or at the memory
	// limit (GC percent off), so the heap keeps the 19 MiB blocks between
	// hashes instead of the scavenger giving them back to the system and
	// the next hash faulting them in page by page (~2 500 faults and 7 ms
	// of kernel time a sign-in in the load run). The collector's percent from before (gcPercent) is
	// put back when the burst ends. Without a memory limit nothing bounds
	// the heap, and the percent is left alone.
	mu        sync.Mutex
	burst     bool
	gcPercent int
	// collectAt is, in a burst, the heap (its objects, garbage too) that
	// a hash's memory must fit under; when it would not, the hash first
	// collects and waits (makeRoom), so that its allocation reuses the
	// blocks of hashes that ended. Well below the memory limit: there the
	// runtime, to keep under the limit, gives free pages back to the
	// system as it takes new ones, and each hash faulted its 19 MiB in
	// again. 0 outside a burst, or when the limit is too low for it (the
	// runtime's limit alone then).
	collectAt atomic.Uint64
	gcMu      sync.Mutex // one makeRoom collection at a time
	// waited is told how long each hash queued for a free slot (the
	// metrics' argon2 queue wait); nil when nobody listens.
	waited func(time.Duration)
}

// NewHasher returns a hasher allowing concurrency parallel hashes; waited,
// when not nil, is told how long each hash queued.
func NewHasher(concurrency int, waited func(time.Duration)) *Hasher {
	if concurrency < 1 {
		concurrency = 1
	}
	h := &Hasher{sem: make(chan struct{}, concurrency), free: debug.FreeOSMemory, waited: waited}
	h.idle = time.AfterFunc(time.Hour, h.idleFree)
	h.idle.Stop()
	h.dummy, _ = h.Hash(context.Background(), "dummy password for timing")
	return h
}

// Recovery codes are argon2id-hashed too, lighter (m = 8 MiB, t = 1): they
// are 40 random bits, not chosen by a person, so no dictionary shortens
// the search, and at ~10 ms a guess one code still costs an attacker with
// the table centuries of a core; lighter, because a sign-in with one
// checks it against each of up to ten codes of the account.
const (
	codeArgonMemory = 8 * 1024 // KiB
	codeArgonTime   = 1
)

// Hash returns the PHC string of pw.
func (h *Hasher) Hash(ctx context.Context, pw string) (string, error) {
	return h.hash(ctx, pw, argonMemory, argonTime)
}

// HashCode returns the PHC string of a recovery code, with the light
// parameters; Verify checks it like a password.
func (h *Hasher) HashCode(ctx context.Context, code string) (string, error) {
	return h.hash(ctx, code, codeArgonMemory, codeArgonTime)
}

func (h *Hasher) hash(ctx context.Context, pw string, memory, time uint32) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth.Hash: %w", err)
	}
	if err := h.acquire(ctx, memory); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, time, memory, argonThreads, argonKeyLen)
	h.release()
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, memory, time, argonThreads, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// Verify reports whether pw matches the PHC string; an empty hash is
// checked against the dummy hash (and never matches), taking the same time.
func (h *Hasher) Verify(ctx context.Context, phc, pw string) (bool, error) {
	match := phc != ""
	if phc == "" {
		phc = h.dummy
	}
	var mem, t uint32
	var p uint8
	var version int
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errors.New("auth.Verify: not an argon2id hash")
	}
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil {
		return false, fmt.Errorf("auth.Verify: %w", err)
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &t, &p); err != nil {
		return false, fmt.Errorf("auth.Verify: %w", err)
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err := errors.Join(err1, err2); err != nil {
		return false, fmt.Errorf("auth.Verify: %w", err)
	}
	if err := h.acquire(ctx, mem); err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(pw), salt, t, mem, p, uint32(len(want)))
	h.release()
	return match && subtle.ConstantTimeCompare(got, want) == 1, nil
}

// idleFree returns the heap's free memory to the system unless a hash
// runs. It once ran whenever a second had passed since the slots were
// last all free, also in the middle of a burst in which they never were:
// the next hashes took their 19 MiB back from the system page by page
// (in the load run ~2 000 page faults and 4–8 ms of kernel time a
// sign-in).
func (h *Hasher) idleFree() {
	if len(h.sem) != 0 {
		return
	}
	h.mu.Lock()
	if h.burst {
		h.burst = false
		h.collectAt.Store(0)
		debug.SetGCPercent(h.gcPercent)
	}
	h.mu.Unlock()
	h.free()
}

// startBurst turns the collector's percent off for a burst of hashes when
// a memory limit bounds the heap (see burst).
func (h *Hasher) startBurst() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.burst || debug.SetMemoryLimit(-1) == math.MaxInt64 {
		return
	}
	h.burst = true
	h.gcPercent = debug.SetGCPercent(-1)
	h.collectAt.Store(collectBelow(debug.SetMemoryLimit(-1), cap(h.sem)))
}

// collectBelow is collectAt for a memory limit and that many hashes at
// once: under the point where the runtime starts giving memory back
// (95 % of the limit) by 8 MiB for the rest of the runtime's (stacks,
// its own structures); 0 when that leaves no room for the hashes and one
// more (a collection before every hash would free nothing).
func collectBelow(limit int64, hashes int) uint64 {
	at := limit/100*95 - 8<<20
	if at < int64(hashes+1)*argonMemory<<10 {
		return 0
	}
	return uint64(at)
}

// makeRoom, in a burst, collects before a hash whose memory (KiB) would
// take the heap's objects past collectAt, and waits for the collection:
// the blocks of the hashes that ended are then free, and this hash's
// allocation takes one of them, in pages already in place, instead of
// growing the heap. One collection at a time; a hash that waited for
// another's looks again.
func (h *Hasher) makeRoom(memory uint32) {
	at := h.collectAt.Load()
	if at == 0 {
		return
	}
	h.gcMu.Lock()
	defer h.gcMu.Unlock()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() == metrics.KindUint64 && sample[0].Value.Uint64()+uint64(memory)<<10 > at {
		runtime.GC()
	}
}

// release ends a hash; the last one of a burst arms the idle timer.
func (h *Hasher) release() {
	<-h.sem
	if len(h.sem) == 0 {
		h.idle.Reset(time.Second)
	}
}

// acquire takes a slot for a hash of memory KiB.
func (h *Hasher) acquire(ctx context.Context, memory uint32) error {
	h.startBurst()
	select {
	case h.sem <- struct{}{}: // a free slot: no wait to time
		h.observe(0)
	default:
		began := time.Now()
		select {
		case h.sem <- struct{}{}:
			h.observe(time.Since(began))
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	h.makeRoom(memory)
	return nil
}

func (h *Hasher) observe(d time.Duration) {
	if h.waited != nil {
		h.waited(d)
	}
}
