// Kabinet's tests of its changes to this copy: IDKeyIn, computing in a
// caller's memory that is not zero, gives x/crypto's IDKey byte for byte;
// a hash of one lane starts no goroutine.

package argon2

import (
	"bytes"
	"encoding/hex"
	"math/rand/v2"
	"runtime/metrics"
	"testing"

	xargon2 "golang.org/x/crypto/argon2"
)

// dirty is working memory full of garbage, as a hash leaves it.
func dirty(memory uint32, seed uint64) Memory {
	m := NewMemory(memory)
	r := rand.New(rand.NewPCG(seed, 1))
	for i := range m {
		for j := range m[i] {
			m[i][j] = r.Uint64()
		}
	}
	return m
}

// TestRFC9106Argon2idInDirtyMemory is RFC 9106's argon2id vector (5.3,
// with its secret and associated data), in memory that is not zero, on
// each block function this machine has.
func TestRFC9106Argon2idInDirtyMemory(t *testing.T) {
	want, _ := hex.DecodeString("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659")
	password := bytes.Repeat([]byte{0x01}, 32)
	salt := bytes.Repeat([]byte{0x02}, 16)
	secret := bytes.Repeat([]byte{0x03}, 8)
	data := bytes.Repeat([]byte{0x04}, 12)
	defer func(sse4, lsx bool) { useSSE4, useLSX = sse4, lsx }(useSSE4, useLSX)
	for _, simd := range []bool{true, false} {
		if !simd {
			useSSE4, useLSX = false, false
		}
		for i, m := range []Memory{nil, NewMemory(32), dirty(32, 1), dirty(64, 2)} {
			got := deriveKey(argon2id, m, password, salt, secret, data, 3, 32, 4, 32)
			if !bytes.Equal(got, want) {
				t.Errorf("simd %v, memory %d: %x, want %x", simd, i, got, want)
			}
		}
	}
}

// TestIDKeyInIsIDKey compares IDKeyIn in one reused memory with
// x/crypto's IDKey, the reference, over random passwords, salts and
// parameters, the product's own among them (19 MiB t=2 for passwords,
// 8 MiB t=1 for recovery codes).
func TestIDKeyInIsIDKey(t *testing.T) {
	type params struct {
		time, memory uint32
		threads      uint8
	}
	cases := []params{{2, 19 * 1024, 1}, {1, 8 * 1024, 1}, {2, 19 * 1024, 1}, {1, 8 * 1024, 1}}
	r := rand.New(rand.NewPCG(7, 7))
	for range 40 {
		cases = append(cases, params{1 + r.Uint32N(3), 8 + r.Uint32N(2048), uint8(1 + r.UintN(4))})
	}
	m := dirty(19*1024, 3)
	for i, c := range cases {
		password := make([]byte, r.IntN(64))
		salt := make([]byte, 8+r.IntN(24))
		for _, b := range [][]byte{password, salt} {
			for j := range b {
				b[j] = byte(r.Uint32())
			}
		}
		keyLen := 4 + r.Uint32N(60)
		want := xargon2.IDKey(password, salt, c.time, c.memory, c.threads, keyLen)
		if got := IDKeyIn(m, password, salt, c.time, c.memory, c.threads, keyLen); !bytes.Equal(got, want) {
			t.Fatalf("case %d %+v: %x, want %x", i, c, got, want)
		}
		if got := IDKey(password, salt, c.time, c.memory, c.threads, keyLen); !bytes.Equal(got, want) {
			t.Fatalf("case %d %+v, IDKey: %x, want %x", i, c, got, want)
		}
	}
	// Memory too short for the parameters: IDKeyIn takes its own.
	want := xargon2.IDKey([]byte("pw"), []byte("saltsalt"), 1, 1024, 1, 32)
	if got := IDKeyIn(dirty(512, 4), []byte("pw"), []byte("saltsalt"), 1, 1024, 1, 32); !bytes.Equal(got, want) {
		t.Fatalf("short memory: %x, want %x", got, want)
	}
}

// BenchmarkIDKeyIn compares the product's password hash in reused memory
// with IDKey's fresh memory for each.
func BenchmarkIDKeyIn(b *testing.B) {
	pw, salt := []byte("password"), []byte("0123456789abcdef")
	b.Run("reused", func(b *testing.B) {
		m := NewMemory(19 * 1024)
		b.ReportAllocs()
		for b.Loop() {
			IDKeyIn(m, pw, salt, 2, 19*1024, 1, 32)
		}
	})
	b.Run("x/crypto", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			xargon2.IDKey(pw, salt, 2, 19*1024, 1, 32)
		}
	})
}

// A hash of one lane runs on its caller's goroutine: it starts none (x/crypto
// started one for each of its eight segments), and gives the same key.
func TestOneLaneStartsNoGoroutine(t *testing.T) {
	created := func() uint64 {
		s := []metrics.Sample{{Name: "/sched/goroutines-created:goroutines"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	m := NewMemory(1024)
	password, salt := []byte("пароль"), []byte("0123456789abcdef")
	before := created()
	got := IDKeyIn(m, password, salt, 2, 1024, 1, 32)
	if n := created() - before; n != 0 {
		t.Errorf("a hash of one lane started %d goroutines", n)
	}
	if want := xargon2.IDKey(password, salt, 2, 1024, 1, 32); !bytes.Equal(got, want) {
		t.Errorf("key %x, want x/crypto's %x", got, want)
	}
	// Two lanes still run in parallel.
	before = created()
	IDKeyIn(m, password, salt, 2, 1024, 2, 32)
	if n := created() - before; n == 0 {
		t.Error("a hash of two lanes started no goroutine")
	}
}
