// Request statistics whose critical sections lost their defer.
package stats

import (
	"sync"
	"time"
)

type Stats struct {
	mu       sync.RWMutex
	requests map[string]int
	latency  map[string]time.Duration
}

func (s *Stats) Record(route string, d time.Duration) {
	s.mu.Lock() // want `s\.mu is unlocked right after it is locked: the code after it runs without the lock \(did you mean .defer s\.mu\.Unlock\(\).\?\)`
	s.mu.Unlock()
	s.requests[route]++
	s.latency[route] += d
}

func (s *Stats) Mean(route string) time.Duration {
	s.mu.RLock() // want `s\.mu is unlocked right after it is locked`
	s.mu.RUnlock()
	n := s.requests[route]
	if n == 0 {
		return 0
	}
	return s.latency[route] / time.Duration(n)
}
