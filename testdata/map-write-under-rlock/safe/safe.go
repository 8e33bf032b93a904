// Package safe writes its maps under the write lock, upgrades properly, and copies into
// maps of its own under the read lock.
package safe

import "sync"

type Memo struct {
	mu    sync.RWMutex
	items map[string][]byte
	load  func(string) []byte
}

// Get releases the read lock and takes the write lock before filling the memo.
func (m *Memo) Get(key string) []byte {
	m.mu.RLock()
	v, ok := m.items[key]
	m.mu.RUnlock()
	if ok {
		return v
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.items[key]; ok {
		return v
	}
	v = m.load(key)
	m.items[key] = v
	return v
}

// Snapshot fills a fresh map under the read lock: nobody else can see it yet.
func (m *Memo) Snapshot() map[string][]byte {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make(map[string][]byte, len(m.items))
	for k, v := range m.items {
		out[k] = v
	}
	return out
}

// Clone copies into a new Memo while holding the source's read lock.
func (m *Memo) Clone() *Memo {
	c := &Memo{items: make(map[string][]byte), load: m.load}
	m.mu.RLock()
	defer m.mu.RUnlock()
	for k, v := range m.items {
		c.items[k] = v
	}
	return c
}

func (m *Memo) Reset() {
	m.mu.Lock()
	m.items = make(map[string][]byte)
	m.mu.Unlock()
	m.mu.RLock()
	n := len(m.items) // reads under RLock are what it is for
	m.mu.RUnlock()
	_ = n
}

// CopyInto fills the caller's map under the read lock: the lock guards m.items, not dst.
func (m *Memo) CopyInto(dst map[string][]byte) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for k, v := range m.items {
		dst[k] = v
	}
}
