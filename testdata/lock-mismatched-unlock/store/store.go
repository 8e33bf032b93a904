// A key-value store whose unlocks were copied from the wrong kind of method.
package store

import (
	"errors"
	"sync"
)

var ErrNotFound = errors.New("not found")

type Store struct {
	mu   sync.RWMutex
	data map[string]string
	gets int
}

func (s *Store) Get(key string) (string, error) {
	s.mu.RLock()
	defer s.mu.Unlock() // want `s\.mu is read-locked \(RLock at line 18\) but released with defer s\.mu\.Unlock\(\): fatal error "sync: Unlock of unlocked RWMutex"`
	v, ok := s.data[key]
	if !ok {
		return "", ErrNotFound
	}
	return v, nil
}

func (s *Store) Put(key, value string) {
	s.mu.Lock()
	defer s.mu.RUnlock() // want `s\.mu is write-locked \(Lock at line 28\) but released with defer s\.mu\.RUnlock\(\): fatal error "sync: RUnlock of unlocked RWMutex"`
	s.data[key] = value
}

func (s *Store) Delete(key string) bool {
	s.mu.Lock()
	if _, ok := s.data[key]; !ok {
		s.mu.Unlock()
		return false
	}
	delete(s.data, key)
	s.mu.RUnlock() // want `s\.mu is write-locked \(Lock at line 34\) but released with s\.mu\.RUnlock\(\)`
	return true
}

func (s *Store) Keys() []string {
	s.mu.RLock()
	defer func() {
		s.mu.Unlock() // want `s\.mu is read-locked \(RLock at line 45\) but released with defer s\.mu\.Unlock\(\)`
	}()
	keys := make([]string, 0, len(s.data))
	for k := range s.data {
		keys = append(keys, k)
	}
	return keys
}

var (
	routesMu sync.RWMutex
	routes   = map[string]int{}
)

func Lookup(path string) int {
	for i := 0; i < 3; i++ {
		routesMu.RLock()
		n, ok := routes[path]
		routesMu.Unlock() // want `routesMu is read-locked \(RLock at line 63\) but released with routesMu\.Unlock\(\)`
		if ok {
			return n
		}
		path = "/"
	}
	return 0
}
