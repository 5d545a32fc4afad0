package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"kabinet/third_party/argon2"
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
//
// Each of those slots keeps its hash's working memory for the next hash
// (third_party/argon2, x/crypto's argon2 taking a caller's memory): with
// x/crypto's, every hash allocated 19 MiB afresh, so a burst of sign-ins
// made the collector run every few hashes, and the pages it gave back
// were faulted in again by the next hashes (1 000–3 000 faults a hash).
// A hash in kept memory allocates nothing and faults nothing.
type Hasher struct {
	// slots holds the free slots; a hash takes one for its duration.
	slots chan *slot
	dummy string // verified for unknown logins so timing reveals nothing
	// idle gives the slots' memory back to the system a second after the
	// last hash ends, unless a hash runs by then (idleFree): between
	// bursts the server holds none of it.
	idle *time.Timer
	free func() // debug.FreeOSMemory; tests count it
	// waited is told how long each hash queued for a free slot (the
	// metrics' argon2 queue wait); nil when nobody listens.
	waited func(time.Duration)
}

// slot is one hash at a time and the memory it keeps between hashes.
type slot struct {
	mem argon2.Memory // nil until a hash needs it, and after idleFree
}

// NewHasher returns a hasher allowing concurrency parallel hashes; waited,
// when not nil, is told how long each hash queued.
func NewHasher(concurrency int, waited func(time.Duration)) *Hasher {
	if concurrency < 1 {
		concurrency = 1
	}
	h := &Hasher{slots: make(chan *slot, concurrency), free: debug.FreeOSMemory, waited: waited}
	for range concurrency {
		h.slots <- &slot{}
	}
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
	s, err := h.acquire(ctx)
	if err != nil {
		return "", err
	}
	key := argon2.IDKeyIn(s.memory(memory), []byte(pw), salt, time, memory, argonThreads, argonKeyLen)
	h.release(s)
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
	s, err := h.acquire(ctx)
	if err != nil {
		return false, err
	}
	got := argon2.IDKeyIn(s.memory(mem), []byte(pw), salt, t, mem, p, uint32(len(want)))
	h.release(s)
	return match && subtle.ConstantTimeCompare(got, want) == 1, nil
}

// memory returns the slot's kept memory for a hash of memory KiB,
// making it at the first hash after idleFree. A hash asking for more than
// a password's (a stronger hash stored earlier) gets nil: argon2 then
// allocates for that hash alone, and the slot keeps no more than 19 MiB.
func (s *slot) memory(memory uint32) argon2.Memory {
	if memory > argonMemory {
		return nil
	}
	if s.mem == nil {
		s.mem = argon2.NewMemory(argonMemory)
	}
	return s.mem
}

// idleFree gives the slots' memory back to the system unless a hash runs.
// It takes every slot first, so that no hash starts while it drops their
// memory; a hash that comes meanwhile waits for it, microseconds.
func (h *Hasher) idleFree() {
	taken := make([]*slot, 0, cap(h.slots))
	defer func() {
		for _, s := range taken {
			h.slots <- s
		}
	}()
	for range cap(h.slots) {
		select {
		case s := <-h.slots:
			taken = append(taken, s)
		default:
			return // a hash runs: the burst goes on
		}
	}
	for _, s := range taken {
		s.mem = nil
	}
	h.free()
}

// release ends a hash; the last one of a burst arms the idle timer.
func (h *Hasher) release(s *slot) {
	h.slots <- s
	if len(h.slots) == cap(h.slots) {
		h.idle.Reset(time.Second)
	}
}

// acquire waits for a free slot.
func (h *Hasher) acquire(ctx context.Context) (*slot, error) {
	select {
	case s := <-h.slots: // a free slot: no wait to time
		h.observe(0)
		return s, nil
	default:
	}
	began := time.Now()
	select {
	case s := <-h.slots:
		h.observe(time.Since(began))
		return s, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (h *Hasher) observe(d time.Duration) {
	if h.waited != nil {
		h.waited(d)
	}
}
