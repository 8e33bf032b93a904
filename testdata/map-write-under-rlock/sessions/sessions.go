// Package sessions touches the last-seen time of a session while only read-locked.
package sessions

import (
	"sync"
	"time"
)

var (
	mu       sync.RWMutex
	lastSeen = map[string]time.Time{}
)

func Touch(id string) bool {
	mu.RLock()
	defer mu.RUnlock()
	if _, ok := lastSeen[id]; !ok {
		return false
	}
	lastSeen[id] = time.Now() // want `lastSeen is written while holding only the read lock mu`
	return true
}

type Store struct {
	sync.RWMutex
	hits map[string]int
}

// Hit uses the embedded RWMutex; the counter bump is a write.
func (s *Store) Hit(id string) int {
	s.RLock()
	defer s.RUnlock()
	hits := s.hits // an alias of the shared map
	hits[id]++     // want `hits is written while holding only the read lock s.RWMutex`
	return hits[id]
}
