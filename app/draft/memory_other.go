//go:build !(js && wasm)

package draft

import (
	"strings"
	"sync"
)

// platformBackend is memory outside the browser: the same Store, for tests.
func platformBackend() backend { return &memory{m: map[string][]byte{}} }

// memory stands in for IndexedDB.
type memory struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (m *memory) get(key string) ([]byte, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.m[key]
	return v, ok, nil
}

func (m *memory) put(key string, val []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.m[key] = append([]byte(nil), val...)
	return nil
}

func (m *memory) del(key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.m, key)
	return nil
}

func (m *memory) delPrefix(prefix string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k := range m.m {
		if strings.HasPrefix(k, prefix) {
			delete(m.m, k)
		}
	}
	return nil
}

func (m *memory) clear() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	clear(m.m)
	return nil
}
