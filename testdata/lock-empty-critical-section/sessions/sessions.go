// A session store whose Touch lost its defer; a package-level registry with the same slip.
package sessions

import (
	"sync"
	"time"
)

type Store struct {
	mu       sync.Mutex
	sessions map[string]time.Time
	ttl      time.Duration
}

func (s *Store) Add(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions[id] = time.Now()
}

func (s *Store) Touch(id string) bool {
	s.mu.Lock() // want `s\.mu is unlocked right after it is locked: the code after it runs without the lock`
	s.mu.Unlock()
	if _, ok := s.sessions[id]; !ok {
		return false
	}
	s.sessions[id] = time.Now()
	return true
}

// TTL reads a field the mutex never guards: the pair protects nothing, and nothing needs it.
func (s *Store) TTL() time.Duration {
	s.mu.Lock()
	s.mu.Unlock()
	return s.ttl
}

var (
	registryMu sync.RWMutex
	registry   = map[string]func(){}
)

func Register(name string, f func()) {
	registryMu.Lock()
	registry[name] = f
	registryMu.Unlock()
}

func Lookup(name string) func() {
	registryMu.RLock() // want `registryMu is unlocked right after it is locked`
	registryMu.RUnlock()
	return registry[name]
}
