// Package loader memoises expensive lookups, but fills the memo under the read lock.
package loader

import "sync"

type Memo struct {
	mu    sync.RWMutex
	items map[string][]byte
	load  func(string) []byte
}

func (m *Memo) Get(key string) []byte {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if v, ok := m.items[key]; ok {
		return v
	}
	v := m.load(key)
	m.items[key] = v // want `m.items is written while holding only the read lock m.mu`
	return v
}

func (m *Memo) Forget(key string) {
	m.mu.RLock()
	delete(m.items, key) // want `m.items is written while holding only the read lock m.mu`
	m.mu.RUnlock()
}
